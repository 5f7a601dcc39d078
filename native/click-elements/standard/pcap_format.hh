// The pcap ("tcpdump -w") file format as FromDump and ToDump use it: magic numbers,
// header sizes, link types with the names Click's ENCAP arguments give them, and the
// packet annotation that carries the bytes a capture left out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace snf::click::pcap {

constexpr uint32_t magic_usec = 0xa1b2c3d4;
constexpr uint32_t magic_nsec = 0xa1b23c4d;
constexpr uint16_t version_major = 2;
constexpr uint16_t version_minor = 4;
constexpr uint32_t file_header_size = 24;
constexpr uint32_t record_header_size = 16;

constexpr uint32_t link_ethernet = 1;
// Raw IP as written: LINKTYPE_RAW. Readers also accept DLT_RAW's BSD (12) and OpenBSD
// (14) numbers.
constexpr uint32_t link_raw_ip = 101;
constexpr bool is_raw_ip_link(uint32_t t) { return t == 12 || t == 14 || t == link_raw_ip; }

// Click's EXTRA_LENGTH annotation: bytes of the original packet not in the buffer.
constexpr uint32_t extra_length_anno_offset = 36;

struct LinkTypeName {
    const char* name;
    uint32_t link_type;
};

// ENCAP names and the link types recorded for them.
inline constexpr LinkTypeName link_type_names[] = {
    {"ETHER", link_ethernet}, {"IP", link_raw_ip}, {"FDDI", 10},    {"ATM", 11},       {"802_11", 105},
    {"SLL", 113},             {"AIRONET", 120},    {"HDLC", 104},   {"PPP_HDLC", 50},  {"PPP", 9},
    {"SUNATM", 123},          {"PRISM", 119},      {"NULL", 0},
};

// The link type for an ENCAP name (case-insensitive), or nullopt.
inline std::optional<uint32_t> link_type_for(std::string_view name) {
    for (const LinkTypeName& entry : link_type_names) {
        std::string_view known(entry.name);
        if (known.size() != name.size())
            continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i) {
            char c = name[i];
            same = (c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c) == known[i];
        }
        if (same)
            return entry.link_type;
    }
    return std::nullopt;
}

// The ENCAP name of a link type, or its number when it has none.
inline std::string link_type_name(uint32_t link_type) {
    if (is_raw_ip_link(link_type))
        return "IP";
    for (const LinkTypeName& entry : link_type_names)
        if (entry.link_type == link_type)
            return entry.name;
    return std::to_string(link_type);
}

inline uint32_t swap32(uint32_t v) {
    return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

}  // namespace snf::click::pcap
