// Mapping <-> store bytes.
#include "rewriter/stateless_flow_codec.hh"

#include <cstring>

namespace snf::click::rewriter {

namespace {

constexpr uint8_t codec_version = 1;
constexpr std::size_t fixed_size = 1 + 1 + 1 + 1 + 1 + 2 + 2 + 2 + 12 + 12 + 1 + 1 + 4 + 4;

// Writers into a value sized beforehand (one resize, no per-byte growth checks: every
// new flow encodes two values). Each returns the position after what it wrote.
uint8_t* put16(uint8_t* at, uint16_t v) {
    at[0] = uint8_t(v >> 8);
    at[1] = uint8_t(v);
    return at + 2;
}
uint8_t* put32(uint8_t* at, uint32_t v) { return put16(put16(at, uint16_t(v >> 16)), uint16_t(v)); }
// Addresses and ports are copied as on the wire.
uint8_t* put_key(uint8_t* at, const FlowKey& k) {
    std::memcpy(at, &k.saddr, 4);
    std::memcpy(at + 4, &k.sport, 2);
    std::memcpy(at + 6, &k.daddr, 4);
    std::memcpy(at + 10, &k.dport, 2);
    return at + 12;
}

struct Reader {
    std::span<const uint8_t> in;
    std::size_t at = 0;
    bool ok = true;
    const uint8_t* take(std::size_t n) {
        if (!ok || in.size() - at < n) {
            ok = false;
            return nullptr;
        }
        const uint8_t* p = in.data() + at;
        at += n;
        return p;
    }
    uint8_t u8() {
        const uint8_t* p = take(1);
        return p ? p[0] : 0;
    }
    uint16_t u16() {
        const uint8_t* p = take(2);
        return p ? uint16_t(p[0] << 8 | p[1]) : 0;
    }
    uint32_t u32() {
        uint32_t hi = u16();
        return hi << 16 | u16();
    }
    FlowKey key(uint8_t proto) {
        FlowKey k;
        k.proto = proto;
        if (const uint8_t* p = take(12)) {
            std::memcpy(&k.saddr, p, 4);
            std::memcpy(&k.sport, p + 4, 2);
            std::memcpy(&k.daddr, p + 6, 4);
            std::memcpy(&k.dport, p + 10, 2);
        }
        return k;
    }
};

}  // namespace

void encode_flow_key(const FlowKey& key, uint8_t (&out)[stored_key_size]) {
    out[0] = key.proto;
    std::memcpy(out + 1, &key.saddr, 4);
    std::memcpy(out + 5, &key.sport, 2);
    std::memcpy(out + 7, &key.daddr, 4);
    std::memcpy(out + 11, &key.dport, 2);
}

void encode_flow(RewriteKind kind, const RewriterFlow& flow, int direction, std::vector<uint8_t>& out) {
    const SeqDeltas* seq = flow.seq.get();
    std::size_t n0 = seq ? seq->transitions[0].size() : 0;
    std::size_t n1 = seq ? seq->transitions[1].size() : 0;
    // Every byte is written below, so what a reused buffer held before does not matter.
    out.resize(fixed_size + 8 * (n0 + n1));
    uint8_t* at = out.data();
    *at++ = codec_version;
    *at++ = uint8_t(direction);
    *at++ = uint8_t(kind);
    // UDP packet counts only steer local timeouts; storing them would turn every new
    // flow's first packets into writes.
    *at++ = flow.key[0].proto == 6 ? flow.state : 0;
    *at++ = flow.key[0].proto;
    at = put16(at, flow.output[0]);
    at = put16(at, flow.output[1]);
    at = put16(at, flow.input);
    at = put_key(at, flow.key[0]);
    at = put_key(at, flow.key[1]);
    *at++ = uint8_t(n0);
    *at++ = uint8_t(n1);
    at = put32(at, seq ? uint32_t(seq->base[0]) : 0);
    at = put32(at, seq ? uint32_t(seq->base[1]) : 0);
    if (seq)
        for (int d = 0; d < 2; ++d)
            for (const SeqDeltas::Transition& t : seq->transitions[d]) {
                at = put32(at, t.trigger);
                at = put32(at, uint32_t(t.delta));
            }
}

bool decode_flow(RewriteKind kind, std::span<const uint8_t> value, RewriterFlow& flow, int& direction) {
    if (value.size() < fixed_size)
        return false;
    Reader r{value};
    if (r.u8() != codec_version)
        return false;
    direction = r.u8();
    if (direction > 1 || r.u8() != uint8_t(kind))
        return false;
    uint8_t state = r.u8();
    uint8_t proto = r.u8();
    uint16_t out0 = r.u16(), out1 = r.u16(), input = r.u16();
    FlowKey k0 = r.key(proto), k1 = r.key(proto);
    std::size_t n0 = r.u8(), n1 = r.u8();
    int32_t base0 = int32_t(r.u32()), base1 = int32_t(r.u32());
    if (!r.ok || n0 > SeqDeltas::max_transitions || n1 > SeqDeltas::max_transitions ||
        value.size() != fixed_size + 8 * (n0 + n1))
        return false;
    flow.assign(kind, k0, k1.reverse(), out0, out1, input);
    flow.state = state;
    if (n0 || n1 || base0 || base1) {
        flow.seq = std::make_unique<SeqDeltas>();
        flow.seq->base[0] = base0;
        flow.seq->base[1] = base1;
        for (std::size_t i = 0; i < n0 + n1; ++i) {
            uint32_t trigger = r.u32();
            int32_t delta = int32_t(r.u32());
            flow.seq->transitions[i < n0 ? 0 : 1].push_back({trigger, delta});
        }
    }
    return r.ok;
}

}  // namespace snf::click::rewriter
