// FromHost: a TAP interface configured from the arguments, read from a task woken by
// readiness.
#include "from_host.hh"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "devices/tap_device.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"

namespace snf::click {

namespace {
constexpr uint32_t ether_header_and_vlan = 18;
constexpr uint32_t max_headroom = 4096;
}  // namespace

FromHost::FromHost() : task_(this) {}
FromHost::~FromHost() = default;

int FromHost::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string devname;
    IPPrefix destination;
    EtherAddress ether;
    uint32_t headroom = Packet::default_headroom, burst = 8;
    Args args(conf, this, errh);
    // Asked before the reads, which mark the argument used.
    const bool have_ether = args.has_keyword("ETHER");
    args.read_mp("DEVNAME", WordArg(), devname)
        .read_p("DST", destination)
        .read("ETHER", ether)
        .read("HEADROOM", headroom)
        .read("BURST", burst);
    if (args.complete() < 0)
        return -EINVAL;
    if (devname.size() >= 16)
        return errh->error("DEVNAME: device name '" + devname + "' is longer than 15 characters");
    if (headroom > max_headroom)
        return errh->error("HEADROOM: out of range, bound 4096");
    if (burst == 0)
        return errh->error("BURST: must be at least 1");
    devname_ = devname;
    destination_.reset();
    // An all-zero prefix is what an absent DST leaves behind.
    if (destination.address.addr != 0 || destination.mask.addr != 0)
        destination_ = destination;
    ether_.reset();
    if (have_ether)
        ether_ = ether;
    headroom_ = headroom;
    burst_ = burst;
    return 0;
}

int FromHost::initialize(ErrorHandler* errh) {
    std::string why;
    tap_ = TapDevice::open(devname_, why);
    if (!tap_)
        return errh->error(why);
    if (ether_)
        if (int r = tap_->set_ether_address(*ether_); r < 0)
            return errh->error(devname_ + ": cannot set Ethernet address: " + std::strerror(-r));
    if (int r = tap_->set_up(); r < 0)
        return errh->error(devname_ + ": cannot bring up: " + std::strerror(-r));
    if (destination_)
        if (int r = tap_->set_ip_prefix(*destination_); r < 0)
            return errh->error(devname_ + ": cannot set address " + destination_->unparse() + ": " +
                               std::strerror(-r));
    const int mtu = tap_->mtu();
    frame_capacity_ = uint32_t(mtu > 0 ? mtu : 1500) + ether_header_and_vlan;
    task_.initialize(this, true);
    router()->scheduler().set_select(tap_->fd(), Scheduler::select_read, [this](int, int) { task_.reschedule(); });
    return 0;
}

void FromHost::cleanup(CleanupStage) {
    if (tap_ && router())
        router()->scheduler().remove_select(tap_->fd());
    tap_.reset();
}

bool FromHost::run_task(Task*) {
    uint32_t n = 0;
    while (n < burst_) {
        // Empty, with room for the largest frame as tailroom: nothing is cleared or
        // copied before the read fills it (and the last read of a run usually fails).
        WritablePacket* p = Packet::make(headroom_, nullptr, 0, frame_capacity_);
        if (!p)
            break;
        ssize_t r;
        do
            r = read(tap_->fd(), p->end_data(), frame_capacity_);
        while (r < 0 && errno == EINTR);
        if (r <= 0) {
            p->kill();
            break;
        }
        p->put(uint32_t(r));
        p->set_mac_header(p->data());
        p->set_timestamp_anno(Timestamp::now());
        ++n;
        ++count_;
        output(0).push(p);
    }
    if (n == burst_)
        task_.fast_reschedule();
    return n > 0;
}

void FromHost::add_handlers() {
    add_read_handler("count", [this] { return std::to_string(count_); });
    add_write_handler("reset_counts", [this](const std::string&, ErrorHandler*) {
        count_ = 0;
        return 0;
    }, Handler::button);
    add_read_handler("dev_name", [this] { return devname_; }, Handler::calm);
    add_task_handlers(&task_);
}

SNF_EXPORT_ELEMENT(FromHost)

}  // namespace snf::click
