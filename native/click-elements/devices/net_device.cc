// Interface lookups through if_nameindex() and SIOCGIFHWADDR.
#include "net_device.hh"

#include <net/if.h>
#include <net/if_arp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "snf/click/args.hh"
#include "snf/click/error_handler.hh"

namespace snf::click {

namespace {

// A datagram socket for interface ioctls, closed on scope exit.
class IoctlSocket {
public:
    IoctlSocket() : fd_(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {}
    ~IoctlSocket() {
        if (fd_ >= 0)
            close(fd_);
    }
    IoctlSocket(const IoctlSocket&) = delete;
    IoctlSocket& operator=(const IoctlSocket&) = delete;
    int fd() const noexcept { return fd_; }

private:
    int fd_;
};

bool fill_ifreq(ifreq& ifr, std::string_view name) {
    if (name.empty() || name.size() >= IFNAMSIZ)
        return false;
    std::memset(&ifr, 0, sizeof ifr);
    std::memcpy(ifr.ifr_name, name.data(), name.size());
    return true;
}

}  // namespace

std::optional<EtherAddress> device_ether_address(std::string_view name) {
    ifreq ifr;
    if (!fill_ifreq(ifr, name))
        return std::nullopt;
    IoctlSocket s;
    if (s.fd() < 0 || ioctl(s.fd(), SIOCGIFHWADDR, &ifr) < 0)
        return std::nullopt;
    // Only Ethernet-like links have a six-byte address worth comparing.
    if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER)
        return std::nullopt;
    EtherAddress address;
    std::memcpy(address.bytes.data(), ifr.ifr_hwaddr.sa_data, 6);
    return address;
}

std::optional<NetDevice> find_device_by_name(std::string_view name) {
    if (name.empty() || name.size() >= IFNAMSIZ)
        return std::nullopt;
    const std::string copy(name);
    const unsigned index = if_nametoindex(copy.c_str());
    if (index == 0)
        return std::nullopt;
    NetDevice device;
    device.name = copy;
    device.ifindex = int(index);
    if (auto address = device_ether_address(copy))
        device.address = *address;
    return device;
}

std::optional<NetDevice> find_device_by_address(const EtherAddress& address) {
    struct if_nameindex* list = if_nameindex();
    if (!list)
        return std::nullopt;
    std::optional<NetDevice> found;
    for (struct if_nameindex* entry = list; entry->if_index != 0 && entry->if_name; ++entry) {
        auto candidate = device_ether_address(entry->if_name);
        if (candidate && *candidate == address) {
            found = NetDevice{entry->if_name, int(entry->if_index), *candidate};
            break;
        }
    }
    if_freenameindex(list);
    return found;
}

std::optional<NetDevice> resolve_device(std::string_view devname, const Element* context, std::string& why) {
    if (auto device = find_device_by_name(devname))
        return device;
    SilentErrorHandler silent;
    EtherAddress address;
    if (EtherAddressArg().parse(devname, address, ArgContext(context, &silent))) {
        if (auto device = find_device_by_address(address))
            return device;
        why = "no device with Ethernet address " + address.unparse();
        return std::nullopt;
    }
    why = "no device named '" + std::string(devname) + "'";
    return std::nullopt;
}

int set_device_up(std::string_view name) {
    ifreq ifr;
    if (!fill_ifreq(ifr, name))
        return -EINVAL;
    IoctlSocket s;
    if (s.fd() < 0)
        return -errno;
    if (ioctl(s.fd(), SIOCGIFFLAGS, &ifr) < 0)
        return -errno;
    if (ifr.ifr_flags & IFF_UP)
        return 0;
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(s.fd(), SIOCSIFFLAGS, &ifr) < 0)
        return -errno;
    return 0;
}

}  // namespace snf::click
