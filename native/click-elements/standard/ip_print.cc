// IPPrint: builds the whole description in one string and hands it to chatter() so
// lines from different elements never interleave.
#include "ip_print.hh"

#include <cctype>
#include <cstdio>
#include <string>

#include "internet_checksum.hh"
#include "snf/click/args.hh"
#include "snf/click/chatter.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

namespace {
std::string address(const unsigned char* a) {
    return std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." +
           std::to_string(a[3]);
}

const char* icmp_type_name(uint8_t type) {
    switch (type) {
    case 0: return "echo reply";
    case 3: return "unreachable";
    case 4: return "source quench";
    case 5: return "redirect";
    case 8: return "echo request";
    case 11: return "time exceeded";
    case 12: return "parameter problem";
    case 13: return "timestamp request";
    case 14: return "timestamp reply";
    default: return nullptr;
    }
}

// NONE/FALSE, HEX/TRUE or ASCII.
bool parse_dump_mode(const std::string& word, int& mode) {
    std::string w;
    for (char c : word)
        w += char(std::toupper(static_cast<unsigned char>(c)));
    if (w == "HEX") {
        mode = 1;
        return true;
    }
    if (w == "ASCII") {
        mode = 2;
        return true;
    }
    if (w == "NONE") {
        mode = 0;
        return true;
    }
    if (auto b = BoolArg::parse(word)) {
        mode = *b ? 1 : 0;
        return true;
    }
    return false;
}
}  // namespace

int IPPrint::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string label, contents = "false", payload = "false";
    int64_t max_length = 1500;
    bool id = false, ttl = false, tos = false, length = false, timestamp = true, paint = false, active = true;
    if (Args(conf, this, errh)
            .read_p("LABEL", label)
            .read("CONTENTS", WordArg(), contents)
            .read("PAYLOAD", WordArg(), payload)
            .read("MAXLENGTH", max_length)
            .read("ID", id)
            .read("TTL", ttl)
            .read("TOS", tos)
            .read("LENGTH", length)
            .read("TIMESTAMP", timestamp)
            .read("PAINT", paint)
            .read("ACTIVE", active)
            .complete() < 0)
        return -EINVAL;
    int contents_mode = 0, payload_mode = 0;
    if (!parse_dump_mode(contents, contents_mode))
        return errh->error("CONTENTS: expected NONE, HEX, ASCII or a boolean");
    if (!parse_dump_mode(payload, payload_mode))
        return errh->error("PAYLOAD: expected NONE, HEX, ASCII or a boolean");
    if (contents_mode && payload_mode)
        return errh->error("CONTENTS and PAYLOAD are mutually exclusive");
    label_ = label;
    contents_ = Dump(contents_mode);
    payload_ = Dump(payload_mode);
    max_length_ = max_length;
    print_id_ = id;
    print_ttl_ = ttl;
    print_tos_ = tos;
    print_length_ = length;
    print_timestamp_ = timestamp;
    print_paint_ = paint;
    active_ = active;
    return 0;
}

void IPPrint::describe(const unsigned char* ip, uint32_t available, std::string& out) const {
    uint32_t hl = uint32_t(ip[0] & 0x0f) * 4;
    uint16_t ip_len = load_be16(ip + 2);
    uint16_t frag = load_be16(ip + 6);
    uint8_t proto = ip[9];
    std::string src = address(ip + 12), dst = address(ip + 16);
    uint32_t ip_end = ip_len < available ? ip_len : available;
    const unsigned char* th = ip + hl;
    uint32_t tavail = ip_end > hl ? ip_end - hl : 0;
    bool later_fragment = (frag & 0x1fff) != 0;

    if (!later_fragment && proto == 6 && tavail >= 20) {
        uint32_t thl = uint32_t(th[12] >> 4) * 4;
        uint32_t data_length = ip_len > hl + thl ? ip_len - hl - thl : 0;
        uint8_t flags = th[13];
        uint32_t seq = load_be32(th + 4);
        out += src + "." + std::to_string(load_be16(th)) + " > " + dst + "." + std::to_string(load_be16(th + 2)) + ": ";
        if (flags & 0x02) out += 'S';
        if (flags & 0x01) out += 'F';
        if (flags & 0x04) out += 'R';
        if (flags & 0x08) out += 'P';
        if (flags & 0x20) out += 'U';
        if (!(flags & 0x2f)) out += '.';
        uint32_t seq_end = seq + data_length + ((flags & 0x02) ? 1 : 0) + ((flags & 0x01) ? 1 : 0);
        out += " " + std::to_string(seq) + ":" + std::to_string(seq_end) + "(" + std::to_string(data_length) + ")";
        if (flags & 0x10)
            out += " ack " + std::to_string(load_be32(th + 8));
        out += " win " + std::to_string(load_be16(th + 14));
    } else if (!later_fragment && proto == 17 && tavail >= 8) {
        uint16_t udp_len = load_be16(th + 4);
        out += src + "." + std::to_string(load_be16(th)) + " > " + dst + "." + std::to_string(load_be16(th + 2)) +
               ": udp " + std::to_string(udp_len >= 8 ? udp_len - 8 : 0);
    } else if (!later_fragment && proto == 1 && tavail >= 4) {
        out += src + " > " + dst + ": icmp: ";
        if (const char* name = icmp_type_name(th[0]))
            out += name;
        else
            out += "type " + std::to_string(th[0]) + " code " + std::to_string(th[1]);
    } else {
        out += src + " > " + dst + ": ";
        if (!later_fragment && (proto == 6 || proto == 17 || proto == 1))
            out += "truncated-" + std::string(proto == 6 ? "tcp" : proto == 17 ? "udp" : "icmp");
        else
            out += "ip-proto-" + std::to_string(proto) + " " + std::to_string(ip_len > hl ? ip_len - hl : 0);
    }
    if (frag & 0x3fff)
        out += " (frag " + std::to_string(load_be16(ip + 4)) + ":" + std::to_string(ip_len > hl ? ip_len - hl : 0) +
               "@" + std::to_string(uint32_t(frag & 0x1fff) * 8) + ((frag & 0x2000) ? "+" : "") + ")";
}

void IPPrint::dump_bytes(const unsigned char* data, uint32_t length, Dump mode, std::string& out) const {
    if (max_length_ >= 0 && int64_t(length) > max_length_)
        length = uint32_t(max_length_);
    char hex[4];
    for (uint32_t i = 0; i < length; ++i) {
        if (i % 32 == 0)
            out += "\n  ";
        else if (mode == Dump::hex && i % 4 == 0)
            out += ' ';
        if (mode == Dump::hex) {
            std::snprintf(hex, sizeof hex, "%02x", data[i]);
            out += hex;
        } else {
            out += (data[i] >= 32 && data[i] < 127) ? char(data[i]) : '.';
        }
    }
}

Packet* IPPrint::simple_action(Packet* p) {
    if (!active_)
        return p;
    std::string line;
    if (!label_.empty())
        line += label_ + ": ";
    if (print_timestamp_)
        line += p->timestamp_anno().unparse() + ": ";
    if (print_paint_)
        line += "paint " + std::to_string(p->paint_anno()) + " ";

    const unsigned char* ip = p->has_network_header() ? p->network_header() : p->data();
    uint32_t available = (ip >= p->data() && ip < p->end_data()) ? uint32_t(p->end_data() - ip) : 0;
    if (available < 20 || (ip[0] >> 4) != 4 || (ip[0] & 0x0f) < 5 || uint32_t(ip[0] & 0x0f) * 4 > available) {
        line += available > 0 && (ip[0] >> 4) != 4 ? "not-ip" : "truncated-ip";
        chatter(line);
        return p;
    }
    if (print_id_)
        line += "id " + std::to_string(load_be16(ip + 4)) + " ";
    if (print_ttl_)
        line += "ttl " + std::to_string(ip[8]) + " ";
    if (print_tos_)
        line += "tos " + std::to_string(ip[1]) + " ";
    if (print_length_)
        line += "length " + std::to_string(load_be16(ip + 2)) + " ";
    describe(ip, available, line);

    if (contents_ != Dump::none) {
        dump_bytes(ip, available, contents_, line);
    } else if (payload_ != Dump::none) {
        uint32_t hl = uint32_t(ip[0] & 0x0f) * 4;
        uint32_t thl = 0;
        if ((load_be16(ip + 6) & 0x1fff) == 0) {
            if (ip[9] == 6 && available >= hl + 13)
                thl = uint32_t(ip[hl + 12] >> 4) * 4;
            else if (ip[9] == 17 || ip[9] == 1)
                thl = 8;
        }
        uint32_t start = hl + thl;
        uint32_t end = load_be16(ip + 2) < available ? load_be16(ip + 2) : available;
        if (end > start)
            dump_bytes(ip + start, end - start, payload_, line);
    }
    chatter(line);
    return p;
}

void IPPrint::add_handlers() {
    add_read_handler("active", [this] { return std::string(active_ ? "true" : "false"); }, Handler::checkbox);
    add_parsed_write_handler<bool>(this, "active", BoolArg(), [this](bool active, ErrorHandler*) {
        active_ = active;
        return 0;
    }, Handler::checkbox);
}

SNF_EXPORT_ELEMENT(IPPrint)

}  // namespace snf::click
