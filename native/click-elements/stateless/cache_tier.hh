// CacheTier: the `cache` access mode of FlowStateTier. The StoreHandle reads and writes
// through an snf_cache (LRU, write-through, bounded by TierOptions::cache_entries) in
// front of the store, so every SyncTier operation keeps its meaning:
//   get          a hit is answered from memory; a miss reads the store (where another
//                instance's flows are) and fills the cache;
//   create_pair  both create-if-absent writes go to the store and, once acknowledged,
//                into the cache; a lost race drops the rejected entry and reads the
//                winner's primary through the cache, which caches it;
//   put / touch  write through with the tier's TTL, which the cached copy honours too;
//   remove       removes from the store, then drops the entry.
// The cache is coherent with this tier's own writes, not with other instances' (as in
// StatelessNF's cache mode, where a flow's packets reach one instance at a time).
// counters() reports the cache's own hits and misses.
#pragma once

#include "stateless/sync_tier.hh"

namespace snf::click::stateless {

class CacheTier : public SyncTier {
public:
    using SyncTier::SyncTier;

    StateMode mode() const noexcept override { return StateMode::cache; }
    TierCounters counters() const override;
};

}  // namespace snf::click::stateless
