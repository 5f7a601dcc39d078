// The fields of Click's IP summary dump text format ("!data src sport dst dport proto"),
// shared by FromIPSummaryDump and ToIPSummaryDump: field names and their synonyms, and
// how each field's value is printed from a packet and parsed back into one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace snf::click {

class Packet;

enum class SummaryField : uint8_t {
    timestamp,
    ts_sec,
    ts_usec,
    ip_src,
    ip_dst,
    sport,
    dport,
    ip_proto,
    ip_len,
    ip_id,
    ip_ttl,
    ip_tos,
    ip_frag,
    ip_fragoff,
    ip_sum,
    payload_len,
    payload,
    tcp_flags,
    tcp_seq,
    tcp_ack,
    tcp_window,
    udp_len,
    tcp_opt,
    icmp_type,
    icmp_code,
    count,
    link,
    direction,
};

// The field a name (or synonym: "src", "ip_src", "ts", "proto", "len", ...) stands for;
// nullopt for unknown or unsupported names.
std::optional<SummaryField> parse_summary_field(std::string_view name);
// The canonical name written in "!data" lines.
const char* summary_field_name(SummaryField field);
// Parses a FIELDS/CONTENTS list: names separated by spaces or commas. Sets `error` to a
// message naming the first bad field and returns false.
bool parse_summary_field_list(std::string_view text, std::vector<SummaryField>& fields, std::string& error);

// The IPv4 header of a packet, if it has one: from the network header annotation, else
// the packet data itself when it starts with an IPv4 header.
const unsigned char* summary_ip_header(const Packet* p, uint32_t& available);
// The field's text for a packet ("-" when the packet lacks it).
std::string unparse_summary_field(SummaryField field, const Packet* p);

// TCP options in Click's dump notation, items separated by ';' or ',': "mss1460",
// "wscale7", "sackok", "sack1-10" (one SACK option per item; "sack1:10" is read too,
// and ",sack" continues the same option with another block), "ts100:200" (preceded by
// two NOPs when first), "nop", "eol", "N" or "N=b:b:..." for option kind N with those
// data bytes; "." means none. Parses into the option bytes, padded with EOL to a
// multiple of four; false for anything else or more than 40 bytes.
bool parse_tcp_options(std::string_view text, std::string& bytes);
// The text of a TCP header's options (NOPs and EOL padding are not shown; one "sackA-B"
// per SACK block; "?" for malformed options; "." for none).
std::string unparse_tcp_options(const unsigned char* options, uint32_t length);

// TCP flag letters in bit order: FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, then NS (the low
// bit of the data offset byte). "W" (CWR), "X" (ECE) and "Y" (CWR) are read too.
inline constexpr const char* tcp_flag_letters = "FSRPAUECN";
// Parses tcp_flags text: letters, "." for none, or a number below 0x1000.
std::optional<uint16_t> parse_tcp_flags(std::string_view text);

// Packet annotation where a summary's "count" field is kept: the number of packets the
// line stands for minus one, as Click's extra-packets annotation.
inline constexpr uint32_t extra_packets_anno_offset = 40;

}  // namespace snf::click
