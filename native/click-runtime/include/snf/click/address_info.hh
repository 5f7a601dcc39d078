// Address names: the mnemonics AddressInfo elements define ("AddressInfo(intern 10.0.0.1
// 10.0.0.0/8 00:50:ba:85:84:a9)") and every address argument accepts. A name may stand
// for an IPv4 address, an IPv4 prefix and an Ethernet address at once; the parser that
// looks it up decides which is meant, or a suffix says so:
//
//   IPv4 address:   NAME, NAME:ip, NAME:ip4; NAME:bcast (the broadcast address of
//                   NAME:ipnet); NAME:gw (a name defined as "NAME:gw", else the
//                   network of NAME:ipnet with its lowest bit set)
//   IPv4 prefix:    NAME, NAME:net, NAME:ipnet, NAME:ip4net
//   Ethernet:       NAME, NAME:eth, NAME:ether, NAME:ethernet
//
// As in Click, a name no AddressInfo defines may name a network device of this host:
// "eth0" then means eth0's first IPv4 address, its prefix (address and netmask) or its
// Ethernet address, and "eth0:gw" the gateway of its default route (else the first host
// of its network).
//
// Names are scoped by compound element, as in Click: a name written inside "a/b/x" is
// looked up as "a/b/NAME", then "a/NAME", then "NAME". Each router has its own names;
// AddressInfo configures before every other element (configure_phase_first), so names
// work in any element's configure() whatever the declaration order. Lookups run on the
// thread that configures or drives the router.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "snf/click/net_address.hh"

namespace snf::click {

class Element;
class Router;

// The address `name` means where `context` (the element being configured) writes it;
// nullopt for an unknown name, an unknown suffix, or no context.
std::optional<IPAddress> lookup_ip_address(const Element* context, std::string_view name);
std::optional<IPPrefix> lookup_ip_prefix(const Element* context, std::string_view name);
std::optional<EtherAddress> lookup_ether_address(const Element* context, std::string_view name);

// Definitions, made by AddressInfo elements while they are configured.
class AddressNames {
public:
    enum class Kind { ip_address, ip_prefix, ether_address };
    // "IP address", "IP prefix", "Ethernet address".
    static const char* kind_name(Kind kind) noexcept;

    // Defines `name` in the compound scope of `definer` (which must belong to a router).
    // Returns false, defining nothing, when that scope already has a `kind` for the name;
    // `first_definer` then gets where that definition was made ("file:line").
    static bool define(const Element* definer, std::string_view name, IPAddress value, std::string* first_definer);
    static bool define(const Element* definer, std::string_view name, const IPPrefix& value,
                       std::string* first_definer);
    static bool define(const Element* definer, std::string_view name, const EtherAddress& value,
                       std::string* first_definer);

    // Forgets every name defined in `router` (its AddressInfo elements call this when
    // they are destroyed with it).
    static void forget(const Router* router);
};

}  // namespace snf::click
