// IPRewriterBase: configuration, the native mapping table and its packet path, new-flow
// planning shared with the stateless path, expiry and handlers.
#include "rewriter/ip_rewriter_base.hh"

#include <algorithm>
#include <cstring>

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/router.hh"

namespace snf::click {

using rewriter::FlowKey;
using rewriter::FlowTable;
using rewriter::RewriterFlow;
using rewriter::RewriterInput;

namespace {
constexpr int64_t ns_per_sec = 1000000000;
int64_t seconds_to_ns(double s) { return int64_t(s * 1e9); }
}  // namespace

IPRewriterBase::IPRewriterBase() : budget_(std::make_shared<Budget>()) {}

IPRewriterBase::~IPRewriterBase() = default;

void* IPRewriterBase::cast(const char* name) {
    if (name && std::strcmp(name, "IPRewriterBase") == 0)
        return this;
    return Element::cast(name);
}

int IPRewriterBase::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    kind_ = rewrite_kind();
    Timeouts timeouts = timeouts_;
    std::string capacity_word, mode_text = "native", slice_text, store = settings_.store_uri, table;
    bool dst_anno = true;
    double reap_interval = reap_interval_, state_ttl = -1;
    uint32_t cache_size = settings_.cache_size, max_parked = settings_.max_parked;

    Args args(conf, this, errh);
    args.read("CAPACITY", AnyArg(), capacity_word)
        .read("MAPPING_CAPACITY", AnyArg(), capacity_word)
        .read("REAP_INTERVAL", SecondsArg(), reap_interval)
        .read("REAP_TIME", Args::deprecated, SecondsArg(), reap_interval)
        .read("DST_ANNO", dst_anno)
        .read("MODE", WordArg(), mode_text)
        .read("STORE", StringArg(), store)
        .read("TABLE", StringArg(), table)
        .read("CACHE_SIZE", cache_size)
        .read("MAX_PARKED", max_parked)
        .read("PORT_SLICE", WordArg(), slice_text)
        .read("STATE_TTL", SecondsArg(), state_ttl);
    read_timeout_keywords(args, timeouts);
    if (args.execute() < 0)
        return -EINVAL;
    std::vector<std::string> specs = args.unused();

    int errors = 0;
    rewriter::StatelessSettings settings;
    if (!rewriter::parse_mode_word(mode_text, settings.mode)) {
        errh->error("MODE: expected native, sync, async or cache");
        ++errors;
    }
    rewriter::PortSlice slice;
    if (!slice_text.empty() && !rewriter::parse_port_slice(slice_text, slice)) {
        errh->error("PORT_SLICE: expected 'INDEX/COUNT' with INDEX < COUNT");
        ++errors;
    }
    if (cache_size == 0) {
        errh->error("CACHE_SIZE: must be positive");
        ++errors;
    }
    settings.store_uri = store;
    settings.table = table.empty() ? name() : table;
    settings.cache_size = cache_size;
    settings.max_parked = max_parked;
    settings.state_ttl_sec = state_ttl;

    std::shared_ptr<Budget> budget = budget_;
    if (!capacity_word.empty()) {
        uint64_t capacity = 0;
        SilentErrorHandler silent;
        if (IntArg().parse(capacity_word, capacity, ArgContext(this, &silent))) {
            budget->capacity = capacity;
        } else {
            Element* e = router() ? router()->find(capacity_word, this) : nullptr;
            auto* other = e ? static_cast<IPRewriterBase*>(e->cast("IPRewriterBase")) : nullptr;
            if (!other) {
                errh->error("bad MAPPING_CAPACITY");
                ++errors;
            } else {
                budget = other->budget_;
            }
        }
    }

    if (int(specs.size()) != ninputs()) {
        errh->error("need " + std::to_string(ninputs()) + " arguments, one per input port");
        return -EINVAL;
    }
    std::vector<RewriterInput> inputs(specs.size());
    for (std::size_t i = 0; i < specs.size(); ++i) {
        std::string error;
        if (!RewriterInput::parse(specs[i], this, noutputs(), inputs[i], error)) {
            errh->error("input spec " + std::to_string(i) + ": " + error);
            ++errors;
        }
    }

    std::unique_ptr<rewriter::StatelessPath> stateless;
    if (!errors && settings.mode != rewriter::StateMode::native) {
        rewriter::StatelessPathFactory factory = rewriter::stateless_path_factory();
        if (!factory) {
            errh->error("MODE: stateless modes are not built into this router");
            ++errors;
        }
        if (factory)
            stateless = factory(*this, settings);
    }
    if (errors)
        return -EINVAL;

    timeouts_ = timeouts;
    dst_anno_ = dst_anno;
    reap_interval_ = reap_interval;
    settings_ = settings;
    slice_ = slice;
    budget_ = budget;
    inputs_ = std::move(inputs);
    stateless_ = std::move(stateless);
    return 0;
}

int IPRewriterBase::initialize(ErrorHandler* errh) {
    now_source_ = &router()->scheduler().coarse_now_ref();
    reap_timer_.initialize(this);
    if (reap_interval_ > 0)
        reap_timer_.schedule_after(std::chrono::nanoseconds(seconds_to_ns(reap_interval_)));
    if (stateless_)
        return stateless_->initialize(errh);
    return 0;
}

void IPRewriterBase::cleanup(CleanupStage) {
    if (stateless_)
        stateless_->cleanup();
    if (now_source_)
        reap(true);
}

void IPRewriterBase::run_timer(Timer* timer) {
    reap(false);
    if (reap_interval_ > 0)
        timer->reschedule_after(std::chrono::nanoseconds(seconds_to_ns(reap_interval_)));
}

// ---- New flows ------------------------------------------------------------------------

IPRewriterBase::Plan IPRewriterBase::plan_new_flow(int input, const FlowKey& key, NewFlow& plan) {
    plan = NewFlow{};
    if (input < 0 || input >= ninput_specs())
        return Plan::drop;
    RewriterInput& spec = inputs_[std::size_t(input)];
    plan.spec = &spec;
    switch (spec.kind) {
    case RewriterInput::Kind::drop:
        return Plan::drop;
    case RewriterInput::Kind::pass:
        plan.foutput = spec.foutput;
        return Plan::pass;
    case RewriterInput::Kind::keep:
        plan.foutput = spec.foutput;
        plan.routput = spec.routput;
        return Plan::map;
    case RewriterInput::Kind::pattern:
        plan.pattern = spec.pattern;
        plan.foutput = spec.foutput;
        plan.routput = spec.routput;
        break;
    case RewriterInput::Kind::mapper: {
        rewriter::IPMapper::Choice choice;
        if (!spec.mapper->choose(key, choice) || !choice.pattern) {
            ++spec.failures;
            return Plan::drop;
        }
        plan.pattern = choice.pattern;
        plan.foutput = choice.foutput;
        plan.routput = choice.routput;
        break;
    }
    }
    plan.pattern->begin(key, slice_, plan.cursor);
    return Plan::map;
}

bool IPRewriterBase::next_candidate(const FlowKey& key, NewFlow& plan, FlowKey& rewritten) {
    if (!plan.pattern) {
        if (plan.keep_tried)
            return false;
        plan.keep_tried = true;
        rewritten = key;
        return true;
    }
    if (!plan.pattern->next(key, plan.cursor, rewritten))
        return false;
    adjust_rewritten(rewritten);
    return true;
}

void IPRewriterBase::accept_candidate(NewFlow& plan) {
    if (plan.pattern)
        plan.pattern->accept(plan.cursor);
}

void IPRewriterBase::handle_unmapped(int port, Packet* p) {
    const RewriterInput& spec = inputs_[std::size_t(port)];
    if (spec.kind == RewriterInput::Kind::pass)
        output(spec.foutput).push(p);
    else
        p->kill();
}

void IPRewriterBase::drop_malformed(Packet* p) {
    ++malformed_;
    p->kill();
}

// ---- Native table ---------------------------------------------------------------------

RewriterFlow* IPRewriterBase::install_local(const RewriterFlow& flow, int64_t now) {
    uint64_t limit = settings_.mode == rewriter::StateMode::cache ? settings_.cache_size : budget_->capacity;
    if (budget_->size >= limit && !make_room(now))
        return nullptr;
    uint32_t index;
    if (!free_flows_.empty()) {
        index = free_flows_.back();
        free_flows_.pop_back();
    } else {
        index = uint32_t(flows_.size());
        flows_.emplace_back();
    }
    RewriterFlow& f = flows_[index];
    f.key[0] = flow.key[0];
    f.key[1] = flow.key[1];
    f.output[0] = flow.output[0];
    f.output[1] = flow.output[1];
    f.ip_delta = flow.ip_delta;
    f.l4_delta = flow.l4_delta;
    f.input = flow.input;
    f.state = flow.state;
    f.seq = flow.seq ? std::make_unique<rewriter::SeqDeltas>(*flow.seq) : nullptr;
    f.live = true;
    f.last_used_ns = now;
    f.store_touched_ms = RewriterFlow::touch_stamp(now);
    // A reply key already in use belongs to an older mapping that this one replaces.
    if (uint32_t old = lookup(f.key[1]); old != FlowTable::npos && !(f.key[1] == f.key[0]))
        destroy_flow(old >> 1);
    if (uint32_t old = lookup(f.key[0]); old != FlowTable::npos)
        destroy_flow(old >> 1);
    table_.insert(f.key[0], index * 2);
    if (!(f.key[1] == f.key[0]))
        table_.insert(f.key[1], index * 2 + 1);
    if (f.input < inputs_.size())
        ++inputs_[f.input].count;
    ++budget_->size;
    return &f;
}

void IPRewriterBase::remove_local(const FlowKey& forward_key) {
    uint32_t v = lookup(forward_key);
    if (v != FlowTable::npos)
        destroy_flow(v >> 1);
}

void IPRewriterBase::destroy_flow(uint32_t index) {
    RewriterFlow& f = flows_[index];
    if (!f.live)
        return;
    for (int d = 0; d < 2; ++d) {
        uint32_t v = lookup(f.key[d]);
        if (v != FlowTable::npos && (v >> 1) == index)
            table_.erase(f.key[d], v);
    }
    if (f.input < inputs_.size() && inputs_[f.input].count)
        --inputs_[f.input].count;
    if (budget_->size)
        --budget_->size;
    f.live = false;
    f.seq.reset();
    free_flows_.push_back(index);
}

bool IPRewriterBase::make_room(int64_t now) {
    // A full cache is the steady state with more flows than CACHE_SIZE: a scan per miss
    // would cost O(CACHE_SIZE) per new flow, so evict a batch and scan once per batch.
    // Local copies can always go: the store keeps the mapping.
    if (settings_.mode == rewriter::StateMode::cache) {
        evict_cached_batch();
        return true;
    }
    reap(false);
    if (budget_->size < budget_->capacity)
        return true;
    // Evict the least recently used flow whose guarantee has run out.
    uint32_t victim = FlowTable::npos;
    int64_t oldest = INT64_MAX;
    for (uint32_t i = 0; i < flows_.size(); ++i) {
        const RewriterFlow& f = flows_[i];
        if (!f.live || f.last_used_ns >= oldest)
            continue;
        if (now >= f.last_used_ns + seconds_to_ns(flow_guarantee(f))) {
            victim = i;
            oldest = f.last_used_ns;
        }
    }
    if (victim == FlowTable::npos)
        return false;
    destroy_flow(victim);
    return true;
}

void IPRewriterBase::evict_cached_batch() {
    eviction_scratch_.clear();
    for (uint32_t i = 0; i < flows_.size(); ++i)
        if (flows_[i].live)
            eviction_scratch_.emplace_back(flows_[i].last_used_ns, i);
    if (eviction_scratch_.empty())
        return;
    std::size_t batch = std::max<std::size_t>(1, eviction_scratch_.size() / 16);
    std::nth_element(eviction_scratch_.begin(), eviction_scratch_.begin() + std::ptrdiff_t(batch - 1),
                     eviction_scratch_.end());
    for (std::size_t k = 0; k < batch; ++k)
        destroy_flow(eviction_scratch_[k].second);
}

void IPRewriterBase::reap(bool everything) {
    int64_t now = now_source_ ? now_ns() : 0;
    for (uint32_t i = 0; i < flows_.size(); ++i) {
        const RewriterFlow& f = flows_[i];
        if (f.live && (everything || now > f.last_used_ns + seconds_to_ns(flow_timeout(f))))
            destroy_flow(i);
    }
}

uint32_t IPRewriterBase::create_native(int port, const PacketFlow& pf, Packet* p) {
    NewFlow plan;
    Plan what = pf.may_create ? plan_new_flow(port, pf.key, plan) : Plan::drop;
    if (what != Plan::map) {
        if (!pf.may_create)
            handle_unmapped(port, p);
        else if (what == Plan::pass)
            output(plan.foutput).push(p);
        else
            p->kill();
        return FlowTable::npos;
    }
    FlowKey rewritten;
    bool found = false;
    while (next_candidate(pf.key, plan, rewritten))
        if (lookup(rewritten.reverse()) == FlowTable::npos) {
            found = true;
            break;
        }
    RewriterFlow* f = nullptr;
    if (found) {
        RewriterFlow proto;
        proto.assign(kind_, pf.key, rewritten, plan.foutput, plan.routput, port);
        f = install_local(proto, now_ns());
    }
    if (!f) {
        ++plan.spec->failures;
        p->kill();
        return FlowTable::npos;
    }
    accept_candidate(plan);
    return uint32_t(f - flows_.data()) * 2;
}

void IPRewriterBase::push(int port, Packet* p) {
    if (stateless_)
        stateless_->push(port, p);
    else
        push_native(port, p);
}

void IPRewriterBase::push_native(int port, Packet* p) {
    PacketFlow pf;
    Classified c = classify(p, pf);
    if (c != Classified::flow) {
        if (c == Classified::malformed) {
            drop_malformed(p);
        } else {
            handle_unmapped(port, p);
        }
        return;
    }
    uint32_t v = lookup(pf.key);
    if (v == FlowTable::npos && pf.has_alt)
        v = lookup(pf.alt);
    if (v == FlowTable::npos) {
        v = create_native(port, pf, p);
        if (v == FlowTable::npos)
            return;
    }
    RewriterFlow& f = flows_[v >> 1];
    int direction = int(v & 1);
    WritablePacket* wp = p->uniqueify();
    if (!wp)
        return;
    rewriter::apply_flow(kind_, f, direction, wp, dst_anno_);
    f.last_used_ns = now_ns();
    output(f.output[direction]).push(wp);
}

bool IPRewriterBase::map_flow(const FlowKey& key, int input, FlowKey& rewritten) {
    if (stateless_)
        return stateless_->map_flow(key, input, rewritten);
    int direction;
    if (RewriterFlow* f = find_local(key, direction)) {
        rewritten = f->rewritten(direction);
        return true;
    }
    if (input < 0)
        return false;
    NewFlow plan;
    if (plan_new_flow(input, key, plan) != Plan::map)
        return false;
    FlowKey candidate;
    while (next_candidate(key, plan, candidate))
        if (lookup(candidate.reverse()) == FlowTable::npos) {
            RewriterFlow proto;
            proto.assign(kind_, key, candidate, plan.foutput, plan.routput, input);
            if (!install_local(proto, now_ns()))
                break;
            accept_candidate(plan);
            rewritten = candidate;
            return true;
        }
    ++plan.spec->failures;
    return false;
}

bool IPRewriterBase::update_seq_delta(const FlowKey& key, uint32_t trigger, int32_t delta) {
    if (stateless_)
        return stateless_->update_seq_delta(key, trigger, delta);
    int direction;
    RewriterFlow* f = find_local(key, direction);
    if (!f)
        return false;
    if (!f->seq)
        f->seq = std::make_unique<rewriter::SeqDeltas>();
    return f->seq->update(direction, trigger, delta);
}

// ---- Timeouts -------------------------------------------------------------------------

double IPRewriterBase::flow_timeout(const RewriterFlow& f) const {
    switch (f.key[0].proto) {
    case 6:
        if ((f.state & rewriter::tcp_both_done) == rewriter::tcp_both_done)
            return timeouts_.tcp_done;
        if ((f.state & rewriter::tcp_both_data) == rewriter::tcp_both_data)
            return timeouts_.tcp_data;
        return timeouts_.tcp_nodata;
    case 17:
        return f.udp_streaming() && timeouts_.udp_streaming >= 0 ? timeouts_.udp_streaming : timeouts_.udp;
    default:
        return timeouts_.best_effort;
    }
}

double IPRewriterBase::flow_guarantee(const RewriterFlow& f) const {
    switch (f.key[0].proto) {
    case 6:
        return timeouts_.tcp_guarantee;
    case 17:
        return timeouts_.udp_guarantee;
    default:
        return timeouts_.guarantee;
    }
}

double IPRewriterBase::longest_timeout() const { return timeouts_.best_effort; }

// ---- Handlers -------------------------------------------------------------------------

std::string IPRewriterBase::table_text(uint8_t proto) const {
    std::string s;
    int64_t now = now_source_ ? now_ns() : 0;
    for (const RewriterFlow& f : flows_) {
        if (!f.live || (proto && f.key[0].proto != proto))
            continue;
        int64_t expiry = f.last_used_ns + seconds_to_ns(flow_timeout(f));
        int64_t left = (expiry - now + ns_per_sec / 2) / ns_per_sec;
        for (int d = 0; d < 2; ++d) {
            if (d == 1 && f.key[1] == f.key[0])
                break;
            s += rewriter::unparse_flow(kind_, f, d, left);
            s += '\n';
        }
    }
    return s;
}

std::string IPRewriterBase::read_counter(int which) const {
    uint64_t total = 0;
    for (const RewriterInput& in : inputs_)
        total += which == 0 ? in.count : in.failures;
    if (which == 0 && stateless_ && settings_.mode != rewriter::StateMode::cache)
        total = stateless_->mappings_created();
    return std::to_string(total);
}

void IPRewriterBase::add_handlers() {
    add_read_handler("nmappings", [this] { return read_counter(0); });
    add_read_handler("mapping_failures", [this] { return read_counter(1); });
    add_read_handler("table_size", [this] { return std::to_string(flows_.size() - free_flows_.size()); });
    add_read_handler("size", [this] { return std::to_string(budget_->size); });
    add_read_handler("capacity", [this] { return std::to_string(budget_->capacity); });
    add_write_handler("capacity", [this](const std::string& text, ErrorHandler* errh) {
        uint64_t capacity = 0;
        if (!IntArg().parse(uncomment(text), capacity, ArgContext(this, errh)))
            return -EINVAL;
        budget_->capacity = capacity;
        reap(false);
        while (budget_->size > budget_->capacity) {
            uint32_t victim = FlowTable::npos;
            int64_t oldest = INT64_MAX;
            for (uint32_t i = 0; i < flows_.size(); ++i)
                if (flows_[i].live && flows_[i].last_used_ns < oldest) {
                    victim = i;
                    oldest = flows_[i].last_used_ns;
                }
            if (victim == FlowTable::npos)
                break;
            destroy_flow(victim);
        }
        return 0;
    });
    add_write_handler("clear", [this](const std::string&, ErrorHandler*) {
        reap(true);
        return 0;
    }, Handler::button);
    add_read_handler("patterns", [this] {
        std::string s;
        for (const RewriterInput& in : inputs_)
            s += in.unparse() + '\n';
        return s;
    });
    for (int i = 0; i < ninputs(); ++i)
        add_read_handler("pattern" + std::to_string(i), [this, i] {
            return std::size_t(i) < inputs_.size() ? inputs_[std::size_t(i)].unparse() + '\n' : std::string();
        });
    add_read_handler("mode", [this] { return std::string(rewriter::mode_word(settings_.mode)); });
    add_read_handler("store", [this] {
        return settings_.mode == rewriter::StateMode::native ? std::string("native") : stateless_->backend();
    });
    add_read_handler("malformed_drops", [this] { return std::to_string(malformed_); });
    if (stateless_)
        stateless_->add_handlers();
}

}  // namespace snf::click
