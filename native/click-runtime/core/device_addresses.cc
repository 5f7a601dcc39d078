// Device addresses from getifaddrs(3) and the default route from /proc/net/route.
#include "device_addresses.hh"

#include <ifaddrs.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <sys/socket.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace snf::click::devices {
namespace {

// Calls `visit` for each address of device `name` until it returns true.
template <typename Visit>
bool for_each_address(std::string_view name, Visit visit) {
    if (name.empty())
        return false;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0)
        return false;
    bool found = false;
    for (ifaddrs* ifa = list; ifa && !found; ifa = ifa->ifa_next)
        if (ifa->ifa_addr && ifa->ifa_name && name == ifa->ifa_name)
            found = visit(*ifa);
    freeifaddrs(list);
    return found;
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
