// IP summary dump fields: one table of names, and per-field printers that read the
// packet's IPv4 and transport headers defensively (short packets print "-").
#include "ip_summary_fields.hh"

#include <cctype>
#include <cstdio>
#include <cstring>

#include "internet_checksum.hh"
#include "snf/click/packet.hh"

namespace snf::click {

namespace {
struct FieldName {
    const char* name;
    SummaryField field;
};

// The first entry for each field is its canonical name.
constexpr FieldName field_names[] = {
    {"timestamp", SummaryField::timestamp},   {"ts", SummaryField::timestamp},
    {"ts_sec", SummaryField::ts_sec},         {"sec", SummaryField::ts_sec},
    {"ts_usec", SummaryField::ts_usec},       {"usec", SummaryField::ts_usec},
    {"ip_src", SummaryField::ip_src},         {"src", SummaryField::ip_src},
    {"saddr", SummaryField::ip_src},          {"ip_dst", SummaryField::ip_dst},
    {"dst", SummaryField::ip_dst},            {"daddr", SummaryField::ip_dst},
    {"sport", SummaryField::sport},           {"src_port", SummaryField::sport},
    {"dport", SummaryField::dport},           {"dst_port", SummaryField::dport},
    {"ip_proto", SummaryField::ip_proto},     {"proto", SummaryField::ip_proto},
    {"ip_len", SummaryField::ip_len},         {"len", SummaryField::ip_len},
    {"length", SummaryField::ip_len},         {"ip_id", SummaryField::ip_id},
    {"id", SummaryField::ip_id},              {"ip_ttl", SummaryField::ip_ttl},
    {"ttl", SummaryField::ip_ttl},            {"ip_tos", SummaryField::ip_tos},
    {"tos", SummaryField::ip_tos},            {"ip_frag", SummaryField::ip_frag},
    {"frag", SummaryField::ip_frag},          {"ip_fragoff", SummaryField::ip_fragoff},
    {"fragoff", SummaryField::ip_fragoff},    {"ip_sum", SummaryField::ip_sum},
    {"payload_len", SummaryField::payload_len}, {"payload_length", SummaryField::payload_len},
    {"payload", SummaryField::payload},       {"tcp_flags", SummaryField::tcp_flags},
    {"flags", SummaryField::tcp_flags},       {"tcp_seq", SummaryField::tcp_seq},
    {"seq", SummaryField::tcp_seq},           {"tcp_ack", SummaryField::tcp_ack},
    {"ack", SummaryField::tcp_ack},           {"tcp_window", SummaryField::tcp_window},
    {"win", SummaryField::tcp_window},        {"udp_len", SummaryField::udp_len},
    {"tcp_opt", SummaryField::tcp_opt},       {"tcp_options", SummaryField::tcp_opt},
    {"icmp_type", SummaryField::icmp_type},   {"icmp_code", SummaryField::icmp_code},
    {"count", SummaryField::count},           {"packet_count", SummaryField::count},
    {"link", SummaryField::link},             {"paint", SummaryField::link},
    {"direction", SummaryField::direction},
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The transport header and its available length, when the IP packet has one (not a
// later fragment, header fully present).
const unsigned char* transport_of(const unsigned char* ip, uint32_t available, uint32_t& transport_available) {
    uint32_t hl = uint32_t(ip[0] & 0x0f) * 4;
    if (hl < 20 || hl > available || (load_be16(ip + 6) & 0x1fff) != 0)
        return nullptr;
    transport_available = available - hl;
    return ip + hl;
}

uint32_t transport_header_length(uint8_t proto, const unsigned char* th, uint32_t available) {
    if (proto == 6)
        return available >= 13 ? uint32_t(th[12] >> 4) * 4 : 20;
    if (proto == 17 || proto == 1)
        return 8;
    return 0;
}

bool has_ports(uint8_t proto) { return proto == 6 || proto == 17; }

// Click-style quoted string: printable characters as they are, escapes for the rest.
std::string quote_payload(const unsigned char* data, uint32_t length) {
    std::string out = "\"";
    for (uint32_t i = 0; i < length; ++i) {
        unsigned char c = data[i];
        switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '$': out += "\\$"; break;
        default:
            if (c >= 32 && c < 127) {
                out += char(c);
            } else {
                char octal[8];
                std::snprintf(octal, sizeof octal, "\\%03o", c);
                out += octal;
            }
        }
    }
    return out + "\"";
}
}  // namespace

bool parse_tcp_options(std::string_view text, std::string& bytes) {
    bytes.clear();
    if (text == "." || text.empty())
        return true;
    std::size_t i = 0;
    // Reads a decimal number at i; false when there is no digit or it exceeds `max`.
    auto number = [&](uint32_t max, uint32_t& value) {
        std::size_t start = i;
        uint64_t v = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 11)
            v = v * 10 + uint64_t(text[i++] - '0');
        if (i == start || v > max)
            return false;
        value = uint32_t(v);
        return true;
    };
    auto starts = [&](std::string_view word) { return text.substr(i, word.size()) == word; };
    auto append32 = [&bytes](uint32_t v) {
        unsigned char b[4];
        store_be32(b, v);
        bytes.append(reinterpret_cast<char*>(b), 4);
    };
    while (true) {
        uint32_t a = 0, b = 0;
        if (starts("mss")) {
            i += 3;
            if (!number(0xffff, a))
                return false;
            bytes += char(2), bytes += char(4), bytes += char(a >> 8), bytes += char(a);
        } else if (starts("wscale")) {
            i += 6;
            if (!number(255, a))
                return false;
            bytes += char(3), bytes += char(3), bytes += char(a);
        } else if (starts("sackok")) {
            i += 6;
            bytes += char(4), bytes += char(2);
        } else if (starts("sack")) {
            // One SACK option; ",sack" adds another block to it.
            std::size_t kind_at = bytes.size();
            bytes += char(5), bytes += char(0);
            i += 4;
            while (true) {
                if (!number(0xffffffffu, a) || i >= text.size() || (text[i] != '-' && text[i] != ':'))
                    return false;
                ++i;
                if (!number(0xffffffffu, b))
                    return false;
                append32(a);
                append32(b);
                if (!starts(",sack"))
                    break;
                i += 5;
            }
            if (bytes.size() - kind_at > 40)
                return false;
            bytes[kind_at + 1] = char(bytes.size() - kind_at);
        } else if (starts("ts")) {
            i += 2;
            if (!number(0xffffffffu, a) || i >= text.size() || text[i] != ':')
                return false;
            ++i;
            if (!number(0xffffffffu, b))
                return false;
            if (bytes.empty())
                bytes += char(1), bytes += char(1);
            bytes += char(8), bytes += char(10);
            append32(a);
            append32(b);
        } else if (starts("nop")) {
            i += 3;
            bytes += char(1);
        } else if (starts("eol")) {
            i += 3;
            bytes += char(0);
        } else if (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            // Option kind N, optionally "=b:b:..." data bytes.
            if (!number(255, a))
                return false;
            bytes += char(a);
            if (i + 1 < text.size() && text[i] == '=' && text[i + 1] >= '0' && text[i + 1] <= '9') {
                std::size_t length_at = bytes.size();
                bytes += char(0);
                do {
                    ++i;
                    if (!number(255, b))
                        return false;
                    bytes += char(b);
                } while (i + 1 < text.size() && text[i] == ':' && text[i + 1] >= '0' && text[i + 1] <= '9');
                if (bytes.size() - length_at > 39)
                    return false;
                bytes[length_at] = char(bytes.size() - length_at + 1);
            }
        } else {
            return false;
        }
        if (i >= text.size())
            break;
        if (text[i] != ';' && text[i] != ',')
            return false;
        ++i;
    }
    // Leading NOPs are only alignment; drop them if that makes the options fit.
    std::size_t leading = 0;
    while (bytes.size() - leading > 40 && bytes[leading] == char(1))
        ++leading;
    bytes.erase(0, leading);
    if (bytes.size() > 40)
        return false;
    while (bytes.size() % 4)
        bytes += char(0);
    return true;
}

std::string unparse_tcp_options(const unsigned char* opt, uint32_t length) {
    std::string out;
    auto add = [&out](const std::string& item) {
        if (!out.empty())
            out += ';';
        out += item;
    };
    for (uint32_t i = 0; i < length;) {
        uint8_t kind = opt[i];
        if (kind == 0)
            break;
        if (kind == 1) {
            ++i;
            continue;
        }
        if (i + 1 >= length || opt[i + 1] < 2 || opt[i + 1] > length - i)
            return "?";
        uint8_t len = opt[i + 1];
        const unsigned char* o = opt + i;
        if (kind == 2) {
            if (len != 4)
                return "?";
            add("mss" + std::to_string(load_be16(o + 2)));
        } else if (kind == 3) {
            if (len != 3)
                return "?";
            add("wscale" + std::to_string(o[2]));
        } else if (kind == 4) {
            if (len != 2)
                return "?";
            add("sackok");
        } else if (kind == 5) {
            if (len % 8 != 2)
                return "?";
            for (uint32_t b = 2; b < len; b += 8)
                add("sack" + std::to_string(load_be32(o + b)) + "-" + std::to_string(load_be32(o + b + 4)));
        } else if (kind == 8) {
            if (len != 10)
                return "?";
            add("ts" + std::to_string(load_be32(o + 2)) + ":" + std::to_string(load_be32(o + 6)));
        } else {
            std::string item = std::to_string(kind);
            for (uint32_t b = 2; b < len; ++b)
                item += (b == 2 ? '=' : ':') + std::to_string(o[b]);
            add(item);
        }
        i += len;
    }
    return out.empty() ? "." : out;
}

std::optional<uint16_t> parse_tcp_flags(std::string_view text) {
    if (text == ".")
        return uint16_t(0);
    if (text.empty())
        return std::nullopt;
    if (text[0] >= '0' && text[0] <= '9') {
        uint32_t v = 0;
        for (char c : text) {
            if (c < '0' || c > '9')
                return std::nullopt;
            v = v * 10 + uint32_t(c - '0');
            if (v >= 0x1000)
                return std::nullopt;
        }
        return uint16_t(v);
    }
    uint16_t flags = 0;
    for (char c : text) {
        const char* at = c ? std::strchr(tcp_flag_letters, c) : nullptr;
        int bit = at ? int(at - tcp_flag_letters) : c == 'W' || c == 'Y' ? 7 : c == 'X' ? 6 : -1;
        if (bit < 0)
            return std::nullopt;
        flags |= uint16_t(1u << bit);
    }
    return flags;
}

std::optional<SummaryField> parse_summary_field(std::string_view name) {
    std::string key = lower(name);
    for (char& c : key)
        if (c == ' ' || c == '-')
            c = '_';
    for (const FieldName& f : field_names)
        if (key == f.name)
            return f.field;
    return std::nullopt;
}

const char* summary_field_name(SummaryField field) {
    for (const FieldName& f : field_names)
        if (f.field == field)
            return f.name;
    return "?";
}

bool parse_summary_field_list(std::string_view text, std::vector<SummaryField>& fields, std::string& error) {
    fields.clear();
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == ','))
            ++i;
        std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != ',')
            ++i;
        if (start == i)
            break;
        std::string_view word = text.substr(start, i - start);
        std::optional<SummaryField> f = parse_summary_field(word);
        if (!f) {
            error = "unknown or unsupported field '" + std::string(word) + "'";
            return false;
        }
        fields.push_back(*f);
    }
    if (fields.empty()) {
        error = "no fields given";
        return false;
    }
    return true;
}

const unsigned char* summary_ip_header(const Packet* p, uint32_t& available) {
    const unsigned char* ip = p->has_network_header() ? p->network_header() : p->data();
    if (ip < p->data() || ip >= p->end_data())
        return nullptr;
    available = uint32_t(p->end_data() - ip);
    if (available < 20 || (ip[0] >> 4) != 4)
        return nullptr;
    return ip;
}

std::string unparse_summary_field(SummaryField field, const Packet* p) {
    Timestamp ts = p->timestamp_anno();
    switch (field) {
    case SummaryField::timestamp: return ts.unparse();
    case SummaryField::ts_sec: return std::to_string(ts.sec());
    case SummaryField::ts_usec: return std::to_string(ts.subsec_usec());
    case SummaryField::count: return std::to_string(uint64_t(p->anno_u32(extra_packets_anno_offset)) + 1);
    case SummaryField::link: return std::to_string(p->paint_anno());
    case SummaryField::direction: {
        uint8_t paint = p->paint_anno();
        return paint == 0 ? ">" : paint == 1 ? "<" : std::to_string(paint);
    }
    default: break;
    }

    uint32_t available = 0;
    const unsigned char* ip = summary_ip_header(p, available);
    if (!ip)
        return "-";
    uint8_t proto = ip[9];
    uint16_t ip_len = load_be16(ip + 2);
    uint16_t frag = load_be16(ip + 6);
    auto address = [](const unsigned char* a) {
        return std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." +
               std::to_string(a[3]);
    };
    switch (field) {
    case SummaryField::ip_src: return address(ip + 12);
    case SummaryField::ip_dst: return address(ip + 16);
    case SummaryField::ip_proto:
        return proto == 6 ? "T" : proto == 17 ? "U" : proto == 1 ? "I" : std::to_string(proto);
    case SummaryField::ip_len: return std::to_string(ip_len);
    case SummaryField::ip_id: return std::to_string(load_be16(ip + 4));
    case SummaryField::ip_ttl: return std::to_string(ip[8]);
    case SummaryField::ip_tos: return std::to_string(ip[1]);
    case SummaryField::ip_sum: return std::to_string(load_be16(ip + 10));
    case SummaryField::ip_frag:
        // 'F' first fragment, 'f' later fragment, '!' don't-fragment, '.' otherwise.
        if (frag & 0x1fff)
            return "f";
        if (frag & 0x2000)
            return "F";
        return (frag & 0x4000) ? "!" : ".";
    case SummaryField::ip_fragoff:
        return std::to_string(uint32_t(frag & 0x1fff) * 8) + ((frag & 0x2000) ? "+" : "");
    default: break;
    }

    uint32_t tavail = 0;
    const unsigned char* th = transport_of(ip, available, tavail);
    uint32_t hl = uint32_t(ip[0] & 0x0f) * 4;
    switch (field) {
    case SummaryField::sport:
    case SummaryField::dport:
        if (!th || !has_ports(proto) || tavail < 4)
            return "-";
        return std::to_string(load_be16(th + (field == SummaryField::sport ? 0 : 2)));
    case SummaryField::payload_len:
    case SummaryField::payload: {
        uint32_t thl = th ? transport_header_length(proto, th, tavail) : 0;
        if (field == SummaryField::payload_len) {
            uint32_t headers = hl + thl;
            return std::to_string(ip_len > headers ? ip_len - headers : 0);
        }
        if (!th || thl > tavail)
            return "\"\"";
        // Payload bytes actually present, bounded by the IP length.
        uint32_t end = ip_len < available ? ip_len : available;
        uint32_t start = hl + thl;
        return quote_payload(ip + start, end > start ? end - start : 0);
    }
    case SummaryField::tcp_flags: {
        if (!th || proto != 6 || tavail < 14)
            return "-";
        uint16_t flags = uint16_t(th[13] | (th[12] & 1) << 8);
        if (flags == 0)
            return ".";
        std::string out;
        for (int bit = 0; bit < 9; ++bit)
            if (flags & (1 << bit))
                out += tcp_flag_letters[bit];
        return out;
    }
    case SummaryField::tcp_seq:
    case SummaryField::tcp_ack:
        if (!th || proto != 6 || tavail < 12)
            return "-";
        return std::to_string(load_be32(th + (field == SummaryField::tcp_seq ? 4 : 8)));
    case SummaryField::tcp_window:
        if (!th || proto != 6 || tavail < 16)
            return "-";
        return std::to_string(load_be16(th + 14));
    case SummaryField::udp_len:
        if (!th || proto != 17 || tavail < 6)
            return "-";
        return std::to_string(load_be16(th + 4));
    case SummaryField::tcp_opt: {
        if (!th || proto != 6 || tavail < 13)
            return "-";
        uint32_t header = uint32_t(th[12] >> 4) * 4;
        if (header <= 20)
            return ".";
        if (header > tavail)
            return "-";
        return unparse_tcp_options(th + 20, header - 20);
    }
    case SummaryField::icmp_type:
    case SummaryField::icmp_code:
        if (!th || proto != 1 || tavail < 2)
            return "-";
        return std::to_string(th[field == SummaryField::icmp_type ? 0 : 1]);
    default: return "-";
    }
}

}  // namespace snf::click
