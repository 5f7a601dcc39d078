// ToDevice: packet socket sends, from a pulling task or on push.
#include "to_device.hh"

#include <sys/socket.h>
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

ToDevice::SendResult ToDevice::send(Packet* p) {
    if (p->length() < 14) {
        ++drops_;
        p->kill();
        return SendResult::dropped;
    }
    ssize_t r;
    do
        r = ::send(fd_, p->data(), p->length(), MSG_DONTWAIT);
    while (r < 0 && errno == EINTR);
    if (r >= 0) {
        ++count_;
        p->kill();
        return SendResult::sent;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK)
        return SendResult::retry_later;
    // ENOBUFS (device queue full), EMSGSIZE (longer than the MTU), ENETDOWN, ...
    ++drops_;
    p->kill();
    return SendResult::dropped;
}

void ToDevice::push(int, Packet* p) {
    if (send(p) == SendResult::retry_later) {
        ++drops_;
        p->kill();
    }
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
        if (send(p) == SendResult::retry_later) {
            held_ = p;
            wait_for_room();
            return sent > 0;
        }
        ++sent;
    }
    if (sent > 0 || !signal_ || signal_->active())
        task_.fast_reschedule();
    return sent > 0;
}

void ToDevice::add_handlers() {
    add_read_handler("count", [this] { return std::to_string(count_); });
    add_read_handler("drops", [this] { return std::to_string(drops_); });
    add_write_handler("reset_counts", [this](const std::string&, ErrorHandler*) {
        count_ = drops_ = 0;
        return 0;
    }, Handler::button);
    add_read_handler("dev_name", [this] { return ifname_; }, Handler::calm);
    if (input_is_pull(0))
        add_task_handlers(&task_);
}

SNF_EXPORT_ELEMENT(ToDevice)

}  // namespace snf::click
