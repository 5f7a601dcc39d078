// Text forms of flow keys and addresses, as Click prints them in mapping tables.
#include "rewriter/flow_key.hh"

namespace snf::click::rewriter {

std::string unparse_ip(uint32_t network_order) {
    uint32_t h = host32(network_order);
    return std::to_string(h >> 24) + '.' + std::to_string((h >> 16) & 255) + '.' + std::to_string((h >> 8) & 255) +
           '.' + std::to_string(h & 255);
}

std::string FlowKey::unparse() const {
    return '(' + unparse_ip(saddr) + ", " + std::to_string(host16(sport)) + ", " + unparse_ip(daddr) + ", " +
           std::to_string(host16(dport)) + ')';
}

}  // namespace snf::click::rewriter
