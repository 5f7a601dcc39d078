// Argument parsers shared by the encapsulating elements (IPEncap, UDPIPEncap): a
// destination that is either an address or "DST_ANNO", and an IP protocol given as a
// number or one of Click's protocol names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "snf/click/args.hh"

namespace snf::click {

struct EncapDestination {
    bool from_annotation = false;  // "DST_ANNO": use each packet's destination IP annotation
    IPAddress address;

    std::string unparse() const { return from_annotation ? "DST_ANNO" : address.unparse(); }
};

// "DST_ANNO" or an IP address (parsed by IPAddressArg, so its errors and name lookups
// apply).
struct EncapDestinationArg {
    bool parse(std::string_view text, EncapDestination& result, const ArgContext& ctx) const;
};

// 0-255 or a protocol name: icmp, igmp, ipip, tcp, udp, gre, esp, ah, icmp6, sctp, ...
struct IPProtocolArg {
    bool parse(std::string_view text, uint8_t& result, const ArgContext& ctx) const;
};

}  // namespace snf::click
