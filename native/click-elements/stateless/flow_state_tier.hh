// FlowStateTier: where a stateless element keeps its per-flow state, in the StatelessNF
// client (snf_client.h), in one of the paper's three access modes:
//   sync   every lookup and every create is a blocking round trip to the store;
//   async  lookups and creates are submitted and complete later, from poll(), so the
//          element can park packets instead of waiting;
//   cache  a write-through LRU (snf_cache) in front of the store: hits stay local, misses
//          and creates go to the store, so other instances' state is still found.
// The tier knows nothing about packets or rewriting: keys and values are opaque bytes
// (a rewriter stores a flow's 5-tuple -> mapping). What it guarantees:
//   - create_pair() makes two objects appear under the rule "whoever creates the primary
//     key first wins": the secondary (reply) key is created first with create-if-absent,
//     then the primary with create-if-absent; a loser reads and returns the winner's
//     primary value and removes its own secondary, so two instances that race on one new
//     flow end with one mapping;
//   - a result is only reported as found/created after the store acknowledged it;
//   - store failures are results (status `unavailable`), never exceptions or crashes;
//     the client reconnects by itself and later calls succeed again;
//   - TTL: objects are written with the tier's ttl; touch() refreshes it lazily (at most
//     once per ttl/4 per key), never on every packet.
// Thread-safety: one tier belongs to one element, used from its router thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace snf::click::stateless {

enum class StateMode { sync, async, cache };

// "sync", "async", "cache" -> mode; false for anything else.
bool parse_state_mode(std::string_view text, StateMode& mode);
const char* state_mode_name(StateMode mode);

struct TierOptions {
    std::string store_uri = "embedded:";  // any snf_client_open URI
    std::string table = "snf_flows";      // created if absent
    StateMode mode = StateMode::sync;
    uint32_t cache_entries = 65536;       // cache mode: LRU bound
    uint32_t max_in_flight = 65536;       // async mode: submitted, not yet completed ops
    uint32_t ttl_ms = 0;                  // 0: objects never expire
    // false: the element keeps when it last wrote each flow itself and calls touch() only
    // when a refresh is due, so the tier tracks nothing and touch() always writes (with
    // ttl_ms 0 it still never writes); saves the tracker's bookkeeping on every create.
    bool refresh_tracking = true;
};

enum class TierStatus {
    found,         // get: value holds the object
    missing,       // get: no such object
    created,       // create_pair: both objects are ours
    lost_race,     // create_pair: the primary existed; value holds the winner's primary
    secondary_taken,  // create_pair: the secondary key existed (pick another reply key)
    updated,       // put / touch / remove succeeded
    unavailable,   // the store failed or timed out; `error` says why
    overloaded,    // async: max_in_flight reached, nothing was submitted
};

const char* tier_status_name(TierStatus status);

struct TierResult {
    TierStatus status = TierStatus::unavailable;
    std::vector<uint8_t> value;  // found / lost_race
    uint64_t version = 0;        // the store's version of the object read or written
    std::string error;           // unavailable: the client's message
};

// Async completions: called from poll(), on the element's thread, exactly once per
// accepted submission, in submission order.
using TierCallback = void (*)(void* context, uint64_t cookie, const TierResult& result);

// gets and creates count get()/create_pair() calls and accepted get_async()/
// create_pair_async() submissions; races_lost and secondary_conflicts count those
// outcomes (async ones when poll() delivers them); touches counts the refreshes touch()
// actually wrote, not the calls it skipped; in_flight counts accepted submissions that
// poll() has not delivered yet (in sync and cache mode they complete at once and wait
// only for poll()).
struct TierCounters {
    uint64_t gets = 0, hits = 0, misses = 0;          // hits/misses: cache mode's LRU
    uint64_t creates = 0, races_lost = 0, secondary_conflicts = 0;
    uint64_t puts = 0, touches = 0, removes = 0;
    uint64_t failures = 0;                             // results with status unavailable
    uint64_t in_flight = 0;                            // async, now
};

class FlowStateTier {
public:
    // Opens the client and the table. On failure returns null and sets `error`.
    static std::unique_ptr<FlowStateTier> open(const TierOptions& options, std::string& error);
    virtual ~FlowStateTier() = default;

    virtual StateMode mode() const noexcept = 0;

    // Blocking operations (any mode; in async mode they wait for earlier submissions of
    // the same key first, so order per key is kept).
    virtual TierResult get(std::span<const uint8_t> key) = 0;
    virtual TierResult create_pair(std::span<const uint8_t> primary_key, std::span<const uint8_t> primary_value,
                                   std::span<const uint8_t> secondary_key,
                                   std::span<const uint8_t> secondary_value) = 0;
    // Unconditional overwrite of an existing flow's object (e.g. TCP sequence deltas).
    virtual TierResult put(std::span<const uint8_t> key, std::span<const uint8_t> value) = 0;
    // Refreshes the TTL of `key` (rewriting `value`) if ttl/4 has passed since this tier
    // last wrote it; otherwise does nothing and returns `updated`.
    // (A refresh that was written returns the new version; a skipped one version 0. With
    // ttl_ms 0 nothing expires and touch never writes. A key this tier never wrote, or
    // one its bounded tracker forgot, is refreshed at once; without refresh_tracking
    // every touch is.)
    virtual TierResult touch(std::span<const uint8_t> key, std::span<const uint8_t> value) = 0;
    // `updated` with the removed version, or version 0 if there was nothing to remove.
    virtual TierResult remove(std::span<const uint8_t> key) = 0;

    // Async operations: return false (and count nothing) when the tier is overloaded;
    // otherwise `callback(context, cookie, result)` runs later from poll().
    virtual bool get_async(std::span<const uint8_t> key, TierCallback callback, void* context,
                           uint64_t cookie) = 0;
    virtual bool create_pair_async(std::span<const uint8_t> primary_key, std::span<const uint8_t> primary_value,
                                   std::span<const uint8_t> secondary_key,
                                   std::span<const uint8_t> secondary_value, TierCallback callback,
                                   void* context, uint64_t cookie) = 0;
    // Delivers completed async results (at most `max`); returns how many ran.
    virtual std::size_t poll(std::size_t max = 256) = 0;
    virtual std::size_t in_flight() const noexcept = 0;
    // Waits (bounded) until every submission has completed and been delivered.
    virtual bool drain(int64_t timeout_ms) = 0;

    virtual TierCounters counters() const = 0;
    // The client's backend name ("embedded", "redis", "ramcloud").
    virtual std::string backend() const = 0;
};

}  // namespace snf::click::stateless
