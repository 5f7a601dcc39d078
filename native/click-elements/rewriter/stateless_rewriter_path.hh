// StatelessRewriterPath: a rewriter's packet path with its mappings in the StatelessNF
// store, through the flow-state tier (stateless/flow_state_tier.hh), as the paper's
// stateless NAT does:
//   - a packet of a flow this instance does not hold causes a read of its key; on a miss
//     the input spec chooses a rewritten flow (ports from this instance's PORT_SLICE) and
//     the tier creates both directions' objects with create_pair(): a taken reply key
//     moves to the next candidate, a lost race adopts the winner's mapping;
//   - a packet leaves only with a mapping the store acknowledged;
//   - sync: every packet reads the store, blocking; cache: the rewriter's own table is
//     an LRU write-through cache of at most CACHE_SIZE mappings: hits are used locally,
//     misses read the store (so other instances' mappings are found), creations and TCP
//     state changes are written to the store first; async: packets are parked per flow
//     (FIFO, so per-flow order holds) while their read or create is in flight, a task
//     polls the tier and completes them, and at most MAX_PARKED packets wait (more are
//     dropped and counted). A miss waits until every flow that arrived earlier is
//     settled, so the result matches native mode;
//   - TCP state and FTPPortMapper's sequence deltas are written back (put) on change;
//     the store's TTL is refreshed lazily (tier touch, at most every TTL/4);
//   - store failures drop packets of flows this instance cannot resolve and count them;
//     the tier reconnects by itself, so forwarding resumes when the store returns (a
//     store unreachable at start is opened later, when it answers).
//
// Handlers it adds to the rewriter: store_failures, parked, parked_drops, store_stats
// (in cache mode its hits and misses are the rewriter table's).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "rewriter/ip_rewriter_base.hh"
#include "rewriter/stateless_path.hh"
#include "snf/click/task.hh"
#include "stateless/flow_state_tier.hh"

namespace snf::click::rewriter {

class StatelessRewriterPath final : public StatelessPath {
public:
    StatelessRewriterPath(IPRewriterBase& rewriter, const StatelessSettings& settings);
    ~StatelessRewriterPath() override;

    int initialize(ErrorHandler* errh) override;
    void cleanup() override;
    void push(int port, Packet* p) override;
    bool map_flow(const FlowKey& key, int input, FlowKey& rewritten) override;
    bool update_seq_delta(const FlowKey& key, uint32_t trigger, int32_t delta) override;
    void add_handlers() override;
    std::string backend() const override;
    uint64_t mappings_created() const override { return created_; }

private:
    enum class Outcome { mapped, unmapped, failed, exhausted };
    enum class Stage : uint8_t { lookup, lookup_alt, create, deferred };

    struct KeyHash {
        std::size_t operator()(const FlowKey& k) const noexcept { return std::size_t(k.hash()); }
    };
    // Packets of one flow waiting for the store, and where its resolution stands.
    struct ParkedFlow {
        // What settling this flow may still add to the store, for later flows' misses:
        // nothing, mappings whose reply keys come from one source address, or anything.
        enum class Creates : uint8_t { nothing, from_source, anything };

        IPRewriterBase::PacketFlow pf;
        int port = 0;  // input of the first packet
        uint64_t arrival = 0;
        Stage stage = Stage::lookup;
        bool rechecked = false;
        Creates creates = Creates::nothing;
        uint32_t creates_source = 0;
        IPRewriterBase::NewFlow plan;
        RewriterFlow candidate;
        Packet* head = nullptr;  // linked through Packet::next()
        Packet* tail = nullptr;
        uint32_t count = 0;
        std::vector<int> ports;  // per packet, kept only once packets came on different inputs
    };

    // Everything but a cache hit. Out of line, so the hit path stays short: no frame for
    // the store's and the async mode's work it never does.
    [[gnu::noinline]] void push_unheld(int port, Packet* p, const IPRewriterBase::PacketFlow& pf,
                                       IPRewriterBase::Classified c);
    // Blocking resolution (sync mode, cache misses, FTPPortMapper).
    Outcome resolve(int port, const IPRewriterBase::PacketFlow& pf, RewriterFlow& flow, int& direction);
    // found: true; missing: false with failed unset; store failure: failed set.
    bool lookup(const FlowKey& key, RewriterFlow& flow, int& direction, bool& failed);
    Outcome create(int port, const FlowKey& key, RewriterFlow& flow, int& direction);
    bool store_both(const RewriterFlow& flow);
    // Refreshes the TTL of the flow's objects in the store, at most once per TTL/4.
    void refresh_ttl(RewriterFlow& flow, bool local, int64_t now_ns);
    void touch_both(const RewriterFlow& flow);
    // Rewrites and sends p; `local`: the flow is held in this instance's table.
    void emit(Packet* p, RewriterFlow& flow, int direction, bool local, bool refresh = true);
    // Sends or drops a packet whose flow resolved to anything but a mapping.
    void drop_unresolved(int port, Packet* p, Outcome outcome);
    void deliver(const FlowKey& key, Outcome outcome, RewriterFlow* flow, int direction);

    // Async mode.
    static void on_result(void* context, uint64_t cookie, const stateless::TierResult& result);
    void complete(uint64_t cookie, const stateless::TierResult& result);
    bool submit_get(ParkedFlow& f, const FlowKey& key);
    bool submit_create(ParkedFlow& f);
    void start_create(ParkedFlow& f);
    void add_packet(ParkedFlow& f, Packet* p, int port);
    // Files what `f` may create in the index later misses consult, and takes it out.
    void note_creation(ParkedFlow& f);
    void forget_creation(const ParkedFlow& f);
    uint64_t earliest_arrival();
    // Whether a flow that arrived before `f` and is still unsettled may create the
    // mapping f's packets belong to (the earliest unsettled flow never waits).
    bool waits_for_earlier(ParkedFlow& f);
    void release_deferred();
    bool run_task();
    void settle();
    void note_parked_change();

    // Opens the tier; a store that cannot be reached at start is tried again at most
    // every reopen_interval while packets arrive.
    bool open_tier(std::string& error);
    bool tier_ready();
    static constexpr std::chrono::milliseconds reopen_interval{200};

    IPRewriterBase& rw_;
    StatelessSettings settings_;
    stateless::TierOptions options_;
    std::unique_ptr<stateless::FlowStateTier> tier_;
    std::chrono::steady_clock::time_point last_open_attempt_{};
    int64_t ttl_ns_ = 0;
    uint32_t refresh_after_ms_ = 0;  // a local flow's refresh is due this long after the last
    Task task_;
    bool holding_driver_ = false;

    using ParkedMap = std::unordered_map<FlowKey, ParkedFlow, KeyHash>;
    // A new parked flow, in a node reused from spare_nodes_ when there is one.
    ParkedFlow& park_new(const FlowKey& key);

    ParkedMap parked_;
    // Nodes of settled flows, kept for reuse: a ParkedFlow is cache-line aligned, and an
    // aligned allocation and free per parked packet is the costliest part of parking.
    std::vector<ParkedMap::node_type> spare_nodes_;
    static constexpr std::size_t max_spare_nodes = 4096;
    // Submissions complete in submission order: (cookie, parked flow) in that order.
    std::deque<std::pair<uint64_t, FlowKey>> tickets_;
    // Parked flows in arrival order; entries of settled flows are dropped lazily.
    std::deque<std::pair<uint64_t, FlowKey>> arrivals_;
    std::unordered_map<uint32_t, uint32_t> pending_sources_;
    uint32_t pending_anything_ = 0;
    std::deque<FlowKey> deferred_;
    uint64_t next_ticket_ = 1;
    uint64_t next_arrival_ = 1;
    uint64_t parked_total_ = 0;

    // Mappings whose TTL was refreshed lately, direct-mapped by key hash, so a busy flow
    // costs the tier one refresh per TTL/4 instead of a lookup per packet or batch.
    struct TouchMemo {
        uint64_t hash = 0;
        uint32_t stamp_ms = 0;
    };
    static constexpr std::size_t touch_memo_size = 65536;
    static constexpr std::size_t touch_memo_ways = 2;
    bool recently_touched(const RewriterFlow& flow);
    std::vector<TouchMemo> touch_memo_;

    std::vector<uint8_t> value_[2];  // encoding scratch, reused
    uint64_t created_ = 0;
    uint64_t cache_hits_ = 0;    // cache mode: packets of flows held locally
    uint64_t cache_misses_ = 0;  // cache mode: packets that went to the store
    uint64_t store_failures_ = 0;
    uint64_t parked_drops_ = 0;
    uint64_t corrupt_ = 0;
};

}  // namespace snf::click::rewriter
