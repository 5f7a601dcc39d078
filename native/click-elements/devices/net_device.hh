// Linux network interfaces as the device elements name them: by interface name, or, as
// Click's kernel driver allows, by Ethernet address (a literal such as 00:50:ba:85:84:a9
// or an AddressInfo name such as extern:eth), in which case the interface that has that
// address is used. Lookups see the interfaces of the calling thread's network namespace.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "snf/click/net_address.hh"

namespace snf::click {

class Element;

struct NetDevice {
    std::string name;
    int ifindex = 0;
    EtherAddress address;
};

// The interface called `name`, or nullopt.
std::optional<NetDevice> find_device_by_name(std::string_view name);
// The first interface (in index order) whose hardware address is `address`, or nullopt.
std::optional<NetDevice> find_device_by_address(const EtherAddress& address);

// Resolves a DEVNAME argument: an interface of that name wins; otherwise the text is
// parsed as an Ethernet address (AddressInfo names resolve relative to `context`) and
// the interface with that address is returned. On failure `why` says what was missing
// ("no device named 'x'", "no device with Ethernet address ...").
std::optional<NetDevice> resolve_device(std::string_view devname, const Element* context, std::string& why);

// The hardware address of interface `name`.
std::optional<EtherAddress> device_ether_address(std::string_view name);

// Turns IFF_UP on for interface `name`. Returns 0 or a negative errno.
int set_device_up(std::string_view name);

}  // namespace snf::click
