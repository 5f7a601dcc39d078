// StatelessRewriterPath: sync, cache and async resolution of mappings in the store.
#include "rewriter/stateless_rewriter_path.hh"

#include <algorithm>
#include <bit>
#include <chrono>

#include "rewriter/stateless_flow_codec.hh"
#include "snf/click/router.hh"

namespace snf::click::rewriter {

using stateless::TierResult;
using stateless::TierStatus;

namespace {

std::unique_ptr<StatelessPath> make_path(IPRewriterBase& rewriter, const StatelessSettings& settings) {
    return std::make_unique<StatelessRewriterPath>(rewriter, settings);
}
[[maybe_unused]] const bool factory_registered = register_stateless_path_factory(make_path);

// Cache mode's cache is the rewriter's own table (at most CACHE_SIZE mappings, least
// recently used evicted first, written through to the store before use), so its tier
// goes to the store directly: an LRU in the tier as well would hold every mapping a
// second time and cost each new flow its bookkeeping, for no hit the table misses.
stateless::StateMode tier_mode(StateMode mode) {
    return mode == StateMode::async ? stateless::StateMode::async : stateless::StateMode::sync;
}

struct StoredKey {
    uint8_t bytes[stored_key_size];
    explicit StoredKey(const FlowKey& key) { encode_flow_key(key, bytes); }
    std::span<const uint8_t> span() const { return {bytes, stored_key_size}; }
};

// How long a blocking settle of the async path may take in all.
constexpr int64_t settle_budget_ms = 5000;

}  // namespace

StatelessRewriterPath::StatelessRewriterPath(IPRewriterBase& rewriter, const StatelessSettings& settings)
    : rw_(rewriter), settings_(settings), task_([this](Task&) { return run_task(); }, &rewriter) {}

StatelessRewriterPath::~StatelessRewriterPath() = default;

int StatelessRewriterPath::initialize(ErrorHandler* errh) {
    options_.store_uri = settings_.store_uri;
    options_.table = settings_.table;
    options_.mode = tier_mode(settings_.mode);
    // Cache mode's flows are held here and carry when the store last refreshed them
    // (store_touched_ms), so its tier need not track writes. Sync and async hold no flows:
    // recently_touched() is a lossy memo (flows adopted from the store or another
    // instance are not in it), and there the tier's tracker keeps a memo miss from
    // turning into a blocking write.
    options_.refresh_tracking = settings_.mode != StateMode::cache;
    // Every parked flow has at most one submission in flight, so a tier bound at least as
    // large as MAX_PARKED never refuses one: the parked bound is the one that drops.
    options_.max_in_flight = std::max(options_.max_in_flight, settings_.max_parked);
    double ttl = settings_.state_ttl_sec < 0 ? rw_.longest_timeout() : settings_.state_ttl_sec;
    double ttl_ms = std::min(ttl * 1000.0, double(UINT32_MAX));
    options_.ttl_ms = ttl_ms > 0 ? std::max<uint32_t>(1, uint32_t(ttl_ms)) : 0;
    ttl_ns_ = int64_t(options_.ttl_ms) * 1000000;
    refresh_after_ms_ = uint32_t((uint64_t(options_.ttl_ms) + 3) / 4);  // ms < ttl/4 <=> ms < this
    task_.initialize(&rw_, false);
    std::string error;
    if (!open_tier(error)) {
        // Start anyway: packets of flows are dropped and counted until the store answers.
        errh->warning("STORE " + settings_.store_uri + ": " + error + " (retrying while packets arrive)");
    }
    return 0;
}

bool StatelessRewriterPath::open_tier(std::string& error) {
    last_open_attempt_ = std::chrono::steady_clock::now();
    tier_ = stateless::FlowStateTier::open(options_, error);
    return tier_ != nullptr;
}

bool StatelessRewriterPath::tier_ready() {
    if (tier_)
        return true;
    if (std::chrono::steady_clock::now() - last_open_attempt_ < reopen_interval)
        return false;
    std::string error;
    return open_tier(error);
}

void StatelessRewriterPath::cleanup() {
    if (tier_ && settings_.mode == StateMode::async)
        settle();
    for (auto& [key, f] : parked_)
        for (Packet* p = f.head; p;) {
            Packet* next = p->next();
            p->set_next(nullptr);
            p->kill();
            p = next;
        }
    parked_.clear();
    spare_nodes_.clear();
    tickets_.clear();
    arrivals_.clear();
    pending_sources_.clear();
    pending_anything_ = 0;
    deferred_.clear();
    parked_total_ = 0;
    if (holding_driver_ && rw_.router()) {
        holding_driver_ = false;
        rw_.router()->adjust_runcount(-1);
    }
    tier_.reset();
}

std::string StatelessRewriterPath::backend() const {
    return (tier_ ? tier_->backend() : std::string("closed")) + ' ' + settings_.store_uri;
}

// ---- Blocking resolution --------------------------------------------------------------

bool StatelessRewriterPath::lookup(const FlowKey& key, RewriterFlow& flow, int& direction, bool& failed) {
    TierResult r = tier_->get(StoredKey(key).span());
    if (r.status == TierStatus::missing)
        return false;
    if (r.status != TierStatus::found) {
        failed = true;
        return false;
    }
    if (!decode_flow(rw_.kind(), r.value, flow, direction) || !(flow.key[direction] == key)) {
        ++corrupt_;
        failed = true;
        return false;
    }
    return true;
}

StatelessRewriterPath::Outcome StatelessRewriterPath::create(int port, const FlowKey& key, RewriterFlow& flow,
                                                             int& direction) {
    IPRewriterBase::NewFlow plan;
    if (rw_.plan_new_flow(port, key, plan) != IPRewriterBase::Plan::map)
        return Outcome::unmapped;
    FlowKey candidate;
    while (rw_.next_candidate(key, plan, candidate)) {
        RewriterFlow proto;
        proto.assign(rw_.kind(), key, candidate, plan.foutput, plan.routput, port);
        encode_flow(rw_.kind(), proto, 0, value_[0]);
        encode_flow(rw_.kind(), proto, 1, value_[1]);
        TierResult r = tier_->create_pair(StoredKey(proto.key[0]).span(), value_[0], StoredKey(proto.key[1]).span(),
                                          value_[1]);
        switch (r.status) {
        case TierStatus::created:
            rw_.accept_candidate(plan);
            ++created_;
            flow = std::move(proto);
            direction = 0;
            // Written just now, with a fresh TTL. Cache mode installs the flow, which then
            // carries that time itself; the memo is for flows not held here.
            if (ttl_ns_ && settings_.mode != StateMode::cache)
                recently_touched(flow);
            return Outcome::mapped;
        case TierStatus::lost_race:
            // Another instance mapped this flow first: use its mapping.
            if (decode_flow(rw_.kind(), r.value, flow, direction) && flow.key[direction] == key)
                return Outcome::mapped;
            ++corrupt_;
            return Outcome::failed;
        case TierStatus::secondary_taken:
            continue;
        default:
            return Outcome::failed;
        }
    }
    ++plan.spec->failures;
    return Outcome::exhausted;
}

StatelessRewriterPath::Outcome StatelessRewriterPath::resolve(int port, const IPRewriterBase::PacketFlow& pf,
                                                              RewriterFlow& flow, int& direction) {
    bool failed = false;
    if (lookup(pf.key, flow, direction, failed))
        return Outcome::mapped;
    if (failed)
        return Outcome::failed;
    if (pf.has_alt) {
        if (lookup(pf.alt, flow, direction, failed))
            return Outcome::mapped;
        if (failed)
            return Outcome::failed;
    }
    if (!pf.may_create)
        return Outcome::unmapped;
    return create(port, pf.key, flow, direction);
}

bool StatelessRewriterPath::store_both(const RewriterFlow& flow) {
    bool ok = true;
    for (int d = 0; d < 2; ++d) {
        if (d == 1 && flow.key[1] == flow.key[0])
            break;
        encode_flow(rw_.kind(), flow, d, value_[d]);
        TierResult r = tier_->put(StoredKey(flow.key[d]).span(), value_[d]);
        if (r.status != TierStatus::updated) {
            ++store_failures_;
            ok = false;
        }
    }
    return ok;
}

bool StatelessRewriterPath::recently_touched(const RewriterFlow& flow) {
    if (touch_memo_.empty())
        touch_memo_.resize(touch_memo_size);
    uint64_t hash = flow.key[0].hash() | 1;  // 0 marks an empty slot
    // Two ways per set: flows whose hashes share a set do not evict each other on every
    // packet (each eviction costs the tier a lookup).
    // The set comes from the high bits of a multiplicative remix: the key hash's low bits
    // vary too little between flows that differ only in their ports.
    constexpr std::size_t sets = touch_memo_size / touch_memo_ways;
    static_assert((sets & (sets - 1)) == 0);
    std::size_t set_index = std::size_t((hash * 0x9E3779B97F4A7C15ull) >> (64 - std::countr_zero(sets)));
    TouchMemo* set = &touch_memo_[set_index * touch_memo_ways];
    uint32_t now = RewriterFlow::touch_stamp(rw_.now_ns());
    auto fresh = [&](const TouchMemo& memo) {
        return int64_t(uint32_t(now - memo.stamp_ms)) * 1000000 < ttl_ns_ / 4;
    };
    TouchMemo* victim = set;
    for (std::size_t way = 0; way < touch_memo_ways; ++way) {
        TouchMemo& memo = set[way];
        if (memo.hash == hash) {
            if (fresh(memo))
                return true;
            victim = &memo;
            break;
        }
        // Prefer an empty slot, then the one refreshed longest ago.
        if (victim->hash != 0 && (memo.hash == 0 || uint32_t(now - memo.stamp_ms) > uint32_t(now - victim->stamp_ms)))
            victim = &memo;
    }
    victim->hash = hash;
    victim->stamp_ms = now;
    return false;
}

void StatelessRewriterPath::touch_both(const RewriterFlow& flow) {
    // The tier writes at most once per TTL/4 per key; other calls cost a lookup.
    for (int d = 0; d < 2; ++d) {
        if (d == 1 && flow.key[1] == flow.key[0])
            break;
        encode_flow(rw_.kind(), flow, d, value_[d]);
        tier_->touch(StoredKey(flow.key[d]).span(), value_[d]);
    }
}

// Inline, as emit() is: on the cache-hit path the test costs no call, so a warm flow
// costs little more than in native mode.
inline void StatelessRewriterPath::refresh_ttl(RewriterFlow& flow, bool local, int64_t now_ns) {
    if (!ttl_ns_)
        return;
    if (local) {
        // A flow held here carries when its objects were last refreshed.
        uint32_t now = RewriterFlow::touch_stamp(now_ns);
        if (uint32_t(now - flow.store_touched_ms) < refresh_after_ms_)
            return;
        flow.store_touched_ms = now;
    } else if (recently_touched(flow)) {
        return;
    }
    touch_both(flow);
}

inline void StatelessRewriterPath::emit(Packet* p, RewriterFlow& flow, int direction, bool local, bool refresh) {
    uint8_t state_before = flow.state;
    WritablePacket* wp = p->uniqueify();
    if (!wp)
        return;
    apply_flow(rw_.kind(), flow, direction, wp, rw_.dst_anno());
    int64_t now = rw_.now_ns();
    if (local)
        flow.last_used_ns = now;
    if (flow.key[0].proto == 6 && flow.state != state_before)
        store_both(flow);
    if (refresh)
        refresh_ttl(flow, local, now);
    rw_.output(flow.output[direction]).push(wp);
}

void StatelessRewriterPath::drop_unresolved(int port, Packet* p, Outcome outcome) {
    switch (outcome) {
    case Outcome::unmapped:
        rw_.handle_unmapped(port, p);
        return;
    case Outcome::failed:
        ++store_failures_;
        p->kill();
        return;
    case Outcome::exhausted:
    case Outcome::mapped:  // callers emit mapped packets themselves
        p->kill();
        return;
    }
}

void StatelessRewriterPath::push(int port, Packet* p) {
    IPRewriterBase::PacketFlow pf;
    IPRewriterBase::Classified c = rw_.classify(p, pf);
    // Cache hits first: a flow held locally was acknowledged by the store when it was
    // installed, so it needs neither the tier nor its state.
    if (c == IPRewriterBase::Classified::flow && settings_.mode == StateMode::cache) {
        int direction = 0;
        RewriterFlow* local = rw_.find_local(pf.key, direction);
        if (!local && pf.has_alt)
            local = rw_.find_local(pf.alt, direction);
        if (local) {
            ++cache_hits_;
            emit(p, *local, direction, true);
            return;
        }
        ++cache_misses_;
    }
    push_unheld(port, p, pf, c);
}

void StatelessRewriterPath::push_unheld(int port, Packet* p, const IPRewriterBase::PacketFlow& pf,
                                        IPRewriterBase::Classified c) {
    if (c == IPRewriterBase::Classified::malformed) {
        rw_.drop_malformed(p);
        return;
    }
    if (c == IPRewriterBase::Classified::unhandled) {
        rw_.handle_unmapped(port, p);
        return;
    }
    if (!tier_ready()) {
        ++store_failures_;
        p->kill();
        return;
    }

    if (settings_.mode == StateMode::async) {
        if (parked_total_ >= settings_.max_parked) {
            ++parked_drops_;
            p->kill();
            return;
        }
        auto it = parked_.find(pf.key);
        if (it != parked_.end()) {
            add_packet(it->second, p, port);
            return;
        }
        ParkedFlow& f = park_new(pf.key);
        f.pf = pf;
        f.arrival = next_arrival_++;
        add_packet(f, p, port);
        arrivals_.emplace_back(f.arrival, pf.key);
        note_creation(f);
        note_parked_change();
        if (!submit_get(f, pf.key))
            deliver(pf.key, Outcome::failed, nullptr, 0);
        return;
    }

    RewriterFlow flow;
    int direction = 0;
    Outcome outcome = resolve(port, pf, flow, direction);
    if (outcome != Outcome::mapped) {
        drop_unresolved(port, p, outcome);
        return;
    }
    if (settings_.mode == StateMode::cache) {
        if (RewriterFlow* local = rw_.install_local(flow, rw_.now_ns())) {
            emit(p, *local, direction, true);
            return;
        }
    }
    emit(p, flow, direction, false);
}

// ---- FTPPortMapper's requests ---------------------------------------------------------

bool StatelessRewriterPath::map_flow(const FlowKey& key, int input, FlowKey& rewritten) {
    if (!tier_ready())
        return false;
    if (settings_.mode == StateMode::async)
        settle();
    int direction = 0;
    if (settings_.mode == StateMode::cache)
        if (RewriterFlow* local = rw_.find_local(key, direction)) {
            rewritten = local->rewritten(direction);
            return true;
        }
    RewriterFlow flow;
    bool failed = false;
    bool found = lookup(key, flow, direction, failed);
    if (!found && (failed || input < 0))
        return false;
    if (!found && create(input, key, flow, direction) != Outcome::mapped)
        return false;
    rewritten = flow.rewritten(direction);
    if (settings_.mode == StateMode::cache)
        rw_.install_local(flow, rw_.now_ns());
    return true;
}

bool StatelessRewriterPath::update_seq_delta(const FlowKey& key, uint32_t trigger, int32_t delta) {
    if (!tier_ready())
        return false;
    if (settings_.mode == StateMode::async)
        settle();
    int direction = 0;
    if (settings_.mode == StateMode::cache)
        if (RewriterFlow* local = rw_.find_local(key, direction)) {
            if (!local->seq)
                local->seq = std::make_unique<SeqDeltas>();
            return local->seq->update(direction, trigger, delta) && store_both(*local);
        }
    RewriterFlow flow;
    bool failed = false;
    if (!lookup(key, flow, direction, failed))
        return false;
    if (!flow.seq)
        flow.seq = std::make_unique<SeqDeltas>();
    return flow.seq->update(direction, trigger, delta) && store_both(flow);
}

// ---- Async mode -----------------------------------------------------------------------

void StatelessRewriterPath::note_parked_change() {
    // While packets wait, keep the driver from stopping (a source that stops the router
    // after its last packet would otherwise cut them off); give it back once all left.
    Router* router = rw_.router();
    if (!router)
        return;
    if (!parked_.empty() && !holding_driver_) {
        holding_driver_ = true;
        router->adjust_runcount(1);
    } else if (parked_.empty() && holding_driver_) {
        holding_driver_ = false;
        router->adjust_runcount(-1);
    }
}

void StatelessRewriterPath::on_result(void* context, uint64_t cookie, const TierResult& result) {
    static_cast<StatelessRewriterPath*>(context)->complete(cookie, result);
}

bool StatelessRewriterPath::submit_get(ParkedFlow& f, const FlowKey& key) {
    uint64_t cookie = next_ticket_++;
    tickets_.emplace_back(cookie, f.pf.key);
    if (!tier_->get_async(StoredKey(key).span(), on_result, this, cookie)) {
        tickets_.pop_back();
        return false;
    }
    task_.reschedule();
    return true;
}

bool StatelessRewriterPath::submit_create(ParkedFlow& f) {
    FlowKey candidate;
    if (!rw_.next_candidate(f.pf.key, f.plan, candidate)) {
        ++f.plan.spec->failures;
        deliver(f.pf.key, Outcome::exhausted, nullptr, 0);
        return false;
    }
    f.candidate.assign(rw_.kind(), f.pf.key, candidate, f.plan.foutput, f.plan.routput, f.port);
    encode_flow(rw_.kind(), f.candidate, 0, value_[0]);
    encode_flow(rw_.kind(), f.candidate, 1, value_[1]);
    uint64_t cookie = next_ticket_++;
    tickets_.emplace_back(cookie, f.pf.key);
    if (!tier_->create_pair_async(StoredKey(f.candidate.key[0]).span(), value_[0],
                                  StoredKey(f.candidate.key[1]).span(), value_[1], on_result, this, cookie)) {
        tickets_.pop_back();
        ++parked_drops_;
        deliver(f.pf.key, Outcome::exhausted, nullptr, 0);
        return false;
    }
    task_.reschedule();
    return true;
}

void StatelessRewriterPath::start_create(ParkedFlow& f) {
    if (rw_.plan_new_flow(f.port, f.pf.key, f.plan) != IPRewriterBase::Plan::map) {
        deliver(f.pf.key, Outcome::unmapped, nullptr, 0);
        return;
    }
    f.stage = Stage::create;
    submit_create(f);
}

void StatelessRewriterPath::deliver(const FlowKey& key, Outcome outcome, RewriterFlow* flow, int direction) {
    auto it = parked_.find(key);
    if (it == parked_.end())
        return;
    // Take the flow out first: emitting may re-enter push() with new packets.
    ParkedMap::node_type node = parked_.extract(it);
    ParkedFlow& f = node.mapped();
    forget_creation(f);
    parked_total_ -= f.count;
    uint32_t i = 0;
    for (Packet* p = f.head; p; ++i) {
        Packet* next = p->next();
        p->set_next(nullptr);
        if (outcome == Outcome::mapped)
            emit(p, *flow, direction, false, false);
        else
            drop_unresolved(f.ports.empty() ? f.port : f.ports[i], p, outcome);
        p = next;
    }
    // One TTL refresh for the whole batch of packets.
    if (outcome == Outcome::mapped && f.count)
        refresh_ttl(*flow, false, rw_.now_ns());
    note_parked_change();
    if (spare_nodes_.size() < max_spare_nodes)
        spare_nodes_.push_back(std::move(node));
}

StatelessRewriterPath::ParkedFlow& StatelessRewriterPath::park_new(const FlowKey& key) {
    if (spare_nodes_.empty())
        return parked_.try_emplace(key).first->second;
    ParkedMap::node_type node = std::move(spare_nodes_.back());
    spare_nodes_.pop_back();
    node.key() = key;
    node.mapped() = ParkedFlow{};
    return parked_.insert(std::move(node)).position->second;
}

void StatelessRewriterPath::add_packet(ParkedFlow& f, Packet* p, int port) {
    p->set_next(nullptr);
    if (f.tail)
        f.tail->set_next(p);
    else
        f.head = p;
    f.tail = p;
    if (f.count == 0) {
        f.port = port;
    } else if (!f.ports.empty() || port != f.port) {
        if (f.ports.empty())
            f.ports.assign(f.count, f.port);
        f.ports.push_back(port);
    }
    ++f.count;
    ++parked_total_;
}

void StatelessRewriterPath::complete(uint64_t cookie, const TierResult& r) {
    while (!tickets_.empty() && tickets_.front().first < cookie)
        tickets_.pop_front();
    if (tickets_.empty() || tickets_.front().first != cookie)
        return;
    FlowKey key = tickets_.front().second;
    tickets_.pop_front();
    auto it = parked_.find(key);
    if (it == parked_.end())
        return;
    ParkedFlow& f = it->second;

    if (f.stage == Stage::create) {
        RewriterFlow adopted;
        int direction = 0;
        switch (r.status) {
        case TierStatus::created:
            rw_.accept_candidate(f.plan);
            ++created_;
            if (ttl_ns_)
                recently_touched(f.candidate);  // written just now, with a fresh TTL
            {
                // deliver() frees the parked entry, so the mapping must live outside it.
                RewriterFlow created = std::move(f.candidate);
                deliver(key, Outcome::mapped, &created, 0);
            }
            return;
        case TierStatus::lost_race:
            if (decode_flow(rw_.kind(), r.value, adopted, direction) && adopted.key[direction] == key) {
                deliver(key, Outcome::mapped, &adopted, direction);
            } else {
                ++corrupt_;
                deliver(key, Outcome::failed, nullptr, 0);
            }
            return;
        case TierStatus::secondary_taken:
            submit_create(f);
            return;
        default:
            deliver(key, Outcome::failed, nullptr, 0);
            return;
        }
    }

    const FlowKey& looked_up = f.stage == Stage::lookup_alt ? f.pf.alt : key;
    if (r.status == TierStatus::found) {
        RewriterFlow flow;
        int direction = 0;
        if (decode_flow(rw_.kind(), r.value, flow, direction) && flow.key[direction] == looked_up) {
            deliver(key, Outcome::mapped, &flow, direction);
        } else {
            ++corrupt_;
            deliver(key, Outcome::failed, nullptr, 0);
        }
        return;
    }
    if (r.status != TierStatus::missing) {
        deliver(key, Outcome::failed, nullptr, 0);
        return;
    }
    if (f.stage == Stage::lookup && f.pf.has_alt) {
        f.stage = Stage::lookup_alt;
        if (!submit_get(f, f.pf.alt))
            deliver(key, Outcome::failed, nullptr, 0);
        return;
    }
    // A miss. A flow that arrived earlier may still be creating the mapping this packet
    // belongs to (its reply key); native mode would have seen it, so wait and read again.
    if (!f.rechecked && waits_for_earlier(f)) {
        f.stage = Stage::deferred;
        deferred_.push_back(key);
        return;
    }
    if (!f.pf.may_create) {
        deliver(key, Outcome::unmapped, nullptr, 0);
        return;
    }
    start_create(f);
}

void StatelessRewriterPath::note_creation(ParkedFlow& f) {
    using Creates = ParkedFlow::Creates;
    f.creates = Creates::nothing;
    if (!f.pf.may_create || f.port >= rw_.ninput_specs())
        return;
    RewriterInput& spec = rw_.input_spec(f.port);
    uint32_t reply_source = f.pf.key.daddr;
    switch (spec.kind) {
    case RewriterInput::Kind::drop:
    case RewriterInput::Kind::pass:
        return;
    case RewriterInput::Kind::mapper:
        f.creates = Creates::anything;
        break;
    case RewriterInput::Kind::keep:
        f.creates = Creates::from_source;
        break;
    case RewriterInput::Kind::pattern:
        if (spec.pattern->fixed_daddr())
            reply_source = spec.pattern->fixed_daddr();
        f.creates = Creates::from_source;
        break;
    }
    // Address rewriters' reply keys are made of chosen addresses: no cheap test.
    if (rw_.kind() == RewriteKind::source_only)
        f.creates = Creates::anything;
    if (f.creates == Creates::anything) {
        ++pending_anything_;
    } else {
        // A new mapping's reply key has the rewritten destination as its source.
        f.creates_source = reply_source;
        ++pending_sources_[reply_source];
    }
}

void StatelessRewriterPath::forget_creation(const ParkedFlow& f) {
    if (f.creates == ParkedFlow::Creates::anything) {
        --pending_anything_;
    } else if (f.creates == ParkedFlow::Creates::from_source) {
        auto it = pending_sources_.find(f.creates_source);
        if (it != pending_sources_.end() && --it->second == 0)
            pending_sources_.erase(it);
    }
}

uint64_t StatelessRewriterPath::earliest_arrival() {
    while (!arrivals_.empty()) {
        auto it = parked_.find(arrivals_.front().second);
        if (it != parked_.end() && it->second.arrival == arrivals_.front().first)
            return arrivals_.front().first;
        arrivals_.pop_front();
    }
    return UINT64_MAX;
}

bool StatelessRewriterPath::waits_for_earlier(ParkedFlow& f) {
    if (earliest_arrival() >= f.arrival)
        return false;
    // Counts cover every unsettled flow, later ones too: waiting a little longer than
    // needed is safe, and the earliest flow always goes on, so nothing waits forever.
    uint32_t anything = pending_anything_ - (f.creates == ParkedFlow::Creates::anything ? 1 : 0);
    if (anything)
        return true;
    auto count_for = [&](uint32_t source) {
        auto it = pending_sources_.find(source);
        uint32_t n = it == pending_sources_.end() ? 0 : it->second;
        if (f.creates == ParkedFlow::Creates::from_source && f.creates_source == source && n)
            --n;
        return n;
    };
    return count_for(f.pf.key.saddr) > 0 || (f.pf.has_alt && count_for(f.pf.alt.saddr) > 0);
}

void StatelessRewriterPath::release_deferred() {
    // A deferred flow reads again once no flow that arrived before it can still create
    // the mapping it belongs to.
    for (std::size_t i = 0; i < deferred_.size();) {
        FlowKey key = deferred_[i];
        auto it = parked_.find(key);
        if (it == parked_.end() || it->second.stage != Stage::deferred) {
            deferred_.erase(deferred_.begin() + std::ptrdiff_t(i));
            continue;
        }
        ParkedFlow& f = it->second;
        if (waits_for_earlier(f)) {
            ++i;
            continue;
        }
        deferred_.erase(deferred_.begin() + std::ptrdiff_t(i));
        f.rechecked = true;
        f.stage = Stage::lookup;
        if (!submit_get(f, key))
            deliver(key, Outcome::failed, nullptr, 0);
    }
}

bool StatelessRewriterPath::run_task() {
    if (!tier_)
        return false;
    std::size_t done = tier_->poll(256);
    release_deferred();
    if (!parked_.empty() || tier_->in_flight())
        task_.fast_reschedule();
    return done > 0;
}

void StatelessRewriterPath::settle() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(settle_budget_ms);
    while ((!parked_.empty() || tier_->in_flight()) && std::chrono::steady_clock::now() < deadline) {
        tier_->drain(100);
        tier_->poll(SIZE_MAX);
        release_deferred();
    }
}

// ---- Handlers -------------------------------------------------------------------------

void StatelessRewriterPath::add_handlers() {
    rw_.add_read_handler("store_failures", [this] { return std::to_string(store_failures_); });
    rw_.add_read_handler("parked", [this] { return std::to_string(parked_total_); });
    rw_.add_read_handler("parked_drops", [this] { return std::to_string(parked_drops_); });
    rw_.add_read_handler("store_stats", [this] {
        if (!tier_)
            return std::string();
        stateless::TierCounters c = tier_->counters();
        if (settings_.mode == StateMode::cache) {
            c.hits = cache_hits_;
            c.misses = cache_misses_;
        }
        return "gets " + std::to_string(c.gets) + "\nhits " + std::to_string(c.hits) + "\nmisses " +
               std::to_string(c.misses) + "\ncreates " + std::to_string(c.creates) + "\nraces_lost " +
               std::to_string(c.races_lost) + "\nsecondary_conflicts " + std::to_string(c.secondary_conflicts) +
               "\nputs " + std::to_string(c.puts) + "\ntouches " + std::to_string(c.touches) + "\nfailures " +
               std::to_string(c.failures) + "\nin_flight " + std::to_string(c.in_flight) + "\ncorrupt " +
               std::to_string(corrupt_) + '\n';
    });
}

}  // namespace snf::click::rewriter
