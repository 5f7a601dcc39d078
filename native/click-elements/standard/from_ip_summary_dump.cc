// FromIPSummaryDump: parses one text line at a time into field values, then lays out
// the IPv4 and transport headers and computes their checksums.
#include "from_ip_summary_dump.hh"

#include <cerrno>
#include <cstring>
#include <optional>

#include "internet_checksum.hh"
#include "snf/click/args.hh"
#include "snf/click/chatter.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

namespace {
constexpr std::size_t max_line = 1 << 20;
constexpr uint32_t max_ip_length = 65535;
constexpr std::size_t field_count = std::size_t(SummaryField::direction) + 1;

std::optional<uint64_t> parse_unsigned(std::string_view s, uint64_t max) {
    if (s.empty() || s.size() > 20)
        return std::nullopt;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + uint64_t(c - '0');
        if (v > max)
            return std::nullopt;
    }
    return v;
}

// "sec" or "sec.fraction" (up to nanoseconds).
std::optional<Timestamp> parse_timestamp(std::string_view s) {
    std::size_t dot = s.find('.');
    auto sec = parse_unsigned(s.substr(0, dot), uint64_t(1) << 40);
    if (!sec)
        return std::nullopt;
    int64_t nsec = 0;
    if (dot != std::string_view::npos) {
        std::string_view frac = s.substr(dot + 1);
        if (frac.size() > 9)
            frac = frac.substr(0, 9);
        auto f = frac.empty() ? std::optional<uint64_t>(0) : parse_unsigned(frac, 999999999);
        if (!f)
            return std::nullopt;
        nsec = int64_t(*f);
        for (std::size_t i = frac.size(); i < 9; ++i)
            nsec *= 10;
    }
    return Timestamp::from_nsec(int64_t(*sec) * 1000000000 + nsec);
}

std::optional<uint8_t> parse_proto(std::string_view s) {
    if (s == "T" || s == "t")
        return uint8_t(6);
    if (s == "U" || s == "u")
        return uint8_t(17);
    if (s == "I" || s == "i")
        return uint8_t(1);
    auto v = parse_unsigned(s, 255);
    return v ? std::optional<uint8_t>(uint8_t(*v)) : std::nullopt;
}

}  // namespace

FromIPSummaryDump::FromIPSummaryDump() = default;

FromIPSummaryDump::~FromIPSummaryDump() { close_file(); }

int FromIPSummaryDump::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string filename, fields_text, contents;
    bool stop = false, active = true, zero = true, checksum = false, timing = false, multipacket = false;
    uint8_t proto = 6;
    if (Args(conf, this, errh)
            .read_mp("FILENAME", filename)
            .read("STOP", stop)
            .read("ACTIVE", active)
            .read("ZERO", zero)
            .read("CHECKSUM", checksum)
            .read("PROTO", proto)
            .read("FIELDS", AnyArg(), fields_text)
            .read("CONTENTS", AnyArg(), contents)
            .read("TIMING", timing)
            .read("MULTIPACKET", multipacket)
            .complete() < 0)
        return -EINVAL;
    if (timing)
        return errh->error("TIMING: only false is supported");
    if (multipacket)
        return errh->error("MULTIPACKET: only false is supported");
    std::vector<SummaryField> fields;
    std::string list = !fields_text.empty() ? fields_text : contents;
    std::string problem;
    if (!list.empty() && !parse_summary_field_list(list, fields, problem))
        return errh->error(std::string(fields_text.empty() ? "CONTENTS" : "FIELDS") + ": " + problem);
    filename_ = filename;
    default_fields_ = fields;
    stop_ = stop;
    active_ = active;
    default_proto_ = proto;
    return 0;
}

int FromIPSummaryDump::open_file(ErrorHandler* errh) {
    close_file();
    file_ = filename_ == "-" ? stdin : std::fopen(filename_.c_str(), "r");
    if (!file_)
        return errh->error(filename_ + ": " + std::strerror(errno));
    fields_ = default_fields_;
    line_number_ = 0;
    at_end_ = false;
    return 0;
}

void FromIPSummaryDump::close_file() {
    if (file_ && file_ != stdin)
        std::fclose(file_);
    file_ = nullptr;
}

bool FromIPSummaryDump::read_line(std::string& line) {
    line.clear();
    int c;
    while ((c = std::fgetc(file_)) != EOF) {
        if (c == '\n')
            return true;
        if (line.size() < max_line)
            line += char(c);
    }
    return !line.empty();
}

Packet* FromIPSummaryDump::make_packet(const std::vector<std::string>& words, std::string& problem) {
    // The text of each field on this line, if present and not "-".
    std::optional<std::string> value[field_count];
    for (std::size_t i = 0; i < fields_.size() && i < words.size(); ++i)
        if (words[i] != "-")
            value[std::size_t(fields_[i])] = words[i];
    auto text = [&](SummaryField f) -> const std::optional<std::string>& { return value[std::size_t(f)]; };
    auto number = [&](SummaryField f, uint64_t max, uint64_t fallback) -> std::optional<uint64_t> {
        if (!text(f))
            return fallback;
        auto v = parse_unsigned(*text(f), max);
        if (!v)
            problem = std::string("bad ") + summary_field_name(f) + " '" + *text(f) + "'";
        return v;
    };

    uint8_t proto = default_proto_;
    if (text(SummaryField::ip_proto)) {
        auto p = parse_proto(*text(SummaryField::ip_proto));
        if (!p) {
            problem = "bad ip_proto '" + *text(SummaryField::ip_proto) + "'";
            return nullptr;
        }
        proto = *p;
    }
    IPAddress src, dst;
    if (text(SummaryField::ip_src)) {
        auto a = IPAddress::parse(*text(SummaryField::ip_src));
        if (!a) {
            problem = "bad ip_src '" + *text(SummaryField::ip_src) + "'";
            return nullptr;
        }
        src = *a;
    }
    if (text(SummaryField::ip_dst)) {
        auto a = IPAddress::parse(*text(SummaryField::ip_dst));
        if (!a) {
            problem = "bad ip_dst '" + *text(SummaryField::ip_dst) + "'";
            return nullptr;
        }
        dst = *a;
    }
    auto sport = number(SummaryField::sport, 65535, 0), dport = number(SummaryField::dport, 65535, 0);
    auto ip_id = number(SummaryField::ip_id, 65535, 0), ttl = number(SummaryField::ip_ttl, 255, 0);
    auto tos = number(SummaryField::ip_tos, 255, 0);
    auto seq = number(SummaryField::tcp_seq, 0xffffffffu, 0), ack = number(SummaryField::tcp_ack, 0xffffffffu, 0);
    auto window = number(SummaryField::tcp_window, 65535, 0);
    auto count = number(SummaryField::count, 0xffffffffu, 1);
    auto link = number(SummaryField::link, 255, 0);
    auto icmp_type = number(SummaryField::icmp_type, 255, 0), icmp_code = number(SummaryField::icmp_code, 255, 0);
    if (!sport || !dport || !ip_id || !ttl || !tos || !seq || !ack || !window || !count || !link || !icmp_type ||
        !icmp_code)
        return nullptr;
    uint8_t paint = uint8_t(*link);
    if (text(SummaryField::direction)) {
        const std::string& d = *text(SummaryField::direction);
        auto n = parse_unsigned(d, 255);
        if (d == ">")
            paint = 0;
        else if (d == "<")
            paint = 1;
        else if (n)
            paint = uint8_t(*n);
        else {
            problem = "bad direction '" + d + "'";
            return nullptr;
        }
    }
    uint16_t tcp_flags = 0;
    if (text(SummaryField::tcp_flags)) {
        auto f = parse_tcp_flags(*text(SummaryField::tcp_flags));
        if (!f) {
            problem = "bad tcp_flags '" + *text(SummaryField::tcp_flags) + "'";
            return nullptr;
        }
        tcp_flags = *f;
    }
    // Fragment word: offset in 8-byte units plus the DF/MF bits.
    uint16_t frag = 0;
    if (text(SummaryField::ip_fragoff)) {
        std::string off = *text(SummaryField::ip_fragoff);
        bool more = !off.empty() && off.back() == '+';
        if (more)
            off.pop_back();
        auto bytes = parse_unsigned(off, 65535);
        if (!bytes || *bytes % 8) {
            problem = "bad ip_fragoff '" + *text(SummaryField::ip_fragoff) + "'";
            return nullptr;
        }
        frag = uint16_t(*bytes / 8) | (more ? 0x2000 : 0);
    }
    if (text(SummaryField::ip_frag)) {
        const std::string& f = *text(SummaryField::ip_frag);
        if (f == "F")
            frag |= 0x2000;
        else if (f == "f" && (frag & 0x1fff) == 0)
            frag |= 1;
        else if (f == "!")
            frag |= 0x4000;
        else if (f != "." && f != "f") {
            problem = "bad ip_frag '" + f + "'";
            return nullptr;
        }
    }

    bool later_fragment = (frag & 0x1fff) != 0;
    std::string tcp_options;
    if (text(SummaryField::tcp_opt) && !parse_tcp_options(*text(SummaryField::tcp_opt), tcp_options)) {
        problem = "bad tcp_opt '" + *text(SummaryField::tcp_opt) + "'";
        return nullptr;
    }
    uint32_t transport_length = later_fragment         ? 0
                                : proto == 6                ? 20 + uint32_t(tcp_options.size())
                                : (proto == 17 || proto == 1) ? 8
                                                              : 0;
    std::string payload;
    bool have_payload = false;
    if (text(SummaryField::payload)) {
        payload = unquote(*text(SummaryField::payload));
        have_payload = true;
    }
    auto payload_len = number(SummaryField::payload_len, max_ip_length, 0);
    auto ip_len = number(SummaryField::ip_len, max_ip_length, 0);
    if (!payload_len || !ip_len)
        return nullptr;
    uint32_t headers = 20 + transport_length;
    if (!have_payload) {
        if (text(SummaryField::payload_len))
            payload.assign(*payload_len, '\0');
        else if (text(SummaryField::ip_len) && *ip_len > headers)
            payload.assign(*ip_len - headers, '\0');
    }
    if (headers + payload.size() > max_ip_length) {
        problem = "packet longer than 65535 bytes";
        return nullptr;
    }
    uint32_t length = headers + uint32_t(payload.size());
    uint16_t ip_length_field = text(SummaryField::ip_len) ? uint16_t(*ip_len) : uint16_t(length);
    if (ip_length_field > length)
        length = ip_length_field;  // cover the whole IP length with zero bytes

    WritablePacket* p = Packet::make(Packet::default_headroom + 16, nullptr, length, 0);
    if (!p) {
        problem = "out of memory";
        return nullptr;
    }
    unsigned char* ip = p->data();
    ip[0] = 0x45;
    ip[1] = uint8_t(*tos);
    store_be16(ip + 2, ip_length_field);
    store_be16(ip + 4, uint16_t(*ip_id));
    store_be16(ip + 6, frag);
    ip[8] = uint8_t(*ttl);
    ip[9] = proto;
    std::memcpy(ip + 12, &src.addr, 4);
    std::memcpy(ip + 16, &dst.addr, 4);
    store_be16(ip + 10, checksum_finish(checksum_add(ip, 20)));

    unsigned char* th = ip + 20;
    std::memcpy(th + transport_length, payload.data(), payload.size());
    // Transport checksums cover what the IP length says is the transport segment.
    uint32_t segment = ip_length_field > 20 ? ip_length_field - 20u : 0u;
    if (segment > length - 20)
        segment = length - 20;
    if (transport_length && segment >= transport_length) {
        if (proto == 6) {
            store_be16(th, uint16_t(*sport));
            store_be16(th + 2, uint16_t(*dport));
            store_be32(th + 4, uint32_t(*seq));
            store_be32(th + 8, uint32_t(*ack));
            th[12] = uint8_t((transport_length / 4) << 4 | (tcp_flags >> 8 & 1));
            th[13] = uint8_t(tcp_flags);
            std::memcpy(th + 20, tcp_options.data(), tcp_options.size());
            store_be16(th + 14, uint16_t(*window));
            store_be16(th + 16, checksum_finish(checksum_add(th, segment, pseudo_header_sum(ip, 6, segment))));
        } else if (proto == 17) {
            store_be16(th, uint16_t(*sport));
            store_be16(th + 2, uint16_t(*dport));
            store_be16(th + 4, uint16_t(segment));
            uint16_t sum = checksum_finish(checksum_add(th, segment, pseudo_header_sum(ip, 17, segment)));
            store_be16(th + 6, sum == 0 ? 0xffff : sum);
        } else {
            th[0] = uint8_t(*icmp_type);
            th[1] = uint8_t(*icmp_code);
            store_be16(th + 2, checksum_finish(checksum_add(th, segment)));
        }
    }

    p->set_network_header(ip, 20);
    if (!later_fragment)
        p->set_transport_header(th);
    p->set_dst_ip_anno(dst.addr);
    p->set_paint_anno(paint);
    p->set_anno_u32(extra_packets_anno_offset, *count > 0 ? uint32_t(*count - 1) : 0);
    if (text(SummaryField::timestamp)) {
        auto ts = parse_timestamp(*text(SummaryField::timestamp));
        if (!ts) {
            p->kill();
            problem = "bad timestamp '" + *text(SummaryField::timestamp) + "'";
            return nullptr;
        }
        p->set_timestamp_anno(*ts);
    } else if (text(SummaryField::ts_sec) || text(SummaryField::ts_usec)) {
        auto sec = number(SummaryField::ts_sec, uint64_t(1) << 40, 0);
        auto usec = number(SummaryField::ts_usec, 999999, 0);
        if (!sec || !usec) {
            p->kill();
            return nullptr;
        }
        p->set_timestamp_anno(Timestamp::make_sec(int64_t(*sec), uint32_t(*usec)));
    }
    return p;
}

Packet* FromIPSummaryDump::read_packet() {
    std::string line;
    while (file_ && read_line(line)) {
        ++line_number_;
        std::size_t start = line.find_first_not_of(" \t\r");
        if (start == std::string::npos || line[start] == '#')
            continue;
        std::string_view body(line);
        body.remove_prefix(start);
        while (!body.empty() && (body.back() == '\r' || body.back() == ' ' || body.back() == '\t'))
            body.remove_suffix(1);
        if (body[0] == '!') {
            if (body.substr(0, 5) == "!data" || body.substr(0, 9) == "!contents") {
                std::string_view list = body.substr(body[1] == 'd' ? 5 : 9);
                std::vector<SummaryField> fields;
                std::string problem;
                if (parse_summary_field_list(list, fields, problem))
                    fields_ = fields;
                else
                    chatter(declaration() + ": " + filename_ + ":" + std::to_string(line_number_) + ": " + problem);
            }
            continue;
        }
        if (fields_.empty()) {
            chatter(declaration() + ": " + filename_ + ":" + std::to_string(line_number_) +
                    ": no '!data' line before packet data");
            return nullptr;
        }
        std::string problem;
        Packet* p = make_packet(split_words(body), problem);
        if (p)
            return p;
        chatter(declaration() + ": " + filename_ + ":" + std::to_string(line_number_) + ": " +
                (problem.empty() ? std::string("bad line") : problem));
    }
    return nullptr;
}

int FromIPSummaryDump::rewind(ErrorHandler* errh) {
    if (filename_ == "-")
        return errh->error("cannot reread the standard input");
    return open_file(errh);
}

SNF_EXPORT_ELEMENT(FromIPSummaryDump)

}  // namespace snf::click
