// SyncTier implementation.
#include "stateless/sync_tier.hh"

#include <algorithm>
#include <limits>
#include <utility>

#include "stateless/pair_creation.hh"

namespace snf::click::stateless {
namespace {

// The tracker remembers about two keys (primary and secondary) per cached flow, and
// never fewer than this many keys.
constexpr std::size_t kMinTrackedKeys = 4096;

TierResult updated_result(uint64_t version) {
    TierResult result;
    result.status = TierStatus::updated;
    result.version = version;
    return result;
}

TierResult failure_result(const StoreReply& reply) {
    return unavailable_result(reply.error.empty() ? std::string(snf_status_message(reply.status))
                                                  : reply.error);
}

}  // namespace

SyncTier::SyncTier(const TierOptions& options)
    : options_(options),
      tracker_(options.ttl_ms,
               std::max<std::size_t>(kMinTrackedKeys, std::size_t{2} * options.cache_entries)) {}

SyncTier::~SyncTier() {
    // Close before the queue goes: no completion may run once its entries are freed.
    store_.close();
}

bool SyncTier::open_store(uint32_t cache_entries, std::string& error) {
    return store_.open(options_.store_uri, options_.table, cache_entries, error);
}

TierResult SyncTier::get(std::span<const uint8_t> key) {
    ++counters_.gets;
    StoreReply reply = store_.read(key);
    if (reply.status == SNF_OK) {
        TierResult result;
        result.status = TierStatus::found;
        result.value = std::move(reply.value);
        result.version = reply.version;
        return result;
    }
    if (reply.status == SNF_ERR_OBJECT_DOESNT_EXIST) {
        TierResult result;
        result.status = TierStatus::missing;
        return result;
    }
    ++counters_.failures;
    return failure_result(reply);
}

void SyncTier::account_creation(const TierResult& result, std::span<const uint8_t> primary_key,
                                std::span<const uint8_t> secondary_key) {
    switch (result.status) {
        case TierStatus::created: {
            if (!options_.refresh_tracking) break;
            const uint64_t now = TouchTracker::now_ms();
            tracker_.wrote(primary_key, now);
            tracker_.wrote(secondary_key, now);
            break;
        }
        case TierStatus::lost_race: ++counters_.races_lost; break;
        case TierStatus::secondary_taken: ++counters_.secondary_conflicts; break;
        case TierStatus::unavailable: ++counters_.failures; break;
        default: break;
    }
}

TierResult SyncTier::create_pair(std::span<const uint8_t> primary_key,
                                 std::span<const uint8_t> primary_value,
                                 std::span<const uint8_t> secondary_key,
                                 std::span<const uint8_t> secondary_value) {
    ++counters_.creates;
    TierResult result = run_pair_creation(store_, options_.ttl_ms, primary_key, primary_value,
                                          secondary_key, secondary_value);
    account_creation(result, primary_key, secondary_key);
    return result;
}

TierResult SyncTier::put(std::span<const uint8_t> key, std::span<const uint8_t> value) {
    ++counters_.puts;
    const uint64_t now = TouchTracker::now_ms();
    StoreReply reply = store_.write(key, value, nullptr, options_.ttl_ms);
    if (reply.status != SNF_OK) {
        ++counters_.failures;
        return failure_result(reply);
    }
    if (options_.refresh_tracking) tracker_.wrote(key, now);
    return updated_result(reply.version);
}

TierResult SyncTier::touch(std::span<const uint8_t> key, std::span<const uint8_t> value) {
    // Taken before the write, so the next refresh comes early rather than late.
    const uint64_t now = TouchTracker::now_ms();
    if (!refresh_due(key, now)) return updated_result(0);
    ++counters_.touches;
    StoreReply reply = store_.write(key, value, nullptr, options_.ttl_ms);
    if (reply.status != SNF_OK) {
        ++counters_.failures;
        return failure_result(reply);
    }
    if (options_.refresh_tracking) tracker_.wrote(key, now);
    return updated_result(reply.version);
}

bool SyncTier::refresh_due(std::span<const uint8_t> key, uint64_t now_ms) const {
    if (options_.ttl_ms == 0) return false;
    return !options_.refresh_tracking || tracker_.refresh_due(key, now_ms);
}

TierResult SyncTier::remove(std::span<const uint8_t> key) {
    ++counters_.removes;
    tracker_.forget(key);
    StoreReply reply = store_.remove(key, nullptr);
    if (reply.status != SNF_OK) {
        ++counters_.failures;
        return failure_result(reply);
    }
    return updated_result(reply.version);  // version 0: there was nothing to remove
}

bool SyncTier::get_async(std::span<const uint8_t> key, TierCallback callback, void* context,
                         uint64_t cookie) {
    if (overloaded()) return false;
    auto entry = std::make_unique<PendingCompletion>(callback, context, cookie);
    PendingCompletion& pending = *entry;
    completions_.push(std::move(entry));
    completions_.complete(pending, get(key));
    return true;
}

bool SyncTier::create_pair_async(std::span<const uint8_t> primary_key,
                                 std::span<const uint8_t> primary_value,
                                 std::span<const uint8_t> secondary_key,
                                 std::span<const uint8_t> secondary_value, TierCallback callback,
                                 void* context, uint64_t cookie) {
    if (overloaded()) return false;
    auto entry = std::make_unique<PendingCompletion>(callback, context, cookie);
    PendingCompletion& pending = *entry;
    completions_.push(std::move(entry));
    completions_.complete(pending,
                          create_pair(primary_key, primary_value, secondary_key, secondary_value));
    return true;
}

std::size_t SyncTier::poll(std::size_t max) {
    std::size_t delivered = 0;
    while (delivered < max) {
        // Taken off the queue before the callback runs: the callback may submit more.
        std::unique_ptr<PendingCompletion> entry = completions_.pop_done();
        if (!entry) break;
        on_delivered(*entry);
        ++delivered;
        if (entry->callback != nullptr) entry->callback(entry->context, entry->cookie, entry->result);
        recycle(std::move(entry));
    }
    return delivered;
}

bool SyncTier::drain(int64_t timeout_ms) {
    const auto deadline = CompletionQueue::Clock::now() +
                          std::chrono::milliseconds(std::clamp<int64_t>(timeout_ms, 0, int64_t{1} << 40));
    for (;;) {
        poll(std::numeric_limits<std::size_t>::max());
        if (completions_.empty()) return true;
        // The deadline also stops callbacks that keep submitting from holding us here.
        if (CompletionQueue::Clock::now() >= deadline || !completions_.wait_front(deadline)) {
            poll(std::numeric_limits<std::size_t>::max());
            return completions_.empty();
        }
    }
}

TierCounters SyncTier::counters() const {
    TierCounters counters = counters_;
    counters.in_flight = completions_.size();
    return counters;
}

std::string SyncTier::backend() const {
    const char* name = store_.client() != nullptr ? snf_client_backend(store_.client()) : nullptr;
    return name != nullptr ? std::string(name) : std::string();
}

}  // namespace snf::click::stateless
