// ToHost: frames written into a (possibly shared) TAP interface.
#include "to_host.hh"

#include <cerrno>
#include <cstring>

#include "devices/from_host.hh"
#include "devices/net_device.hh"
#include "devices/tap_device.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"

namespace snf::click {

ToHost::ToHost() = default;
ToHost::~ToHost() = default;

int ToHost::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string devname;
    if (Args(conf, this, errh).read_p("DEVNAME", WordArg(), devname).complete() < 0)
        return -EINVAL;
    if (devname.size() >= 16)
        return errh->error("DEVNAME: device name '" + devname + "' is longer than 15 characters");
    devname_ = devname;
    return 0;
}

int ToHost::initialize(ErrorHandler* errh) {
    std::string name = devname_;
    if (name.empty()) {
        std::string from_host_name;
        int from_hosts = 0;
        for (int i = 0; i < router()->nelements(); ++i)
            if (void* from_host = router()->element(i)->cast("FromHost")) {
                ++from_hosts;
                from_host_name = static_cast<FromHost*>(from_host)->devname();
            }
        name = from_hosts == 1 ? from_host_name : std::string(default_devname);
    }
    std::string why;
    tap_ = TapDevice::open(name, why);
    if (!tap_)
        return errh->error(why);
    // The frames come from elsewhere; the host must not drop them for arriving on an
    // interface its routes do not point to.
    tap_->set_conf("ipv4", "rp_filter", "0");
    if (int r = tap_->set_up(); r < 0)
        return errh->error(name + ": cannot bring up: " + std::strerror(-r));
    auto address = device_ether_address(name);
    if (!address)
        return errh->error(name + ": cannot read the TAP's Ethernet address");
    tap_address_ = *address;
    return 0;
}

void ToHost::cleanup(CleanupStage) {
    tap_.reset();
}

void ToHost::push(int, Packet* p) {
    // Frames shorter than an Ethernet header are left for write_frame to refuse.
    if (p->length() >= 14 && (p->data()[0] & 1) == 0 &&
        std::memcmp(p->data(), tap_address_.bytes.data(), 6) != 0) {
        WritablePacket* q = p->uniqueify();
        if (!q) {
            ++counters_.drops;
            return;
        }
        std::memcpy(q->data(), tap_address_.bytes.data(), 6);
        p = q;
    }
    counters_.record(write_frame(tap_->fd(), p));
    p->kill();
}

void ToHost::add_handlers() {
    counters_.add_handlers(this);
    add_read_handler("dev_name", [this] { return tap_ ? tap_->name() : devname_; }, Handler::calm);
}

SNF_EXPORT_ELEMENT(ToHost)

}  // namespace snf::click
