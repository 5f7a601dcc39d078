// Encapsulation argument parsers.
#include "encap_args.hh"

#include "snf/click/config_string.hh"

namespace snf::click {

namespace {
struct ProtocolName {
    const char* name;
    uint8_t number;
};
// Click's IP protocol names (NameInfo T_IP_PROTO).
constexpr ProtocolName protocol_names[] = {
    {"icmp", 1}, {"igmp", 2}, {"ipip", 4},  {"tcp", 6},   {"udp", 17},   {"ipv6", 41},
    {"gre", 47}, {"esp", 50}, {"ah", 51},   {"icmp6", 58}, {"sctp", 132}, {"udplite", 136},
};
}  // namespace

bool EncapDestinationArg::parse(std::string_view text, EncapDestination& result, const ArgContext& ctx) const {
    if (unquote(text) == "DST_ANNO") {
        result.from_annotation = true;
        result.address = IPAddress();
        return true;
    }
    IPAddress address;
    if (!IPAddressArg().parse(text, address, ctx))
        return false;
    result.from_annotation = false;
    result.address = address;
    return true;
}

bool IPProtocolArg::parse(std::string_view text, uint8_t& result, const ArgContext& ctx) const {
    std::string word = unquote(text);
    for (const ProtocolName& p : protocol_names)
        if (word == p.name) {
            result = p.number;
            return true;
        }
    if (!word.empty() && word[0] >= '0' && word[0] <= '9')
        return IntArg().parse(word, result, ctx);
    ctx.error("expected IP protocol");
    return false;
}

}  // namespace snf::click
