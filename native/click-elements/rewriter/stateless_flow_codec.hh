// How a rewriter mapping is stored in the StatelessNF store. Each mapping is two
// objects, one under each direction's flow key, so any instance finds it from either
// direction's packets; both carry the whole mapping (keys, outputs, input, TCP state and
// sequence deltas) and say which direction their key is.
//
// Key:   proto(1) saddr(4) sport(2) daddr(4) dport(2), addresses and ports as on the wire.
// Value: version(1)=1 direction(1) kind(1) state(1) proto(1) output0(2) output1(2) input(2)
//        key0(12) key1(12) transitions0(1) transitions1(1) base0(4) base1(4)
//        then (trigger(4) delta(4)) per transition, direction 0 first; big-endian.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "rewriter/rewriter_flow.hh"

namespace snf::click::rewriter {

inline constexpr std::size_t stored_key_size = 13;

void encode_flow_key(const FlowKey& key, uint8_t (&out)[stored_key_size]);
// The object stored under flow.key[direction].
void encode_flow(RewriteKind kind, const RewriterFlow& flow, int direction, std::vector<uint8_t>& out);
// Rebuilds a mapping (checksum deltas recomputed); false for a value that is not a
// well-formed mapping of this kind. `direction` is the side the value was stored under.
bool decode_flow(RewriteKind kind, std::span<const uint8_t> value, RewriterFlow& flow, int& direction);

}  // namespace snf::click::rewriter
