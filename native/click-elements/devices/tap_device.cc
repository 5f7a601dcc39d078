// TapDevice: creation through TUNSETIFF, settings through interface ioctls, one shared
// instance per name.
#include "tap_device.hh"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>

namespace snf::click {

namespace {

std::mutex registry_mutex;
std::map<std::string, std::weak_ptr<TapDevice>>& registry() {
    static std::map<std::string, std::weak_ptr<TapDevice>> devices;
    return devices;
}

// Runs one interface ioctl on a temporary datagram socket; 0 or -errno.
int interface_ioctl(unsigned long request, ifreq& ifr) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return -errno;
    int r = ioctl(s, request, &ifr) < 0 ? -errno : 0;
    close(s);
    return r;
}

void name_ifreq(ifreq& ifr, const std::string& name) {
    std::memset(&ifr, 0, sizeof ifr);
    std::memcpy(ifr.ifr_name, name.data(), std::min(name.size(), std::size_t(IFNAMSIZ - 1)));
}

}  // namespace

std::shared_ptr<TapDevice> TapDevice::open(const std::string& name, std::string& error) {
    if (name.empty() || name.size() >= IFNAMSIZ) {
        error = "device name '" + name + "' must have 1 to 15 characters";
        return nullptr;
    }
    std::lock_guard<std::mutex> lock(registry_mutex);
    auto& devices = registry();
    if (auto it = devices.find(name); it != devices.end())
        if (auto existing = it->second.lock())
            return existing;
    int fd = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        error = std::string("/dev/net/tun: ") + std::strerror(errno);
        return nullptr;
    }
    ifreq ifr;
    name_ifreq(ifr, name);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        error = name + ": TUNSETIFF: " + std::strerror(errno);
        close(fd);
        return nullptr;
    }
    const int ifindex = int(if_nametoindex(name.c_str()));
    std::shared_ptr<TapDevice> device(new TapDevice(name, fd, ifindex));
    devices[name] = device;
    return device;
}

TapDevice::~TapDevice() {
    {
        std::lock_guard<std::mutex> lock(registry_mutex);
        auto& devices = registry();
        if (auto it = devices.find(name_); it != devices.end() && it->second.expired())
            devices.erase(it);
    }
    if (fd_ >= 0)
        close(fd_);
}

int TapDevice::set_ether_address(const EtherAddress& address) {
    ifreq ifr;
    name_ifreq(ifr, name_);
    ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    std::memcpy(ifr.ifr_hwaddr.sa_data, address.bytes.data(), 6);
    return interface_ioctl(SIOCSIFHWADDR, ifr);
}

int TapDevice::set_ip_prefix(const IPPrefix& prefix) {
    ifreq ifr;
    name_ifreq(ifr, name_);
    sockaddr_in sin;
    std::memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = prefix.address.addr;
    std::memcpy(&ifr.ifr_addr, &sin, sizeof sin);
    if (int r = interface_ioctl(SIOCSIFADDR, ifr); r < 0)
        return r;
    name_ifreq(ifr, name_);
    sin.sin_addr.s_addr = prefix.mask.addr;
    std::memcpy(&ifr.ifr_netmask, &sin, sizeof sin);
    return interface_ioctl(SIOCSIFNETMASK, ifr);
}

int TapDevice::set_up() {
    ifreq ifr;
    name_ifreq(ifr, name_);
    if (int r = interface_ioctl(SIOCGIFFLAGS, ifr); r < 0)
        return r;
    if (ifr.ifr_flags & IFF_UP)
        return 0;
    ifr.ifr_flags |= IFF_UP;
    return interface_ioctl(SIOCSIFFLAGS, ifr);
}

int TapDevice::mtu() const {
    ifreq ifr;
    name_ifreq(ifr, name_);
    if (int r = interface_ioctl(SIOCGIFMTU, ifr); r < 0)
        return r;
    return ifr.ifr_mtu;
}

int TapDevice::drop_transmitted_frames() {
    // A transmit filter that accepts one address nobody sends to (00:00:00:00:00:00) and
    // no multicast group: the driver drops every frame after the packet taps saw it.
    alignas(tun_filter) unsigned char storage[sizeof(tun_filter) + 6] = {};
    auto* filter = reinterpret_cast<tun_filter*>(storage);
    filter->flags = 0;
    filter->count = 1;
    if (ioctl(fd_, TUNSETTXFILTER, filter) < 0)
        return -errno;
    return 0;
}

bool TapDevice::set_conf(const char* family, const char* setting, const char* value) const {
    std::ofstream out(std::string("/proc/sys/net/") + family + "/conf/" + name_ + "/" + setting);
    if (!out)
        return false;
    out << value << '\n';
    out.flush();
    return bool(out);
}

}  // namespace snf::click
