// RewriterFlow: one mapping of a rewriter, Click's IPRewriterFlow. It holds both
// directions: key[0] is the forward flow as packets arrive, key[1] the reply flow as
// they arrive (the rewritten forward flow reversed). A packet arriving with key[d] leaves
// with key[!d].reverse() as its flow, on output[d]. The checksum deltas of the forward
// rewrite are computed once; the reply direction applies their inverse.
//
// TCP flows can carry sequence-number translations (SeqDeltas) that FTPPortMapper asks
// for when it changes a payload's length; the ack numbers and SACK blocks of the other
// direction are translated back.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rewriter/flow_key.hh"

namespace snf::click {
class WritablePacket;
}

namespace snf::click::rewriter {

// How a rewriter changes headers.
enum class RewriteKind : uint8_t {
    ports,       // TCP/UDP addresses and ports (IPRewriter, TCPRewriter, UDPRewriter)
    source_only, // forward: source address; reply: destination address (IPAddrRewriter)
    addresses,   // both addresses, no ports (IPAddrPairRewriter)
    icmp_echo,   // addresses and the echo identifier (ICMPPingRewriter)
};

// Sequence-number translation of one TCP mapping, per direction: a base delta for old
// sequence numbers and a list of (trigger, cumulative delta) transitions, oldest first;
// a sequence number at or after a trigger gets that transition's delta.
struct SeqDeltas {
    struct Transition {
        uint32_t trigger;
        int32_t delta;
    };
    static constexpr std::size_t max_transitions = 16;

    int32_t base[2] = {0, 0};
    std::vector<Transition> transitions[2];

    bool active(int direction) const noexcept { return base[direction] != 0 || !transitions[direction].empty(); }
    uint32_t new_seq(int direction, uint32_t seq) const noexcept;
    // Translates an ack number carried by a packet of `direction` (it acknowledges the
    // other direction's sequence space).
    uint32_t new_ack(int direction, uint32_t ack) const noexcept;
    // Makes sequence numbers of `direction` at or after `trigger` move by `delta` more
    // than those before it. Returns false for a trigger older than the newest one.
    bool update(int direction, uint32_t trigger, int32_t delta);
    // Folds transitions 2^30 behind `seq` into the base delta.
    void retire(int direction, uint32_t seq) noexcept;
    // The newest cumulative delta of a direction (for table dumps).
    int32_t current(int direction) const noexcept {
        return transitions[direction].empty() ? base[direction] : transitions[direction].back().delta;
    }
};

// TCP connection state bits (Click's TCPFlow flags); UDP flows keep their packet count
// and directions seen in the same byte.
enum : uint8_t {
    tcp_forward_done = 1,
    tcp_reply_done = 2,
    tcp_both_done = 3,
    tcp_forward_data = 4,
    tcp_reply_data = 8,
    tcp_both_data = 12,
    udp_seen_forward = 1,
    udp_seen_reply = 2,
    udp_count_shift = 2,  // packets seen, saturating at 3, in bits 2-3
};

// One cache line per mapping: a lookup's key comparison brings in everything the
// rewrite needs.
struct alignas(64) RewriterFlow {
    FlowKey key[2];
    uint16_t output[2] = {0, 0};
    uint16_t ip_delta = 0;  // forward IP header checksum delta
    uint16_t l4_delta = 0;  // forward transport checksum delta
    uint16_t input = 0;     // the input spec that created it
    uint8_t state = 0;      // tcp_* / udp_* bits
    bool live = false;
    uint32_t store_touched_ms = 0;  // stateless modes: when the store's TTL was last refreshed
    int64_t last_used_ns = 0;       // coarse monotonic time of the latest packet
    std::unique_ptr<SeqDeltas> seq;

    // Sets keys, outputs and checksum deltas for a new mapping of `flow` to `rewritten`.
    void assign(RewriteKind kind, const FlowKey& flow, const FlowKey& rewritten, int foutput, int routput,
                int from_input);
    FlowKey rewritten(int direction) const noexcept { return key[!direction].reverse(); }
    // Milliseconds of the coarse clock, as store_touched_ms keeps them.
    static uint32_t touch_stamp(int64_t now_ns) noexcept { return uint32_t(now_ns / 1000000); }
    bool udp_streaming() const noexcept {
        return (state & (udp_seen_forward | udp_seen_reply)) == (udp_seen_forward | udp_seen_reply) &&
               (state >> udp_count_shift) >= 3;
    }
};

static_assert(sizeof(RewriterFlow) == 64);

// Rewrites a packet arriving in `direction` of `flow`. The packet's network header is
// set and its IPv4 and transport headers were bounds-checked by the caller (transport
// headers only for first fragments). Updates the flow's TCP/UDP state.
void apply_flow(RewriteKind kind, RewriterFlow& flow, int direction, WritablePacket* p, bool set_dst_anno);

// One line of a table dump, Click's format:
// "(SA, SP, DA, DP) => (SA', SP', DA', DP') [*0 1] i0 exp300" (" seq +N" for TCP deltas).
std::string unparse_flow(RewriteKind kind, const RewriterFlow& flow, int direction, int64_t expires_in_sec);

}  // namespace snf::click::rewriter
