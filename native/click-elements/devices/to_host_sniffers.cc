// ToHostSniffers: a TAP per device, frames sent out of it through a packet socket.
#include "to_host_sniffers.hh"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "devices/net_device.hh"
#include "devices/packet_socket.hh"
#include "devices/tap_device.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

ToHostSniffers::ToHostSniffers() = default;
ToHostSniffers::~ToHostSniffers() = default;

std::string ToHostSniffers::sniffer_devname(const std::string& device_name) {
    if (device_name.empty())
        return "sniffers";
    return ("sn-" + device_name).substr(0, 15);
}

int ToHostSniffers::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string devname;
    if (Args(conf, this, errh).read_p("DEVNAME", WordArg(), devname).complete() < 0)
        return -EINVAL;
    devname_ = devname;
    return 0;
}

int ToHostSniffers::initialize(ErrorHandler* errh) {
    std::string why;
    std::string device_name;
    if (!devname_.empty()) {
        auto device = resolve_device(devname_, this, why);
        if (!device)
            return errh->error(why);
        device_name = device->name;
    }
    sniffer_name_ = sniffer_devname(device_name);
    tap_ = TapDevice::open(sniffer_name_, why);
    if (!tap_)
        return errh->error(why);
    // Keep the host quiet on the interface and the descriptor free of frames.
    tap_->set_conf("ipv6", "disable_ipv6", "1");
    if (int r = tap_->drop_transmitted_frames(); r < 0)
        return errh->error(sniffer_name_ + ": cannot set the transmit filter: " + std::strerror(-r));
    if (int r = tap_->set_up(); r < 0)
        return errh->error(sniffer_name_ + ": cannot bring up: " + std::strerror(-r));
    fd_ = open_packet_socket(tap_->ifindex(), PacketSocketUse::send_only, why);
    if (fd_ < 0)
        return errh->error(sniffer_name_ + ": " + why);
    return 0;
}

void ToHostSniffers::cleanup(CleanupStage) {
    if (fd_ >= 0)
        close(fd_);
    fd_ = -1;
    tap_.reset();
}

void ToHostSniffers::push(int, Packet* p) {
    counters_.record(write_frame(fd_, p));
    p->kill();
}

void ToHostSniffers::add_handlers() {
    counters_.add_handlers(this);
    add_read_handler("dev_name", [this] { return sniffer_name_; }, Handler::calm);
}

SNF_EXPORT_ELEMENT(ToHostSniffers)

}  // namespace snf::click
