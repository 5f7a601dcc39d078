// The names IPClassifier and IPFilter expressions accept for numbers, as Click's
// IPNameInfo and IPFilter register them: IP protocols, TCP and UDP ports, TCP flags
// ("tcp opt") and ICMP types.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace snf::click::classification {

// Protocol numbers past 255 stand for protocol groups: either of TCP and UDP, or any
// protocol with a transport header.
inline constexpr int ip_proto_icmp = 1;
inline constexpr int ip_proto_igmp = 2;
inline constexpr int ip_proto_ipip = 4;
inline constexpr int ip_proto_tcp = 6;
inline constexpr int ip_proto_udp = 17;
inline constexpr int ip_proto_dccp = 33;
inline constexpr int ip_proto_tcp_or_udp = 256;
inline constexpr int ip_proto_transp = 257;

enum class NameKind { ip_protocol, tcp_port, udp_port, tcp_option, icmp_type };

std::optional<uint32_t> lookup_name(NameKind kind, std::string_view name);

}  // namespace snf::click::classification
