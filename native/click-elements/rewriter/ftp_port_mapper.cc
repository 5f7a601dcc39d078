// FTPPortMapper: PORT/EPRT parsing, data mapping, payload rewrite and sequence shift.
#include "rewriter/ftp_port_mapper.hh"

#include <cstring>
#include <string>

#include "rewriter/ip_rewriter_base.hh"
#include "rewriter/packet_headers.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"
#include "standard/internet_checksum.hh"

namespace snf::click {

using rewriter::FlowKey;

namespace {

// Where a command's address argument lies in the payload and what it says.
struct PortCommand {
    uint32_t arg_begin = 0;
    uint32_t arg_end = 0;
    uint32_t address = 0;  // network order
    uint16_t port = 0;     // network order
    bool extended = false; // EPRT
    char delimiter = '|';
};

bool word_is(const unsigned char* data, uint32_t length, const char* word) {
    for (uint32_t i = 0; i < 4; ++i)
        if (i >= length || (data[i] & ~0x20) != word[i])
            return false;
    return length > 4 && data[4] == ' ';
}

bool parse_decimal(const unsigned char* data, uint32_t& pos, uint32_t end, uint32_t max, uint32_t& value) {
    uint32_t start = pos;
    value = 0;
    while (pos < end && data[pos] >= '0' && data[pos] <= '9' && pos - start < 6)
        value = value * 10 + uint32_t(data[pos++] - '0');
    return pos > start && value <= max;
}

bool line_ends_at(const unsigned char* data, uint32_t pos, uint32_t length) {
    return pos < length && (data[pos] == '\r' || data[pos] == '\n');
}

bool parse_port_command(const unsigned char* data, uint32_t length, PortCommand& cmd) {
    bool port = word_is(data, length, "PORT");
    bool eprt = !port && word_is(data, length, "EPRT");
    if (!port && !eprt)
        return false;
    uint32_t pos = 5;
    while (pos < length && data[pos] == ' ')
        ++pos;
    cmd.arg_begin = pos;
    uint32_t n[6];
    if (port) {
        for (int i = 0; i < 6; ++i) {
            if (i > 0) {
                if (pos >= length || data[pos] != ',')
                    return false;
                ++pos;
            }
            if (!parse_decimal(data, pos, length, 255, n[i]))
                return false;
        }
    } else {
        if (pos >= length || data[pos] < 33 || data[pos] > 126)
            return false;
        cmd.delimiter = char(data[pos++]);
        cmd.extended = true;
        uint32_t family;
        if (!parse_decimal(data, pos, length, 2, family) || family != 1 || pos >= length ||
            data[pos++] != uint8_t(cmd.delimiter))
            return false;
        for (int i = 0; i < 4; ++i) {
            if (i > 0 && (pos >= length || data[pos++] != '.'))
                return false;
            if (!parse_decimal(data, pos, length, 255, n[i]))
                return false;
        }
        uint32_t p;
        if (pos >= length || data[pos++] != uint8_t(cmd.delimiter) || !parse_decimal(data, pos, length, 65535, p) ||
            pos >= length || data[pos++] != uint8_t(cmd.delimiter))
            return false;
        n[4] = p >> 8;
        n[5] = p & 255;
    }
    if (!line_ends_at(data, pos, length))
        return false;
    cmd.arg_end = pos;
    cmd.address = rewriter::net32(n[0] << 24 | n[1] << 16 | n[2] << 8 | n[3]);
    cmd.port = rewriter::net16(uint16_t(n[4] << 8 | n[5]));
    return true;
}

std::string unparse_argument(const PortCommand& cmd, const FlowKey& mapped) {
    uint32_t a = rewriter::host32(mapped.saddr);
    uint16_t p = rewriter::host16(mapped.sport);
    std::string quad = std::to_string(a >> 24) + (cmd.extended ? "." : ",") + std::to_string((a >> 16) & 255) +
                       (cmd.extended ? "." : ",") + std::to_string((a >> 8) & 255) + (cmd.extended ? "." : ",") +
                       std::to_string(a & 255);
    if (!cmd.extended)
        return quad + ',' + std::to_string(p >> 8) + ',' + std::to_string(p & 255);
    std::string d(1, cmd.delimiter);
    return d + "1" + d + quad + d + std::to_string(p) + d;
}

}  // namespace

int FTPPortMapper::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    Element* control = nullptr;
    Element* data = nullptr;
    int data_input = 0;
    if (Args(conf, this, errh)
            .read_mp("CONTROL_REWRITER", control)
            .read_mp("DATA_REWRITER", data)
            .read_mp("DATA_REWRITER_INPUT", data_input)
            .complete() < 0)
        return -EINVAL;
    auto* control_rw = static_cast<IPRewriterBase*>(control->cast("IPRewriterBase"));
    if (!control_rw || control_rw->kind() != rewriter::RewriteKind::ports ||
        std::strcmp(control->class_name(), "UDPRewriter") == 0)
        return errh->error("CONTROL_REWRITER: expected a TCPRewriter-like element");
    auto* data_rw = static_cast<IPRewriterBase*>(data->cast("IPRewriterBase"));
    if (!data_rw)
        return errh->error("DATA_REWRITER: expected an IPRewriter-like element");
    if (data_input < 0 || data_input >= data_rw->ninputs())
        return errh->error("DATA_REWRITER_INPUT out of range");
    control_ = control_rw;
    data_ = data_rw;
    data_input_ = data_input;
    return 0;
}

void FTPPortMapper::add_handlers() {
    add_read_handler("rewrites", [this] { return std::to_string(rewrites_); });
}

Packet* FTPPortMapper::simple_action(Packet* p) {
    rewriter::IPv4View v;
    if (!rewriter::read_ipv4(p, v) || v.proto != rewriter::ip_proto_tcp || !v.first_fragment ||
        v.transport_length < 20)
        return p;
    uint32_t tcp_header_length = uint32_t(v.transport[12] >> 4) * 4;
    if (tcp_header_length < 20 || tcp_header_length > v.transport_length)
        return p;
    const unsigned char* payload = v.transport + tcp_header_length;
    uint32_t payload_length = v.transport_length - tcp_header_length;
    PortCommand cmd;
    if (!parse_port_command(payload, payload_length, cmd))
        return p;

    FlowKey control_key(v.saddr(), rewriter::load_raw16(v.transport), v.daddr(), rewriter::load_raw16(v.transport + 2),
                        rewriter::ip_proto_tcp);
    FlowKey ignored;
    if (!control_->map_flow(control_key, -1, ignored))
        return p;
    uint16_t data_port = rewriter::net16(uint16_t(rewriter::host16(control_key.dport) - 1));
    FlowKey data_key(cmd.address, cmd.port, v.daddr(), data_port, rewriter::ip_proto_tcp);
    FlowKey mapped;
    if (!data_->map_flow(data_key, data_input_, mapped))
        return p;

    std::string argument = unparse_argument(cmd, mapped);
    uint32_t old_length = cmd.arg_end - cmd.arg_begin;
    int32_t delta = int32_t(argument.size()) - int32_t(old_length);
    uint32_t seq = rewriter::host32(rewriter::load_raw32(v.transport + 4));
    uint32_t ip_offset = uint32_t(v.ip - p->data());
    uint32_t arg_offset = uint32_t(payload - p->data()) + cmd.arg_begin;
    uint32_t tail_length = payload_length - cmd.arg_end;
    uint32_t ip_length = v.length;

    WritablePacket* wp = p->uniqueify();
    if (!wp)
        return nullptr;
    // Drop link-layer padding past the IP datagram so the payload ends the packet.
    wp->take(uint32_t(wp->end_data() - (wp->data() + ip_offset + ip_length)));
    if (delta > 0 && !(wp = wp->put(uint32_t(delta))))
        return nullptr;
    unsigned char* data = wp->data();
    std::memmove(data + arg_offset + argument.size(), data + arg_offset + old_length, tail_length);
    std::memcpy(data + arg_offset, argument.data(), argument.size());
    if (delta < 0)
        wp->take(uint32_t(-delta));

    unsigned char* ip = data + ip_offset;
    uint32_t ip_header_length = uint32_t(ip[0] & 0x0f) * 4;
    uint32_t new_ip_length = uint32_t(int32_t(ip_length) + delta);
    store_be16(ip + 2, uint16_t(new_ip_length));
    store_be16(ip + 10, 0);
    store_be16(ip + 10, checksum_finish(checksum_add(ip, ip_header_length)));
    unsigned char* th = ip + ip_header_length;
    uint32_t segment_length = new_ip_length - ip_header_length;
    store_be16(th + 16, 0);
    uint32_t sum = pseudo_header_sum(ip, rewriter::ip_proto_tcp, segment_length);
    store_be16(th + 16, checksum_finish(checksum_add(th, segment_length, sum)));

    if (delta != 0)
        control_->update_seq_delta(control_key, seq + payload_length, delta);
    ++rewrites_;
    return wp;
}

SNF_EXPORT_ELEMENT(FTPPortMapper)

}  // namespace snf::click
