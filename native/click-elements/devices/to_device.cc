// ToDevice: packet socket sends, from a pulling task or on push.
#include "to_device.hh"

#include <unistd.h>

#include <cerrno>

#include "devices/net_device.hh"
#include "devices/packet_socket.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/notifier.hh"
#include "snf/click/router.hh"

namespace snf::click {

ToDevice::ToDevice() : task_(this) {}

int ToDevice::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string devname;
    uint32_t burst = 16;
    if (Args(conf, this, errh)
            .read_mp("DEVNAME", WordArg(), devname)
            .read_p("BURST", burst)
            .complete() < 0)
        return -EINVAL;
    if (burst == 0)
        return errh->error("BURST: must be at least 1");
    devname_ = devname;
    burst_ = burst;
    return 0;
}

int ToDevice::initialize(ErrorHandler* errh) {
    std::string why;
    auto device = resolve_device(devname_, this, why);
    if (!device)
        return errh->error(why);
    ifname_ = device->name;
    fd_ = open_packet_socket(device->ifindex, PacketSocketUse::send_only, why);
    if (fd_ < 0)
        return errh->error(ifname_ + ": " + why);
    if (input_is_pull(0)) {
        task_.initialize(this, true);
        signal_ = input(0).element()->empty_signal(input(0).port());
        if (signal_)
            signal_->add_listener(&task_);
    }
    return 0;
}

void ToDevice::cleanup(CleanupStage) {
    if (held_) {
        held_->kill();
        held_ = nullptr;
    }
    if (fd_ >= 0) {
        if (router())
            router()->scheduler().remove_select(fd_);
        close(fd_);
        fd_ = -1;
    }
}

void ToDevice::push(int, Packet* p) {
    // A pushed packet cannot wait for room: a full socket drops it too.
    counters_.record(write_frame(fd_, p));
    p->kill();
}

void ToDevice::wait_for_room() {
    router()->scheduler().set_select(fd_, Scheduler::select_write, [this](int, int) { room_available(); });
}

void ToDevice::room_available() {
    router()->scheduler().remove_select(fd_);
    task_.reschedule();
}

bool ToDevice::run_task(Task*) {
    uint32_t sent = 0;
    while (sent < burst_) {
        Packet* p = held_ ? held_ : input(0).pull();
        held_ = nullptr;
        if (!p)
            break;
        const FrameWrite result = write_frame(fd_, p);
        if (result == FrameWrite::queue_full) {
            held_ = p;
            wait_for_room();
            return sent > 0;
        }
        // Sent, or refused for good (ENOBUFS: the device's queue is full; EMSGSIZE: longer
        // than the MTU; ENETDOWN; shorter than an Ethernet header) and dropped.
        counters_.record(result);
        p->kill();
        ++sent;
    }
    if (sent > 0 || !signal_ || signal_->active())
        task_.fast_reschedule();
    return sent > 0;
}

void ToDevice::add_handlers() {
    counters_.add_handlers(this);
    add_read_handler("dev_name", [this] { return ifname_; }, Handler::calm);
    if (input_is_pull(0))
        add_task_handlers(&task_);
}

SNF_EXPORT_ELEMENT(ToDevice)

}  // namespace snf::click
