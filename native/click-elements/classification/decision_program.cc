// DecisionProgram: compilation of rule lists into forward-jumping word tests, the
// optimizer, the text rendering and the per-packet matcher.
#include "classification/decision_program.hh"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <tuple>

namespace snf::click::classification {

namespace {

using Step = DecisionProgram::Step;

// ---- Compilation --------------------------------------------------------------------------
// Each subexpression becomes a fragment: its first step and the step branches that still
// have to be pointed at whatever follows when it is true or false. Steps are emitted in
// the order of the expression text, and every patch points at a later step, so jumps only
// go forward.

struct Patch {
    int32_t step;
    bool branch;
};

struct Fragment {
    bool is_constant = false;
    bool value = false;
    int32_t start = 0;
    std::vector<Patch> on_true;
    std::vector<Patch> on_false;
};

Fragment constant_fragment(bool value) {
    Fragment f;
    f.is_constant = true;
    f.value = value;
    return f;
}

void append(std::vector<Patch>& to, const std::vector<Patch>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

class Builder {
public:
    explicit Builder(std::vector<Step>& steps) : steps_(steps) {}

    void resolve(const std::vector<Patch>& patches, int32_t target) {
        for (const Patch& p : patches)
            (p.branch ? steps_[std::size_t(p.step)].yes : steps_[std::size_t(p.step)].no) = target;
    }

    Fragment build(const Expr& e) {
        switch (e.kind) {
        case Expr::Kind::constant:
            return constant_fragment(e.constant_value);
        case Expr::Kind::test: {
            if (e.test.mask == 0)
                return constant_fragment(true);
            Step s;
            s.test = e.test;
            s.test.value &= s.test.mask;
            s.yes = s.no = DecisionProgram::jump_drop;
            steps_.push_back(s);
            Fragment f;
            f.start = int32_t(steps_.size() - 1);
            f.on_true.push_back({f.start, true});
            f.on_false.push_back({f.start, false});
            return f;
        }
        case Expr::Kind::negation: {
            Fragment f = build(e.children.at(0));
            if (f.is_constant)
                f.value = !f.value;
            else
                std::swap(f.on_true, f.on_false);
            return f;
        }
        case Expr::Kind::conjunction:
        case Expr::Kind::disjunction:
            return build_list(e, e.kind == Expr::Kind::conjunction);
        case Expr::Kind::ternary: {
            Fragment c = build(e.children.at(0));
            if (c.is_constant)
                return build(e.children.at(c.value ? 1 : 2));
            Fragment result;
            result.start = c.start;
            Fragment t = build(e.children.at(1));
            follow(result, c.on_true, t);
            Fragment f = build(e.children.at(2));
            follow(result, c.on_false, f);
            return result;
        }
        }
        return constant_fragment(false);
    }

private:
    // Points `patches` at `next`, adding next's open branches to `result`.
    void follow(Fragment& result, const std::vector<Patch>& patches, const Fragment& next) {
        if (next.is_constant) {
            append(next.value ? result.on_true : result.on_false, patches);
            return;
        }
        resolve(patches, next.start);
        append(result.on_true, next.on_true);
        append(result.on_false, next.on_false);
    }

    // and (conjunction) or or: the deciding constant is false for and, true for or.
    Fragment build_list(const Expr& e, bool conjunction) {
        const bool absorbing = !conjunction;
        Fragment acc = constant_fragment(conjunction);
        for (const Expr& child : e.children) {
            if (acc.is_constant && acc.value == absorbing)
                return acc;
            Fragment next = build(child);
            if (acc.is_constant) {
                acc = std::move(next);
                continue;
            }
            if (next.is_constant) {
                if (next.value == absorbing)
                    return constant_fragment(absorbing);  // earlier steps are now unreachable
                continue;
            }
            if (conjunction) {
                resolve(acc.on_true, next.start);
                acc.on_true = std::move(next.on_true);
                append(acc.on_false, next.on_false);
            } else {
                resolve(acc.on_false, next.start);
                acc.on_false = std::move(next.on_false);
                append(acc.on_true, next.on_true);
            }
        }
        return acc;
    }

    std::vector<Step>& steps_;
};

// ---- Optimization ---------------------------------------------------------------------------
// What a path has learned: that a test took a branch. The branch equal to the test's short
// result may also mean the packet was short, so such a fact says something about the bytes
// only when the packet is known to be long enough.

struct Fact {
    WordTest test;
    bool branch;
    friend bool operator==(const Fact&, const Fact&) = default;
};

constexpr std::size_t max_facts = 64;
constexpr int max_passes = 16;
// Step copying (split_shared_steps) rounds, and the largest program they are tried on.
constexpr int max_splits = 3;
constexpr std::size_t max_split_program = 256;

bool single_bit(uint32_t x) {
    return x && !(x & (x - 1));
}

// What the bytes say about `t` when exactly the facts `evaluated` selects were computed
// from packet bytes: 1, 0, or -1 when they do not decide it.
template <class Evaluated>
int outcome_from_bytes(const WordTest& t, const std::vector<Fact>& facts, Evaluated evaluated) {
    uint32_t known_mask = 0, known_value = 0;
    for (const Fact& f : facts)
        if (f.branch && f.test.offset == t.offset && evaluated(f)) {
            known_mask |= f.test.mask;
            known_value |= f.test.value;
        }
    if ((t.mask & ~known_mask) == 0 && (known_value & t.mask) == t.value)
        return 1;
    if (((known_value ^ t.value) & known_mask & t.mask) != 0)
        return 0;
    for (const Fact& f : facts) {
        if (f.branch || f.test.offset != t.offset || !evaluated(f))
            continue;
        // data & f.mask != f.value: t cannot hold if it would force f to hold.
        if ((f.test.mask & ~t.mask) == 0 && (t.value & f.test.mask) == f.test.value)
            return 0;
        // A one-bit test that failed fixes that bit.
        if (f.test.mask == t.mask && single_bit(t.mask) && f.test.value != t.value)
            return 1;
    }
    return -1;
}

// The branch `t` must take given `facts`, or -1 when they do not decide it. The packet's
// length in t's region is unknown beyond what evaluated tests prove, so every length that
// changes which tests were evaluated (or whether t is short) is considered.
int decide(const WordTest& t, const std::vector<Fact>& facts, OffsetSpace space) {
    if (t.mask == 0)
        return 1;
    const int region = region_of(space, t.offset);
    auto same_region = [&](const Fact& f) { return region_of(space, f.test.offset) == region; };
    // Tests that went the way a short packet would not have gone were evaluated.
    uint32_t known = 0;
    for (const Fact& f : facts)
        if (f.branch != f.test.short_result && same_region(f))
            known = std::max(known, f.test.required_length());

    std::vector<uint32_t> lengths{known};
    for (const Fact& f : facts)
        if (same_region(f) && f.test.required_length() > known)
            lengths.push_back(f.test.required_length());
    if (t.required_length() > known)
        lengths.push_back(t.required_length());
    std::sort(lengths.begin(), lengths.end());
    lengths.erase(std::unique(lengths.begin(), lengths.end()), lengths.end());

    int decided = -1;
    for (uint32_t length : lengths) {
        int outcome;
        if (t.required_length() > length)
            outcome = t.short_result ? 1 : 0;
        else
            outcome = outcome_from_bytes(t, facts, [&](const Fact& f) {
                return f.branch != f.test.short_result || f.test.required_length() <= length;
            });
        if (outcome < 0 || (decided >= 0 && outcome != decided))
            return -1;
        decided = outcome;
    }
    return decided;
}

std::vector<Fact> intersect(const std::vector<Fact>& a, const std::vector<Fact>& b) {
    std::vector<Fact> out;
    for (const Fact& f : a)
        if (std::find(b.begin(), b.end(), f) != b.end())
            out.push_back(f);
    return out;
}

// Bypasses steps whose outcome every path to them decides. Returns whether anything changed.
bool bypass_decided_steps(std::vector<Step>& steps, OffsetSpace space) {
    const std::size_t n = steps.size();
    std::vector<std::vector<Fact>> facts(n);
    std::vector<bool> reached(n, false);
    bool changed = false;
    if (n)
        reached[0] = true;
    for (std::size_t i = 0; i < n; ++i) {
        if (!reached[i])
            continue;
        for (int b = 0; b < 2; ++b) {
            std::vector<Fact> edge = facts[i];
            edge.push_back({steps[i].test, b == 1});
            int32_t target = steps[i].jump(b == 1);
            while (target > 0) {
                const Step& next = steps[std::size_t(target)];
                int d = decide(next.test, edge, space);
                if (d < 0)
                    break;
                edge.push_back({next.test, d == 1});
                target = next.jump(d == 1);
                changed = true;
            }
            if (edge.size() > max_facts)
                edge.erase(edge.begin(), edge.begin() + std::ptrdiff_t(edge.size() - max_facts));
            (b ? steps[i].yes : steps[i].no) = target;
            if (target > 0) {
                std::size_t t = std::size_t(target);
                if (!reached[t]) {
                    reached[t] = true;
                    facts[t] = std::move(edge);
                } else {
                    facts[t] = intersect(facts[t], edge);
                }
            }
        }
    }
    return changed;
}

// Where a program starts: a step, or straight at an output (a jump value <= 0).
struct Entry {
    bool is_step = false;
    int32_t value = DecisionProgram::jump_drop;
};

// DecisionProgram::output_everything() for a program that starts at `entry`.
int everything_output(const Entry& entry) {
    if (entry.is_step)
        return -1;
    return entry.value == DecisionProgram::jump_drop ? DecisionProgram::drop_output : -entry.value;
}

// Keeps the steps reachable from `entry`, renumbered in order, so that the entry step
// becomes step 0.
void keep_reachable(std::vector<Step>& steps, Entry entry) {
    if (!entry.is_step) {
        steps.clear();
        return;
    }
    const std::size_t n = steps.size();
    std::vector<bool> live(n, false);
    live[std::size_t(entry.value)] = true;
    for (std::size_t i = std::size_t(entry.value); i < n; ++i) {
        if (!live[i])
            continue;
        for (int32_t j : {steps[i].yes, steps[i].no})
            if (j > 0)
                live[std::size_t(j)] = true;
    }
    std::vector<int32_t> renumber(n, -1);
    std::vector<Step> kept;
    for (std::size_t i = 0; i < n; ++i)
        if (live[i]) {
            renumber[i] = int32_t(kept.size());
            kept.push_back(steps[i]);
        }
    for (Step& s : kept) {
        if (s.yes > 0)
            s.yes = renumber[std::size_t(s.yes)];
        if (s.no > 0)
            s.no = renumber[std::size_t(s.no)];
    }
    steps = std::move(kept);
}

// Points jumps at a step whose branches agree at their common target, and merges equal
// steps into the last of them (keeping jumps forward). Sets `changed` when anything
// changed; returns where the program now starts.
Entry merge_equivalent_steps(std::vector<Step>& steps, bool& changed) {
    const std::size_t n = steps.size();
    std::vector<Entry> replacement(n);
    std::map<std::tuple<uint32_t, uint32_t, uint32_t, bool, int32_t, int32_t>, int32_t> seen;
    auto redirect = [&](int32_t j) {
        if (j <= 0)
            return j;
        const Entry& r = replacement[std::size_t(j)];
        return r.value;  // later steps never resolve to step 0, so the value alone is exact
    };
    for (std::size_t k = n; k-- > 0;) {
        Step& s = steps[k];
        s.yes = redirect(s.yes);
        s.no = redirect(s.no);
        if (s.yes == s.no) {
            replacement[k] = {s.yes > 0, s.yes};
            changed = true;
            continue;
        }
        auto key = std::make_tuple(s.test.offset, s.test.value, s.test.mask, s.test.short_result, s.yes, s.no);
        auto it = seen.find(key);
        if (it != seen.end()) {
            replacement[k] = {true, it->second};
            changed = true;
        } else {
            seen.emplace(key, int32_t(k));
            replacement[k] = {true, int32_t(k)};
        }
    }
    return n ? replacement[0] : Entry{};
}

// Gives every incoming edge of a shared step its own copy of the step, while the program
// stays under `limit` steps. Paths that meet at a step lose what they knew apart; with
// copies, bypass_decided_steps() can use each path's knowledge further down, and
// merge_equivalent_steps() folds the copies that did not help back together. Returns
// whether any step was copied.
bool split_shared_steps(std::vector<Step>& steps, std::size_t limit) {
    const std::size_t n = steps.size();
    // Branches of already emitted steps that still point at old step i.
    std::vector<std::vector<Patch>> waiting(n);
    std::vector<Step> out;
    bool split = false;
    auto emit = [&](const Step& s) {
        out.push_back(s);
        const int32_t at = int32_t(out.size() - 1);
        if (s.yes > 0)
            waiting[std::size_t(s.yes)].push_back({at, true});
        if (s.no > 0)
            waiting[std::size_t(s.no)].push_back({at, false});
        return at;
    };
    auto point = [&](const Patch& p, int32_t target) {
        (p.branch ? out[std::size_t(p.step)].yes : out[std::size_t(p.step)].no) = target;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const std::vector<Patch> edges = std::move(waiting[i]);
        const std::size_t remaining = n - i - 1;
        if (edges.size() <= 1 || out.size() + edges.size() + remaining > limit) {
            const int32_t at = emit(steps[i]);
            for (const Patch& p : edges)
                point(p, at);
            continue;
        }
        for (const Patch& p : edges)
            point(p, emit(steps[i]));
        split = true;
    }
    steps = std::move(out);
    return split;
}

uint32_t memory_order(uint32_t bytes_msb_first) {
    unsigned char b[4] = {uint8_t(bytes_msb_first >> 24), uint8_t(bytes_msb_first >> 16),
                          uint8_t(bytes_msb_first >> 8), uint8_t(bytes_msb_first)};
    uint32_t out;
    std::memcpy(&out, b, 4);
    return out;
}

void append_jump(std::string& out, int32_t j) {
    if (j == DecisionProgram::jump_drop)
        out += "[X]";
    else if (j <= 0)
        out += "[" + std::to_string(-j) + "]";
    else
        out += "step " + std::to_string(j);
}

}  // namespace

DecisionProgram DecisionProgram::compile(const std::vector<Rule>& rules, OffsetSpace space) {
    DecisionProgram prog;
    prog.space_ = space;
    std::vector<Step>& steps = prog.steps_;
    Builder builder(steps);

    std::vector<Patch> pending;
    bool entry_set = false;
    Entry entry;
    auto attach = [&](int32_t target, bool is_step) {
        if (!entry_set) {
            entry = {is_step, target};
            entry_set = true;
        }
        builder.resolve(pending, target);
        pending.clear();
    };
    bool finished = false;
    for (const Rule& rule : rules) {
        const int32_t to_output = rule.output >= drop_output || rule.output < 0 ? jump_drop : -rule.output;
        Fragment f = builder.build(rule.expr);
        if (f.is_constant) {
            if (f.value) {
                attach(to_output, false);
                finished = true;
                break;
            }
            continue;
        }
        attach(f.start, true);
        builder.resolve(f.on_true, to_output);
        pending = std::move(f.on_false);
    }
    if (!finished)
        attach(jump_drop, false);

    keep_reachable(steps, entry);
    prog.output_everything_ = everything_output(entry);
    prog.optimize();
    prog.finish();
    return prog;
}

void DecisionProgram::optimize() {
    if (steps_.empty())
        return;
    int splits_left = max_splits;
    for (int pass = 0; pass < max_passes; ++pass) {
        bool changed = bypass_decided_steps(steps_, space_);
        Entry entry = merge_equivalent_steps(steps_, changed);
        keep_reachable(steps_, entry);
        output_everything_ = everything_output(entry);
        if (!entry.is_step)
            return;
        if (!changed) {
            if (splits_left-- <= 0 || steps_.size() > max_split_program ||
                !split_shared_steps(steps_, std::max<std::size_t>(steps_.size() * 4, 64)))
                break;
        }
    }
    // A last round, so that copies no pass has used are merged back.
    bool changed = false;
    Entry entry = merge_equivalent_steps(steps_, changed);
    keep_reachable(steps_, entry);
    output_everything_ = everything_output(entry);
}

void DecisionProgram::finish() {
    safe_length_ = 0;
    compiled_.clear();
    for (int r = 0; r < region_count; ++r)
        region_safe_[r] = region_load_[r] = 0;
    for (const Step& s : steps_) {
        const int region = region_of(space_, s.test.offset);
        const uint32_t base = region_base(space_, region);
        const uint32_t required = s.test.required_length();
        safe_length_ = std::max(safe_length_, required);
        Compiled c;
        c.mask = memory_order(s.test.mask);
        c.value = memory_order(s.test.value);
        c.yes = s.yes;
        c.no = s.no;
        c.offset = s.test.offset - base;
        c.required = required - base;
        c.region = uint8_t(region);
        c.short_yes = s.test.short_result ? 1 : 0;
        region_safe_[region] = std::max(region_safe_[region], c.required);
        region_load_[region] = std::max(region_load_[region], c.offset + 4);
        compiled_.push_back(c);
    }
}

std::string DecisionProgram::unparse() const {
    std::string out;
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        const Step& s = steps_[i];
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s%zu %3u/%08x%%%08x  yes->", i < 10 ? " " : "", i, unsigned(s.test.offset),
                      unsigned(s.test.value), unsigned(s.test.mask));
        out += buf;
        append_jump(out, s.yes);
        out += "  no->";
        append_jump(out, s.no);
        if (s.test.short_result)
            out += "  short->yes";
        out += '\n';
    }
    if (steps_.empty())
        out += "all->[" + std::to_string(output_everything_) + "]\n";
    out += "safe length " + std::to_string(safe_length_) + "\n";
    out += "alignment offset 0\n";
    return out;
}

void DecisionProgram::warn_unused_outputs(int noutputs, ErrorHandler* errh) const {
    std::vector<bool> used(std::size_t(std::max(noutputs, 0)), false);
    auto mark = [&](int output) {
        if (output >= 0 && output < noutputs)
            used[std::size_t(output)] = true;
    };
    if (steps_.empty())
        mark(output_everything_);
    for (const Step& s : steps_)
        for (int32_t j : {s.yes, s.no})
            if (j <= 0 && j != jump_drop)
                mark(-j);
    for (int i = 0; i < noutputs; ++i)
        if (!used[std::size_t(i)])
            errh->warning("output " + std::to_string(i) + " matches no packets");
}

int DecisionProgram::run(const View& view) const noexcept {
    const Compiled* const first = compiled_.data();
    const Compiled* in = first;
    const unsigned char* const mac = view.base[0];
    const unsigned char* const net = view.base[1];
    const unsigned char* const transport = view.base[2];
    while (true) {
        // A step's region never changes, so these branches predict well and keep the
        // base out of the load chain that links one step to the next.
        const unsigned char* base = in->region == 1 ? net : in->region == 2 ? transport : mac;
        uint32_t word;
        std::memcpy(&word, base + in->offset, 4);
        int32_t j;
        if ((word & in->mask) == in->value) [[likely]]
            j = in->yes;
        else
            j = in->no;
        if (j <= 0)
            return -j;
        in = first + j;
    }
}

int DecisionProgram::run_checked(const View& view) const noexcept {
    const Compiled* const first = compiled_.data();
    const Compiled* in = first;
    while (true) {
        const int region = in->region;
        int32_t j;
        if (in->required > view.avail[region]) {
            j = in->short_yes ? in->yes : in->no;
        } else {
            uint32_t word = 0;
            const unsigned char* at = view.base[region] + in->offset;
            if (in->offset + 4 <= view.readable[region]) {
                std::memcpy(&word, at, 4);
            } else {
                // The masked bytes are packet bytes; the rest of the word lies past the
                // buffer and reads as zero.
                unsigned char bytes[4] = {0, 0, 0, 0};
                for (uint32_t k = 0; k < 4 && in->offset + k < view.avail[region]; ++k)
                    bytes[k] = at[k];
                std::memcpy(&word, bytes, 4);
            }
            j = (word & in->mask) == in->value ? in->yes : in->no;
        }
        if (j <= 0)
            return -j;
        in = first + j;
    }
}

int DecisionProgram::match_flat(const unsigned char* data, uint32_t length,
                                const unsigned char* readable_end) const noexcept {
    if (compiled_.empty())
        return output_everything_;
    View view{};
    view.base[0] = data;
    view.avail[0] = length;
    view.readable[0] = uint32_t(readable_end - data);
    if (view.avail[0] >= region_safe_[0] && view.readable[0] >= region_load_[0])
        return run(view);
    return run_checked(view);
}

int DecisionProgram::match_ip(const Packet* p) const noexcept {
    if (compiled_.empty())
        return output_everything_;
    const unsigned char* end = p->end_data();
    const unsigned char* buffer = p->buffer();
    const unsigned char* buffer_end = buffer + p->buffer_length();
    View view{};
    auto set_region = [&](int r, const unsigned char* base) {
        view.base[r] = base;
        if (base && base >= buffer && base <= end) {
            view.avail[r] = uint32_t(end - base);
            view.readable[r] = uint32_t(buffer_end - base);
        }
    };

    const unsigned char* ip = p->has_network_header() ? p->network_header() : p->data();
    set_region(1, ip);
    // Regions no step reads (region_safe_ 0) are left empty.
    if (region_safe_[2]) {
        const unsigned char* transport = nullptr;
        if (p->has_transport_header() && p->transport_header() > ip)
            transport = p->transport_header();
        else if (view.avail[1] >= 1)
            transport = ip + (ip[0] & 0x0F) * 4;
        set_region(2, transport);
    }

    // The MAC region starts two bytes before the MAC header so that the Ethernet addresses
    // fill whole words; when those two bytes are outside the buffer, work on a copy.
    unsigned char mac_copy[20];
    if (region_safe_[0] && p->has_mac_header() && p->mac_header() <= end) {
        const unsigned char* mac = p->mac_header();
        if (mac - buffer >= 2) {
            set_region(0, mac - 2);
        } else {
            std::memset(mac_copy, 0, sizeof mac_copy);
            const uint32_t n = std::min<uint32_t>(uint32_t(end - mac), sizeof mac_copy - 2);
            std::memcpy(mac_copy + 2, mac, n);
            view.base[0] = mac_copy;
            view.avail[0] = n + 2;
            view.readable[0] = sizeof mac_copy;
        }
    }

    for (int r = 0; r < region_count; ++r)
        if (view.avail[r] < region_safe_[r] || view.readable[r] < region_load_[r])
            return run_checked(view);
    return run(view);
}

}  // namespace snf::click::classification
