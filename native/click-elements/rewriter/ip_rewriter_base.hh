// IPRewriterBase: what every rewriter shares (Click's IPRewriterBase): the INPUTSPEC
// arguments, one per input port; the mapping table; choosing rewritten flows for new
// flows; timeouts, capacity and reaping; the common handlers; and where mappings live.
//
// Keyword arguments common to all rewriters:
//   MAPPING_CAPACITY (or CAPACITY) N or ELEMENT  most mappings held (shared with ELEMENT)
//   TIMEOUT, GUARANTEE, REAP_INTERVAL (REAP_TIME)  seconds (defaults 300, 5, 900)
//   DST_ANNO bool                               set the destination address annotation (true)
//   MODE native|sync|async|cache                where mappings live (native: own table)
//   STORE uri, TABLE name                       the StatelessNF store and table (embedded:,
//                                               the element's name)
//   CACHE_SIZE n                                cache mode: mappings kept locally (65536)
//   MAX_PARKED n                                async mode: packets waiting for the store (4096)
//   PORT_SLICE i/N                              choose new ports only from slice i of N
//   STATE_TTL time                              store expiry (default: the longest flow timeout)
//
// Handlers: nmappings, mapping_failures, patterns, patternN, size, capacity (rw), clear (w),
// table_size, mode, store; the stateless modes add store_failures, parked, parked_drops and
// the tier's counters. Subclasses add their table dumps.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rewriter/flow_table.hh"
#include "rewriter/rewriter_flow.hh"
#include "rewriter/rewriter_input.hh"
#include "rewriter/stateless_path.hh"
#include "snf/click/element.hh"
#include "snf/click/timer.hh"

namespace snf::click {

class Args;

class IPRewriterBase : public Element {
public:
    // A packet's lookup keys: `key` first; address rewriters also try `alt` (the reply
    // direction keyed by destination). Only `may_create` packets start mappings.
    struct PacketFlow {
        rewriter::FlowKey key;
        rewriter::FlowKey alt;
        bool has_alt = false;
        bool may_create = true;
    };
    enum class Classified { flow, unhandled, malformed };

    // A new flow being mapped through an input spec.
    struct NewFlow {
        rewriter::RewriterInput* spec = nullptr;
        rewriter::RewriterPattern* pattern = nullptr;  // null for keep
        int foutput = 0;
        int routput = 0;
        rewriter::RewriterPattern::Cursor cursor;
        bool keep_tried = false;
    };
    enum class Plan { drop, pass, map };

    struct Timeouts {
        double best_effort = 300;  // TIMEOUT: flows of rewriters without protocol timeouts
        double guarantee = 5;
        double tcp_nodata = 300;
        double tcp_data = 86400;
        double tcp_done = 240;
        double tcp_guarantee = 5;
        double udp = 300;
        double udp_streaming = -1;  // < 0: same as udp
        double udp_guarantee = 5;
    };

    IPRewriterBase();
    ~IPRewriterBase() override;

    const char* port_count() const override { return "1-/1-"; }
    const char* processing() const override { return "h/h"; }
    void* cast(const char* name) override;
    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;
    void push(int port, Packet* p) override;
    void run_timer(Timer* timer) override;

    // ---- Shared with the stateless path and FTPPortMapper ------------------------------
    rewriter::RewriteKind kind() const noexcept { return kind_; }
    bool dst_anno() const noexcept { return dst_anno_; }
    const rewriter::StatelessSettings& settings() const noexcept { return settings_; }
    const rewriter::PortSlice& port_slice() const noexcept { return slice_; }
    int ninput_specs() const noexcept { return int(inputs_.size()); }
    rewriter::RewriterInput& input_spec(int i) { return inputs_[std::size_t(i)]; }

    // Reads a packet's flow keys, checking every header byte it needs.
    virtual Classified classify(const Packet* p, PacketFlow& flow) const = 0;
    // What the input spec does with a new flow; for Plan::map, `plan` is ready for
    // next_candidate().
    Plan plan_new_flow(int input, const rewriter::FlowKey& key, NewFlow& plan);
    // The next rewritten flow to try; false when the spec has none left.
    bool next_candidate(const rewriter::FlowKey& key, NewFlow& plan, rewriter::FlowKey& rewritten);
    void accept_candidate(NewFlow& plan);
    // Frees a packet of an unmapped flow the way input `port` says (pass or drop).
    void handle_unmapped(int port, Packet* p);
    // Drops a packet without a usable IP header, counting it.
    void drop_malformed(Packet* p);

    // Seconds a flow may stay idle (by protocol and state), and its guarantee.
    virtual double flow_timeout(const rewriter::RewriterFlow& flow) const;
    virtual double flow_guarantee(const rewriter::RewriterFlow& flow) const;
    // The longest idle timeout any flow of this rewriter can have (the default store TTL).
    virtual double longest_timeout() const;
    // The mapping of `key` or null; `direction` tells which side the key is. Inline: it is
    // the whole per-packet lookup of cache mode's hits.
    rewriter::RewriterFlow* find_local(const rewriter::FlowKey& key, int& direction) {
        uint32_t v = lookup(key);
        if (v == rewriter::FlowTable::npos)
            return nullptr;
        direction = int(v & 1);
        return &flows_[v >> 1];
    }
    // Adds a mapping to the local table (evicting for room when full); null when it
    // cannot be held.
    rewriter::RewriterFlow* install_local(const rewriter::RewriterFlow& flow, int64_t now_ns);
    void remove_local(const rewriter::FlowKey& forward_key);
    int64_t now_ns() const noexcept { return now_source_->time_since_epoch().count(); }

    // Find (input < 0) or find-or-create the mapping of `key`; its rewritten flow.
    bool map_flow(const rewriter::FlowKey& key, int input, rewriter::FlowKey& rewritten);
    // Moves the sequence numbers of the TCP mapping whose direction is keyed by `key`.
    bool update_seq_delta(const rewriter::FlowKey& key, uint32_t trigger, int32_t delta);

protected:
    // Subclass hooks: how headers change, which keywords (timeouts) it reads.
    virtual rewriter::RewriteKind rewrite_kind() const = 0;
    virtual void read_timeout_keywords(Args& args, Timeouts& timeouts) = 0;
    // Final touch on a chosen rewritten flow (ICMP echo identifiers).
    virtual void adjust_rewritten(rewriter::FlowKey& rewritten) const {}

    // Table dump lines for flows whose protocol passes `proto` (0: all).
    std::string table_text(uint8_t proto) const;

    Timeouts timeouts_;

private:
    struct Budget {
        uint64_t capacity = 0x7fffffff;
        uint64_t size = 0;
    };

    // The table value (mapping number * 2 + direction) of `key`, or FlowTable::npos.
    uint32_t lookup(const rewriter::FlowKey& key) const noexcept {
        return table_.find(key, [this](uint32_t v) -> const rewriter::FlowKey& { return flows_[v >> 1].key[v & 1]; });
    }
    // The native packet path. Out of line, so push() only dispatches and the stateless
    // path pays no frame for it.
    [[gnu::noinline]] void push_native(int port, Packet* p);
    uint32_t create_native(int port, const PacketFlow& pf, Packet* p);
    void destroy_flow(uint32_t index);
    bool make_room(int64_t now);
    // Cache mode: drops the least recently used sixteenth of the local copies in one pass.
    void evict_cached_batch();
    void reap(bool everything);
    std::string read_counter(int which) const;

    rewriter::RewriteKind kind_ = rewriter::RewriteKind::ports;
    std::vector<rewriter::RewriterInput> inputs_;
    rewriter::FlowTable table_;
    std::vector<rewriter::RewriterFlow> flows_;
    std::vector<uint32_t> free_flows_;
    std::vector<std::pair<int64_t, uint32_t>> eviction_scratch_;  // reused by evict_cached_batch
    std::shared_ptr<Budget> budget_;
    std::string capacity_element_;
    bool dst_anno_ = true;
    double reap_interval_ = 900;
    rewriter::StatelessSettings settings_;
    rewriter::PortSlice slice_;
    std::unique_ptr<rewriter::StatelessPath> stateless_;
    const Timer::Clock::time_point* now_source_ = nullptr;
    Timer reap_timer_{this};
    uint64_t malformed_ = 0;
};

}  // namespace snf::click
