// FlowStateTier: mode and status names, and the factory that picks the tier of a mode.
#include "stateless/flow_state_tier.hh"

#include "stateless/async_tier.hh"
#include "stateless/cache_tier.hh"
#include "stateless/sync_tier.hh"

namespace snf::click::stateless {

bool parse_state_mode(std::string_view text, StateMode& mode) {
    if (text == "sync") {
        mode = StateMode::sync;
    } else if (text == "async") {
        mode = StateMode::async;
    } else if (text == "cache") {
        mode = StateMode::cache;
    } else {
        return false;
    }
    return true;
}

const char* state_mode_name(StateMode mode) {
    switch (mode) {
        case StateMode::sync: return "sync";
        case StateMode::async: return "async";
        case StateMode::cache: return "cache";
    }
    return "unknown";
}

const char* tier_status_name(TierStatus status) {
    switch (status) {
        case TierStatus::found: return "found";
        case TierStatus::missing: return "missing";
        case TierStatus::created: return "created";
        case TierStatus::lost_race: return "lost_race";
        case TierStatus::secondary_taken: return "secondary_taken";
        case TierStatus::updated: return "updated";
        case TierStatus::unavailable: return "unavailable";
        case TierStatus::overloaded: return "overloaded";
    }
    return "unknown";
}

std::unique_ptr<FlowStateTier> FlowStateTier::open(const TierOptions& options, std::string& error) {
    if (options.max_in_flight == 0) {
        error = "max_in_flight must be at least 1";
        return nullptr;
    }
    std::unique_ptr<SyncTier> tier;
    uint32_t cache_entries = 0;
    switch (options.mode) {
        case StateMode::sync: tier = std::make_unique<SyncTier>(options); break;
        case StateMode::async: tier = std::make_unique<AsyncTier>(options); break;
        case StateMode::cache:
            if (options.cache_entries == 0) {
                error = "cache mode needs cache_entries >= 1";
                return nullptr;
            }
            cache_entries = options.cache_entries;
            tier = std::make_unique<CacheTier>(options);
            break;
    }
    if (!tier) {
        error = "unknown state mode";
        return nullptr;
    }
    if (!tier->open_store(cache_entries, error)) return nullptr;
    return tier;
}

}  // namespace snf::click::stateless
