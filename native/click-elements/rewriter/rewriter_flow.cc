// RewriterFlow: checksum deltas, header rewriting per rewriter kind, TCP sequence-number
// translation (with SACK blocks), and the table text.
#include "rewriter/rewriter_flow.hh"

#include <algorithm>

#include "rewriter/checksum_update.hh"
#include "snf/click/packet.hh"

namespace snf::click::rewriter {

namespace {

constexpr uint8_t proto_tcp = 6;
constexpr uint8_t proto_udp = 17;
constexpr uint8_t tcp_fin = 0x01, tcp_syn = 0x02, tcp_rst = 0x04;

bool seq_geq(uint32_t a, uint32_t b) noexcept { return int32_t(a - b) >= 0; }

// Rewrites the SACK blocks of a TCP header of `header_length` bytes.
void translate_sack(const SeqDeltas& seq, int direction, unsigned char* th, uint32_t header_length) {
    unsigned char* opt = th + 20;
    unsigned char* end = th + header_length;
    while (opt < end) {
        if (*opt == 0)
            return;
        if (*opt == 1) {
            ++opt;
            continue;
        }
        if (end - opt < 2 || opt[1] < 2 || opt + opt[1] > end)
            return;
        if (*opt == 5 && (opt[1] - 2) % 8 == 0)
            for (unsigned char* edge = opt + 2; edge < opt + opt[1]; edge += 4) {
                uint32_t old_edge = host32(load_raw32(edge));
                replace_u32(edge, net32(seq.new_ack(direction, old_edge)), th + 16);
            }
        opt += opt[1];
    }
}

void rewrite_tcp(RewriterFlow& flow, int direction, unsigned char* ip, uint32_t ip_header_length,
                 uint32_t ip_length, unsigned char* th, uint32_t transport_length) {
    uint8_t flags = th[13];
    uint32_t header_length = uint32_t(th[12] >> 4) * 4;
    bool payload = ip_header_length + header_length < ip_length;
    if (flags & tcp_rst)
        flow.state |= tcp_both_done;
    else if (flags & tcp_fin)
        flow.state |= uint8_t(tcp_forward_done << direction);
    else if ((flags & tcp_syn) || payload)
        flow.state &= uint8_t(~(tcp_forward_done << direction));
    if (payload)
        flow.state |= uint8_t(tcp_forward_data << direction);

    SeqDeltas* seq = flow.seq.get();
    if (!seq || header_length < 20 || transport_length < header_length)
        return;
    uint32_t seqno = host32(load_raw32(th + 4));
    seq->retire(direction, seqno);
    if (seq->active(direction))
        replace_u32(th + 4, net32(seq->new_seq(direction, seqno)), th + 16);
    if (seq->active(!direction)) {
        uint32_t ackno = host32(load_raw32(th + 8));
        replace_u32(th + 8, net32(seq->new_ack(direction, ackno)), th + 16);
        // Only headers with more than a lone timestamp option can carry SACK blocks.
        if (header_length > 32 || (header_length == 32 && load_raw32(th + 20) != net32(0x0101080A)))
            translate_sack(*seq, direction, th, header_length);
    }
}

}  // namespace

uint32_t SeqDeltas::new_seq(int direction, uint32_t seq) const noexcept {
    const auto& list = transitions[direction];
    for (auto it = list.rbegin(); it != list.rend(); ++it)
        if (seq_geq(seq, it->trigger))
            return seq + uint32_t(it->delta);
    return seq + uint32_t(base[direction]);
}

uint32_t SeqDeltas::new_ack(int direction, uint32_t ack) const noexcept {
    int other = !direction;
    const auto& list = transitions[other];
    for (auto it = list.rbegin(); it != list.rend(); ++it)
        if (seq_geq(ack - uint32_t(it->delta), it->trigger))
            return ack - uint32_t(it->delta);
    return ack - uint32_t(base[other]);
}

bool SeqDeltas::update(int direction, uint32_t trigger, int32_t delta) {
    auto& list = transitions[direction];
    if (!list.empty() && !seq_geq(trigger, list.back().trigger))
        return false;
    if (!list.empty() && trigger == list.back().trigger) {
        // A retransmission of the same change: recompute, do not add twice.
        int32_t before = list.size() >= 2 ? list[list.size() - 2].delta : base[direction];
        list.back().delta = before + delta;
        return true;
    }
    list.push_back({trigger, current(direction) + delta});
    if (list.size() > max_transitions) {
        base[direction] = list.front().delta;
        list.erase(list.begin());
    }
    return true;
}

void SeqDeltas::retire(int direction, uint32_t seq) noexcept {
    auto& list = transitions[direction];
    while (!list.empty() && seq_geq(seq, list.front().trigger + (1u << 30))) {
        base[direction] = list.front().delta;
        list.erase(list.begin());
    }
}

void RewriterFlow::assign(RewriteKind kind, const FlowKey& flow, const FlowKey& rewritten_flow, int foutput,
                          int routput, int from_input) {
    key[0] = flow;
    key[1] = rewritten_flow.reverse();
    output[0] = uint16_t(foutput);
    output[1] = uint16_t(routput);
    input = uint16_t(from_input);
    state = 0;
    seq.reset();
    uint32_t ip = 0;
    add_u32_change(ip, flow.saddr, rewritten_flow.saddr);
    add_u32_change(ip, flow.daddr, rewritten_flow.daddr);
    ip_delta = fold_sum(ip);
    uint32_t l4 = 0;
    switch (kind) {
    case RewriteKind::ports:
        l4 = ip;
        add_word_change(l4, flow.sport, rewritten_flow.sport);
        add_word_change(l4, flow.dport, rewritten_flow.dport);
        break;
    case RewriteKind::source_only:
    case RewriteKind::addresses:
        l4 = ip;
        break;
    case RewriteKind::icmp_echo:
        add_word_change(l4, flow.sport, rewritten_flow.sport);
        break;
    }
    l4_delta = fold_sum(l4);
}

void apply_flow(RewriteKind kind, RewriterFlow& flow, int direction, WritablePacket* p, bool set_dst_anno) {
    unsigned char* ip = p->network_header();
    uint32_t ip_header_length = uint32_t(ip[0] & 0x0f) * 4;
    const FlowKey& to = flow.key[!direction];  // the packet leaves as to.reverse()
    uint16_t ip_delta = direction ? inverse_delta(flow.ip_delta) : flow.ip_delta;
    uint16_t l4_delta = direction ? inverse_delta(flow.l4_delta) : flow.l4_delta;

    if (kind == RewriteKind::source_only) {
        if (direction == 0)
            store_raw32(ip + 12, to.daddr);
        else
            store_raw32(ip + 16, to.saddr);
    } else {
        store_raw32(ip + 12, to.daddr);
        store_raw32(ip + 16, to.saddr);
    }
    apply_checksum_delta(ip + 10, ip_delta);
    if (set_dst_anno)
        p->set_dst_ip_anno(load_raw32(ip + 16));

    bool first_fragment = (load_raw16(ip + 6) & net16(0x1fff)) == 0;
    if (!first_fragment)
        return;
    uint32_t available = uint32_t(p->end_data() - ip);
    uint32_t ip_length = std::min<uint32_t>(available, host16(load_raw16(ip + 2)));
    if (ip_length < ip_header_length)
        return;
    unsigned char* th = ip + ip_header_length;
    uint32_t transport_length = ip_length - ip_header_length;
    uint8_t proto = ip[9];

    if (kind == RewriteKind::icmp_echo) {
        if (transport_length < 8)
            return;
        store_raw16(th + 4, direction == 0 ? to.dport : to.sport);
        apply_checksum_delta(th + 2, l4_delta);
        return;
    }
    if (proto == proto_tcp && transport_length >= 20) {
        if (kind == RewriteKind::ports) {
            store_raw16(th, to.dport);
            store_raw16(th + 2, to.sport);
        }
        apply_checksum_delta(th + 16, l4_delta);
        if (kind == RewriteKind::ports)
            rewrite_tcp(flow, direction, ip, ip_header_length, ip_length, th, transport_length);
    } else if (proto == proto_udp && transport_length >= 8) {
        if (kind == RewriteKind::ports) {
            store_raw16(th, to.dport);
            store_raw16(th + 2, to.sport);
            uint8_t count = uint8_t(flow.state >> udp_count_shift);
            flow.state = uint8_t((flow.state & 3) | (direction ? udp_seen_reply : udp_seen_forward) |
                                 (std::min<uint8_t>(count + 1, 3) << udp_count_shift));
        }
        if (load_raw16(th + 6) != 0) {  // zero means "no checksum" and stays zero
            apply_checksum_delta(th + 6, l4_delta);
            if (load_raw16(th + 6) == 0)
                store_raw16(th + 6, 0xffff);
        }
    }
}

std::string unparse_flow(RewriteKind kind, const RewriterFlow& flow, int direction, int64_t expires_in_sec) {
    std::string s;
    const FlowKey& in = flow.key[direction];
    FlowKey out = flow.rewritten(direction);
    if (kind == RewriteKind::icmp_echo) {
        s = '(' + unparse_ip(in.saddr) + ", " + unparse_ip(in.daddr) + ", " + std::to_string(host16(in.sport)) +
            ") => (" + unparse_ip(out.saddr) + ", " + unparse_ip(out.daddr) + ", " +
            std::to_string(host16(out.sport)) + ')';
    } else {
        s = in.unparse() + " => " + out.unparse();
    }
    if (flow.seq && flow.seq->current(direction) != 0) {
        int32_t d = flow.seq->current(direction);
        s += " seq " + std::string(d > 0 ? "+" : "") + std::to_string(d);
    }
    s += " [";
    if (direction == 0)
        s += '*';
    s += std::to_string(flow.output[0]) + ' ';
    if (direction == 1)
        s += '*';
    s += std::to_string(flow.output[1]) + "] i" + std::to_string(flow.input) + " exp" + std::to_string(expires_in_sec);
    return s;
}

}  // namespace snf::click::rewriter
