// CacheTier implementation: the counters; everything else is SyncTier over a cached handle.
#include "stateless/cache_tier.hh"

namespace snf::click::stateless {

TierCounters CacheTier::counters() const {
    TierCounters counters = SyncTier::counters();
    snf_cache_stats stats{};
    if (store_.cache() != nullptr && snf_cache_stats_get(store_.cache(), &stats) == SNF_OK) {
        counters.hits = stats.hits;
        counters.misses = stats.misses;
    }
    return counters;
}

}  // namespace snf::click::stateless
