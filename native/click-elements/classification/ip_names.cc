// Name tables for IP classification expressions.
#include "classification/ip_names.hh"

#include <algorithm>
#include <iterator>

namespace snf::click::classification {

namespace {

struct NamedValue {
    std::string_view name;
    uint32_t value;
};

constexpr NamedValue ip_protocols[] = {
    {"icmp", ip_proto_icmp}, {"igmp", ip_proto_igmp},       {"ipip", ip_proto_ipip},
    {"tcp", ip_proto_tcp},   {"tcpudp", ip_proto_tcp_or_udp}, {"transp", ip_proto_transp},
    {"udp", ip_proto_udp},
};

// Click's static port table (the same for TCP and UDP); "http" is what the services
// database adds for the most common alias.
constexpr NamedValue ports[] = {
    {"auth", 113},        {"bootpc", 68},       {"bootps", 67},       {"chargen", 19},   {"daytime", 13},
    {"discard", 9},       {"dns", 53},          {"domain", 53},       {"echo", 7},       {"finger", 79},
    {"ftp", 21},          {"ftp-data", 20},     {"http", 80},         {"https", 443},    {"imap3", 220},
    {"imaps", 993},       {"irc", 194},         {"netbios-dgm", 138}, {"netbios-ns", 137}, {"netbios-ssn", 139},
    {"nntp", 119},        {"ntp", 123},         {"pop3", 110},        {"pop3s", 995},    {"rip", 520},
    {"route", 520},       {"smtp", 25},         {"snmp", 161},        {"snmp-trap", 162}, {"ssh", 22},
    {"sunrpc", 111},      {"telnet", 23},       {"tftp", 69},         {"www", 80},
};

constexpr NamedValue tcp_options[] = {
    {"ack", 0x10}, {"fin", 0x01}, {"psh", 0x08}, {"rst", 0x04}, {"syn", 0x02}, {"urg", 0x20},
};

constexpr NamedValue icmp_types[] = {
    {"echo", 8},           {"echo-reply", 0},     {"inforeq", 15},          {"inforeq-reply", 16},
    {"maskreq", 17},       {"maskreq-reply", 18}, {"parameterproblem", 12}, {"redirect", 5},
    {"routeradvert", 9},   {"routersolicit", 10}, {"sourcequench", 4},      {"timeexceeded", 11},
    {"timestamp", 13},     {"timestamp-reply", 14}, {"unreachable", 3},
};

template <std::size_t N>
std::optional<uint32_t> find(const NamedValue (&table)[N], std::string_view name) {
    auto it = std::find_if(std::begin(table), std::end(table), [&](const NamedValue& e) { return e.name == name; });
    if (it == std::end(table))
        return std::nullopt;
    return it->value;
}

}  // namespace

std::optional<uint32_t> lookup_name(NameKind kind, std::string_view name) {
    switch (kind) {
    case NameKind::ip_protocol:
        return find(ip_protocols, name);
    case NameKind::tcp_port:
    case NameKind::udp_port:
        return find(ports, name);
    case NameKind::tcp_option:
        return find(tcp_options, name);
    case NameKind::icmp_type:
        return find(icmp_types, name);
    }
    return std::nullopt;
}

}  // namespace snf::click::classification
