// The addresses of this host's network devices, which Click uses as defaults for names
// no AddressInfo defines ("eth0" as an address means eth0's primary IPv4 address).
// Internal to the runtime; the device list read from the system is reused for up to a
// second, so a change to a device shows within that time.
#pragma once

#include <optional>
#include <string_view>

#include "snf/click/net_address.hh"

namespace snf::click::devices {

// The first IPv4 address of device `name`.
std::optional<IPAddress> ip_address(std::string_view name);
// That address with its netmask.
std::optional<IPPrefix> ip_prefix(std::string_view name);
// The device's Ethernet (or 802.11) hardware address.
std::optional<EtherAddress> ether_address(std::string_view name);
// The gateway of the default route through the device.
std::optional<IPAddress> default_gateway(std::string_view name);

}  // namespace snf::click::devices
