// SyncTier: the `sync` access mode of FlowStateTier, and the base of the other two.
// Every operation is one blocking call sequence on the store (through the cache when the
// StoreHandle has one): get reads; create_pair runs PairCreation; put writes
// unconditionally; touch rewrites only when the TouchTracker says ttl/4 has passed (or,
// without refresh_tracking, whenever the element calls it);
// remove removes and forgets the key. Writes carry the tier's TTL.
//
// The async entry points work in this mode too: the operation runs at once, blocking,
// and its result waits in the CompletionQueue until poll() delivers it, so an element
// written against the async interface runs unchanged in every mode. Such results count
// toward max_in_flight until delivered.
#pragma once

#include <memory>
#include <string>

#include "stateless/completion_queue.hh"
#include "stateless/flow_state_tier.hh"
#include "stateless/store_handle.hh"
#include "stateless/touch_tracker.hh"

namespace snf::click::stateless {

class SyncTier : public FlowStateTier {
public:
    explicit SyncTier(const TierOptions& options);
    ~SyncTier() override;

    // Opens the client, the table and (cache_entries > 0) the cache.
    bool open_store(uint32_t cache_entries, std::string& error);

    StateMode mode() const noexcept override { return StateMode::sync; }

    TierResult get(std::span<const uint8_t> key) override;
    TierResult create_pair(std::span<const uint8_t> primary_key, std::span<const uint8_t> primary_value,
                           std::span<const uint8_t> secondary_key,
                           std::span<const uint8_t> secondary_value) override;
    TierResult put(std::span<const uint8_t> key, std::span<const uint8_t> value) override;
    TierResult touch(std::span<const uint8_t> key, std::span<const uint8_t> value) override;
    TierResult remove(std::span<const uint8_t> key) override;

    bool get_async(std::span<const uint8_t> key, TierCallback callback, void* context,
                   uint64_t cookie) override;
    bool create_pair_async(std::span<const uint8_t> primary_key, std::span<const uint8_t> primary_value,
                           std::span<const uint8_t> secondary_key,
                           std::span<const uint8_t> secondary_value, TierCallback callback,
                           void* context, uint64_t cookie) override;
    std::size_t poll(std::size_t max = 256) override;
    std::size_t in_flight() const noexcept override { return completions_.size(); }
    bool drain(int64_t timeout_ms) override;

    TierCounters counters() const override;
    std::string backend() const override;

protected:
    // Runs just before a delivered result's callback, on the element thread.
    virtual void on_delivered(PendingCompletion& entry) {}
    // Takes a delivered entry back after its callback ran (the default frees it).
    virtual void recycle(std::unique_ptr<PendingCompletion> entry) {}
    // Counts an outcome of create_pair and remembers the keys of a created pair.
    void account_creation(const TierResult& result, std::span<const uint8_t> primary_key,
                          std::span<const uint8_t> secondary_key);
    bool overloaded() const noexcept { return completions_.size() >= options_.max_in_flight; }
    // Whether touch() should write `key` now (always, without refresh_tracking).
    bool refresh_due(std::span<const uint8_t> key, uint64_t now_ms) const;

    const TierOptions options_;
    StoreHandle store_;
    TouchTracker tracker_;
    CompletionQueue completions_;
    TierCounters counters_;
};

}  // namespace snf::click::stateless
