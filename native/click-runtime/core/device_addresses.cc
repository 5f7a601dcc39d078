// Device addresses from getifaddrs(3) and the default route from /proc/net/route.
#include "device_addresses.hh"

#include <ifaddrs.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <sys/socket.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>

namespace snf::click::devices {
namespace {

// One getifaddrs(3) list, reused for a short while: a configuration names many words
// that are looked up as devices, and each fresh list costs a netlink dump.
constexpr std::chrono::milliseconds snapshot_lifetime{1000};

struct Snapshot {
    ~Snapshot() {
        if (list)
            freeifaddrs(list);
    }
    std::mutex mutex;
    ifaddrs* list = nullptr;
    std::chrono::steady_clock::time_point taken;
};

Snapshot& snapshot() {
    static Snapshot shared;
    return shared;
}

// Calls `visit` for each address of device `name` until it returns true.
template <typename Visit>
bool for_each_address(std::string_view name, Visit visit) {
    // No device has an empty name or one of IFNAMSIZ bytes or more: no need to ask.
    if (name.empty() || name.size() >= IFNAMSIZ)
        return false;
    Snapshot& cached = snapshot();
    std::lock_guard<std::mutex> lock(cached.mutex);
    auto now = std::chrono::steady_clock::now();
    if (!cached.list || now - cached.taken >= snapshot_lifetime) {
        ifaddrs* list = nullptr;
        if (getifaddrs(&list) != 0)
            return false;
        if (cached.list)
            freeifaddrs(cached.list);
        cached.list = list;
        cached.taken = now;
    }
    for (ifaddrs* ifa = cached.list; ifa; ifa = ifa->ifa_next)
        if (ifa->ifa_addr && ifa->ifa_name && name == ifa->ifa_name && visit(*ifa))
            return true;
    return false;
}

}  // namespace

std::optional<IPPrefix> ip_prefix(std::string_view name) {
    std::optional<IPPrefix> result;
    for_each_address(name, [&](const ifaddrs& ifa) {
        if (ifa.ifa_addr->sa_family != AF_INET)
            return false;
        IPPrefix p;
        p.address.addr = reinterpret_cast<const sockaddr_in*>(ifa.ifa_addr)->sin_addr.s_addr;
        p.mask.addr = ifa.ifa_netmask ? reinterpret_cast<const sockaddr_in*>(ifa.ifa_netmask)->sin_addr.s_addr
                                      : 0xFFFFFFFFu;
        result = p;
        return true;
    });
    return result;
}

std::optional<IPAddress> ip_address(std::string_view name) {
    if (auto p = ip_prefix(name))
        return p->address;
    return std::nullopt;
}

std::optional<EtherAddress> ether_address(std::string_view name) {
    std::optional<EtherAddress> result;
    for_each_address(name, [&](const ifaddrs& ifa) {
        if (ifa.ifa_addr->sa_family != AF_PACKET)
            return false;
        const auto* sll = reinterpret_cast<const sockaddr_ll*>(ifa.ifa_addr);
        if ((sll->sll_hatype != ARPHRD_ETHER && sll->sll_hatype != ARPHRD_IEEE80211) || sll->sll_halen != 6)
            return false;
        EtherAddress e;
        std::memcpy(e.bytes.data(), sll->sll_addr, 6);
        result = e;
        return true;
    });
    return result;
}

std::optional<IPAddress> default_gateway(std::string_view name) {
    // Lines: Iface Destination Gateway Flags ...; addresses are hex in network order.
    std::ifstream routes("/proc/net/route");
    std::string line;
    std::getline(routes, line);
    while (std::getline(routes, line)) {
        std::istringstream fields(line);
        std::string iface, destination, gateway;
        if (!(fields >> iface >> destination >> gateway) || iface != name || destination != "00000000")
            continue;
        uint32_t value = 0;
        try {
            value = uint32_t(std::stoul(gateway, nullptr, 16));
        } catch (...) {
            continue;
        }
        if (value != 0)
            return IPAddress{value};
    }
    return std::nullopt;
}

}  // namespace snf::click::devices
