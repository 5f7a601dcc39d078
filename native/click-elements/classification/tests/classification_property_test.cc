// Property tests: compiled, optimized decision programs against straightforward
// reference evaluators on random packets (many of them truncated).
//
// 1. Random boolean trees of word tests (both offset spaces) against a tree-walking
//    evaluator of the same trees: checks compilation, optimization and the matcher.
// 2. Random IPClassifier expressions, generated as syntax trees, printed as text, parsed
//    and compiled, against an evaluator of the generated tree that knows what each
//    primitive means (host, port, proto, fields, relations) on packet bytes: checks the
//    language end to end.
// Fixed seeds; each suite runs a few seconds.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "classification/decision_program.hh"
#include "classification/ip_filter_language.hh"
#include "snf/click/packet.hh"

namespace snf::click::classification {
namespace {

constexpr int drop = DecisionProgram::drop_output;

// ---- Region bytes as the documented rules define them ----------------------------------------

struct Regions {
    // For each region: the bytes from the region's base to the end of the packet.
    std::vector<uint8_t> bytes[3];
};

Regions flat_regions(const Packet* p) {
    Regions r;
    r.bytes[0].assign(p->data(), p->end_data());
    return r;
}

Regions ip_regions(const Packet* p) {
    Regions r;
    const unsigned char* end = p->end_data();
    const unsigned char* ip = p->has_network_header() ? p->network_header() : p->data();
    if (ip <= end)
        r.bytes[1].assign(ip, end);
    const unsigned char* th = nullptr;
    if (p->has_transport_header() && p->transport_header() > ip)
        th = p->transport_header();
    else if (!r.bytes[1].empty())
        th = ip + (r.bytes[1][0] & 15) * 4;
    if (th && th <= end)
        r.bytes[2].assign(th, end);
    if (p->has_mac_header() && p->mac_header() <= end)
        r.bytes[0].assign(p->mac_header() - 2, end);  // tests keep two bytes of headroom
    return r;
}

// ---- Reference evaluator of word-test trees --------------------------------------------------------

bool eval_test(const WordTest& t, const Regions& r, OffsetSpace space) {
    const int region = region_of(space, t.offset);
    const uint32_t base = region_base(space, region);
    const std::vector<uint8_t>& b = r.bytes[region];
    if (t.required_length() - base > b.size())
        return t.short_result;
    uint32_t word = 0;
    for (uint32_t k = 0; k < 4; ++k) {
        const std::size_t at = t.offset - base + k;
        word = (word << 8) | (at < b.size() ? b[at] : 0u);
    }
    return (word & t.mask) == t.value;
}

bool eval_expr(const Expr& e, const Regions& r, OffsetSpace space) {
    switch (e.kind) {
    case Expr::Kind::constant:
        return e.constant_value;
    case Expr::Kind::test:
        return eval_test(e.test, r, space);
    case Expr::Kind::negation:
        return !eval_expr(e.children[0], r, space);
    case Expr::Kind::conjunction:
        for (const Expr& c : e.children)
            if (!eval_expr(c, r, space))
                return false;
        return true;
    case Expr::Kind::disjunction:
        for (const Expr& c : e.children)
            if (eval_expr(c, r, space))
                return true;
        return false;
    case Expr::Kind::ternary:
        return eval_expr(e.children[eval_expr(e.children[0], r, space) ? 1 : 2], r, space);
    }
    return false;
}

int eval_rules(const std::vector<Rule>& rules, const Regions& r, OffsetSpace space) {
    for (const Rule& rule : rules)
        if (eval_expr(rule.expr, r, space))
            return rule.output;
    return drop;
}

// ---- Random packets --------------------------------------------------------------------------

using Rng = std::mt19937;

int pick(Rng& rng, int n) {
    return std::uniform_int_distribution<int>(0, n - 1)(rng);
}
bool chance(Rng& rng, int percent) {
    return pick(rng, 100) < percent;
}

// Bytes from a small alphabet so that tests hit as often as they miss.
uint8_t interesting_byte(Rng& rng) {
    static const uint8_t alphabet[] = {0x00, 0x01, 0x02, 0x06, 0x08, 0x11, 0x16, 0x45, 0x50, 0x80, 0xff};
    if (chance(rng, 15))
        return uint8_t(pick(rng, 256));
    return alphabet[pick(rng, int(sizeof alphabet))];
}

struct TestPacket {
    WritablePacket* p = nullptr;
    ~TestPacket() {
        if (p)
            p->kill();
    }
};

void make_flat_packet(Rng& rng, TestPacket& out) {
    std::vector<uint8_t> bytes(std::size_t(pick(rng, 44)));
    for (uint8_t& b : bytes)
        b = interesting_byte(rng);
    // Tailroom 0 or more: words near the end may or may not be loadable in one piece.
    out.p = Packet::make(Packet::default_headroom, bytes.data(), uint32_t(bytes.size()), uint32_t(pick(rng, 4)));
}

const uint32_t addresses[] = {0x0A000001, 0x0A000002, 0x0A0000FE, 0xC6336401, 0xC6336402, 0x01020304};
const uint16_t port_values[] = {20, 21, 22, 53, 80, 443, 1023, 1024, 8080, 50000};

// An Ethernet (sometimes) + IPv4 + transport packet, often truncated, with a random mix of
// header annotations.
void make_ip_packet(Rng& rng, TestPacket& out) {
    std::vector<uint8_t> bytes;
    const bool ether = chance(rng, 40);
    if (ether) {
        for (int i = 0; i < 12; ++i)
            bytes.push_back(chance(rng, 70) ? uint8_t(0x10 + i % 6) : uint8_t(pick(rng, 256)));
        bytes.push_back(0x08);
        bytes.push_back(0x00);
    }
    const std::size_t ip_at = bytes.size();
    int hl = chance(rng, 85) ? 5 : pick(rng, 16);
    bytes.push_back(uint8_t((chance(rng, 90) ? 0x40 : pick(rng, 16) << 4) | hl));
    bytes.push_back(interesting_byte(rng));  // tos
    const int transport_len = pick(rng, 25);
    const int total = std::max(hl, 5) * 4 + transport_len;
    bytes.push_back(uint8_t(total >> 8));
    bytes.push_back(chance(rng, 80) ? uint8_t(total) : interesting_byte(rng));
    bytes.push_back(interesting_byte(rng));  // id
    bytes.push_back(interesting_byte(rng));
    const int frag = pick(rng, 10);
    bytes.push_back(frag == 0 ? 0x20 : frag == 1 ? 0x00 : frag == 2 ? 0x40 : 0x00);
    bytes.push_back(frag == 1 ? 0x10 : 0x00);
    bytes.push_back(chance(rng, 50) ? 64 : interesting_byte(rng));  // ttl
    static const uint8_t protos[] = {1, 6, 6, 17, 17, 2, 47};
    bytes.push_back(chance(rng, 90) ? protos[pick(rng, 7)] : uint8_t(pick(rng, 256)));
    bytes.push_back(0);
    bytes.push_back(0);
    for (int side = 0; side < 2; ++side) {
        uint32_t a = addresses[pick(rng, 6)];
        if (chance(rng, 10))
            a = uint32_t(rng());
        for (int i = 0; i < 4; ++i)
            bytes.push_back(uint8_t(a >> (24 - 8 * i)));
    }
    for (int i = 5; i < hl; ++i)
        for (int k = 0; k < 4; ++k)
            bytes.push_back(1);  // IP options: no-ops
    const std::size_t th_at = bytes.size();
    for (int i = 0; i < transport_len; ++i) {
        uint8_t b = interesting_byte(rng);
        if (i < 4) {
            uint16_t port = port_values[pick(rng, 10)];
            b = uint8_t(i % 2 == 0 ? port >> 8 : port);
            if (chance(rng, 5))
                b = uint8_t(pick(rng, 256));
        } else if (i == 13) {
            b = uint8_t(pick(rng, 64));
        }
        bytes.push_back(b);
    }
    if (chance(rng, 40))
        bytes.resize(std::size_t(pick(rng, int(bytes.size()) + 1)));
    out.p = Packet::make(Packet::default_headroom, bytes.data(), uint32_t(bytes.size()), uint32_t(pick(rng, 4)));
    if (ether)
        out.p->set_mac_header(out.p->data());
    if (chance(rng, 85) && ip_at <= bytes.size()) {
        out.p->set_network_header(out.p->data() + ip_at, uint32_t(std::max(hl, 5) * 4));
        if (chance(rng, 50) && th_at <= bytes.size())
            out.p->set_transport_header(out.p->data() + th_at);
        else if (chance(rng, 50))
            out.p->set_network_header(out.p->data() + ip_at, 0);  // no transport annotation
    } else if (ether) {
        out.p->pull(uint32_t(std::min<std::size_t>(14, bytes.size())));
    }
}

// ---- Random word-test trees ----------------------------------------------------------------------

uint32_t random_mask(Rng& rng) {
    static const uint8_t masks[] = {0x00, 0x00, 0xff, 0xff, 0xf0, 0x0f, 0x01, 0x80, 0x3f};
    uint32_t m = 0;
    for (int i = 0; i < 4; ++i)
        m = (m << 8) | masks[pick(rng, int(sizeof masks))];
    return m;
}

uint32_t random_offset(Rng& rng, OffsetSpace space) {
    if (space == OffsetSpace::flat)
        return uint32_t(pick(rng, 11)) * 4;
    switch (pick(rng, 3)) {
    case 0:
        return offset_mac + uint32_t(pick(rng, 4)) * 4;
    case 1:
        return offset_net + uint32_t(pick(rng, 7)) * 4;
    default:
        return offset_transp + uint32_t(pick(rng, 6)) * 4;
    }
}

Expr random_tree(Rng& rng, OffsetSpace space, int depth, std::vector<WordTest>& pool) {
    const int kind = depth <= 0 ? 0 : pick(rng, 10);
    if (kind <= 3 || kind == 9) {
        if (kind == 9 && chance(rng, 30))
            return Expr::constant(chance(rng, 50));
        // Reuse earlier tests often: redundant and related tests are what the optimizer
        // works on.
        if (!pool.empty() && chance(rng, 45)) {
            WordTest t = pool[std::size_t(pick(rng, int(pool.size())))];
            if (chance(rng, 30))
                t.mask &= random_mask(rng) | 0xFF00FF00u;
            t.value &= t.mask;
            Expr e = Expr::word(t.offset, t.value, t.mask);
            if (e.kind == Expr::Kind::test)
                e.test.short_result = t.short_result;
            return e;
        }
        uint32_t value = 0;
        for (int i = 0; i < 4; ++i)
            value = (value << 8) | interesting_byte(rng);
        Expr e = Expr::word(random_offset(rng, space), value, random_mask(rng));
        if (e.kind == Expr::Kind::test) {
            e.test.short_result = chance(rng, 20);
            pool.push_back(e.test);
        }
        return e;
    }
    if (kind == 4)
        return chance(rng, 50) ? Expr::negate(random_tree(rng, space, depth - 1, pool))
                               : negate_keep_short(random_tree(rng, space, depth - 1, pool));
    if (kind == 5) {
        Expr c = random_tree(rng, space, depth - 1, pool);
        Expr a = random_tree(rng, space, depth - 1, pool);
        Expr b = random_tree(rng, space, depth - 1, pool);
        return Expr::ternary(std::move(c), std::move(a), std::move(b));
    }
    std::vector<Expr> parts;
    const int n = 2 + pick(rng, 3);
    for (int i = 0; i < n; ++i)
        parts.push_back(random_tree(rng, space, depth - 1, pool));
    return kind <= 6 ? Expr::all_of(std::move(parts)) : Expr::any_of(std::move(parts));
}

std::string describe(const std::vector<Rule>& rules) {
    std::string s;
    for (const Rule& r : rules)
        s += std::to_string(r.output) + ": " + r.expr.unparse() + "\n";
    return s;
}

void run_tree_property(OffsetSpace space, uint32_t seed, int programs, int packets_per_program) {
    Rng rng(seed);
    int mismatches = 0;
    for (int n = 0; n < programs && mismatches < 5; ++n) {
        std::vector<WordTest> pool;
        std::vector<Rule> rules;
        const int nrules = 1 + pick(rng, 4);
        for (int i = 0; i < nrules; ++i) {
            Rule r;
            r.expr = random_tree(rng, space, 1 + pick(rng, 4), pool);
            r.output = chance(rng, 15) ? drop : pick(rng, 4);
            rules.push_back(std::move(r));
        }
        const DecisionProgram prog = DecisionProgram::compile(rules, space);
        for (int k = 0; k < packets_per_program; ++k) {
            TestPacket tp;
            if (space == OffsetSpace::flat)
                make_flat_packet(rng, tp);
            else
                make_ip_packet(rng, tp);
            const Regions regions = space == OffsetSpace::flat ? flat_regions(tp.p) : ip_regions(tp.p);
            const int expected = eval_rules(rules, regions, space);
            const int got = space == OffsetSpace::flat
                                ? prog.match_flat(tp.p->data(), tp.p->length(), tp.p->buffer() + tp.p->buffer_length())
                                : prog.match_ip(tp.p);
            if (expected != got) {
                ++mismatches;
                ADD_FAILURE() << "rules:\n" << describe(rules) << "program:\n" << prog.unparse() << "packet length "
                              << tp.p->length() << ": expected " << expected << ", got " << got;
                break;
            }
        }
    }
}

TEST(DecisionProgramProperty, FlatTreesMatchReference) {
    run_tree_property(OffsetSpace::flat, 20240611, 15000, 40);
}

TEST(DecisionProgramProperty, IpTreesMatchReference) {
    run_tree_property(OffsetSpace::ip, 7771, 15000, 40);
}

// ---- Random IPClassifier expressions with their meaning ------------------------------------------

// Three-valued result: a relation on a field whose masked bytes are only partly present is
// decided by whichever leading bytes are there, which this reference does not model.
enum class Tri { no, yes, unknown };

Tri tri(bool b) {
    return b ? Tri::yes : Tri::no;
}
Tri tri_not(Tri t) {
    return t == Tri::unknown ? t : tri(t == Tri::no);
}
Tri tri_and(Tri a, Tri b) {
    if (a == Tri::no || b == Tri::no)
        return Tri::no;
    return a == Tri::yes && b == Tri::yes ? Tri::yes : Tri::unknown;
}
Tri tri_or(Tri a, Tri b) {
    if (a == Tri::yes || b == Tri::yes)
        return Tri::yes;
    return a == Tri::no && b == Tri::no ? Tri::no : Tri::unknown;
}

enum class Rel { eq, ne, gt, lt, ge, le };
const char* rel_text(Rel r) {
    static const char* texts[] = {"==", "!=", ">", "<", ">=", "<="};
    return texts[int(r)];
}

// A field of `nbytes` bytes at `offset` in a region (1 net, 2 transport): the value is
// (bytes & mask) >> shift, where `mask` covers the field's bytes.
struct Field {
    int region;
    uint32_t offset;
    uint32_t nbytes;
    uint32_t mask;
    uint32_t shift = 0;
};

bool compare(uint32_t v, Rel rel, uint32_t n) {
    switch (rel) {
    case Rel::eq: return v == n;
    case Rel::ne: return v != n;
    case Rel::gt: return v > n;
    case Rel::lt: return v < n;
    case Rel::ge: return v >= n;
    case Rel::le: return v <= n;
    }
    return false;
}

// Click builds != < <= as the negation of == >= > (Rel::ge is "> n-1").
std::pair<Rel, bool> positive_form(Rel rel) {
    switch (rel) {
    case Rel::ne: return {Rel::eq, true};
    case Rel::lt: return {Rel::ge, true};
    case Rel::le: return {Rel::gt, true};
    default: return {rel, false};
    }
}

// The positive relation on one field. A relation the packet lacks every selected byte for
// reads `missing` (false, or true inside a negation, so that the negation is false too);
// an equality needs all of its bytes; an ordering decided by part of the bytes is unknown
// here.
Tri positive_side(const Regions& r, const Field& f, Rel positive, uint32_t n, bool missing) {
    const std::vector<uint8_t>& b = r.bytes[f.region];
    int first = -1, last = -1;
    for (uint32_t k = 0; k < f.nbytes; ++k)
        if ((f.mask >> (8 * (f.nbytes - 1 - k))) & 0xFF) {
            if (first < 0)
                first = int(k);
            last = int(k);
        }
    const bool all = f.offset + uint32_t(last) < b.size();
    const bool none = f.offset + uint32_t(first) >= b.size();
    if (all) {
        uint32_t v = 0;
        for (uint32_t k = 0; k < f.nbytes; ++k)
            v = (v << 8) | b[f.offset + k];
        return tri(compare((v & f.mask) >> f.shift, positive, n));
    }
    if (none || positive == Rel::eq)
        return tri(missing);
    return Tri::unknown;
}

Tri field_relation(const Regions& r, const Field& f, Rel rel, uint32_t n) {
    auto [positive, negated] = positive_form(rel);
    Tri t = positive_side(r, f, positive, n, negated);
    return negated ? tri_not(t) : t;
}

Tri byte_is(const Regions& r, int region, uint32_t offset, uint8_t value) {
    return field_relation(r, {region, offset, 1, 0xFF}, Rel::eq, value);
}
Tri first_fragment(const Regions& r) {
    return field_relation(r, {1, 6, 2, 0x1FFF}, Rel::eq, 0);
}
Tri proto_is(const Regions& r, int proto) {
    if (proto == 256)
        return tri_or(byte_is(r, 1, 9, 6), byte_is(r, 1, 9, 17));
    return byte_is(r, 1, 9, uint8_t(proto));
}

struct Node {
    std::string text;
    std::function<Tri(const Regions&)> eval;
};

const char* srcdst_text[] = {"src", "dst", "src or dst", "src and dst"};

// A src/dst relation: the sides' positive relations combined, then negated as a whole.
Tri srcdst_relation(const Regions& r, int sd, Rel rel, uint32_t n, const Field& src, const Field& dst) {
    auto [positive, negated] = positive_form(rel);
    auto side = [&](const Field& f) { return positive_side(r, f, positive, n, negated); };
    Tri t;
    switch (sd) {
    case 0: t = side(src); break;
    case 1: t = side(dst); break;
    case 2: t = tri_or(side(src), side(dst)); break;
    default: t = tri_and(side(src), side(dst)); break;
    }
    return negated ? tri_not(t) : t;
}

Node random_primitive(Rng& rng) {
    const int kind = pick(rng, 11);
    switch (kind) {
    case 0: {  // protocol
        static const std::pair<const char*, int> protos[] = {{"tcp", 6}, {"udp", 17}, {"icmp", 1}, {"ip proto 47", 47},
                                                             {"ip proto tcpudp", 256}};
        auto p = protos[pick(rng, 5)];
        return {p.first, [proto = p.second](const Regions& r) { return proto_is(r, proto); }};
    }
    case 1:
    case 2: {  // host / net, == or !=
        const int sd = pick(rng, 4);
        const bool is_net = kind == 2;
        const uint32_t a = addresses[pick(rng, 6)];
        const uint32_t mask = is_net ? (pick(rng, 2) ? 0xFF000000u : 0xFFFFFF00u) : 0xFFFFFFFFu;
        const Rel rel = chance(rng, 25) ? Rel::ne : Rel::eq;
        char addr[40];
        std::snprintf(addr, sizeof addr, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
        std::string text = std::string(srcdst_text[sd]) + (is_net ? " net " : " host ") +
                           (rel == Rel::ne ? "!= " : "") + addr + (is_net ? (mask == 0xFF000000u ? "/8" : "/24") : "");
        return {text, [=](const Regions& r) {
                    return srcdst_relation(r, sd, rel, a & mask, {1, 12, 4, mask}, {1, 16, 4, mask});
                }};
    }
    case 3:
    case 4: {  // ports
        static const std::pair<const char*, int> protos[] = {{"", 256}, {"tcp ", 6}, {"udp ", 17}};
        auto pr = protos[pick(rng, 3)];
        const int sd = pick(rng, 4);
        const Rel rel = Rel(pick(rng, 6));
        const uint16_t port = port_values[pick(rng, 10)];
        std::string text = std::string(pr.first) + srcdst_text[sd] + " port " + rel_text(rel) + " " + std::to_string(port);
        return {text, [=](const Regions& r) {
                    // "> n-1" is how ">= n" is tested.
                    const uint32_t n = port;
                    return tri_and(tri_and(proto_is(r, pr.second), first_fragment(r)),
                                   srcdst_relation(r, sd, rel, n, {2, 0, 2, 0xFFFF}, {2, 2, 2, 0xFFFF}));
                }};
    }
    case 5: {  // icmp type
        static const std::pair<const char*, int> types[] = {{"echo", 8}, {"echo-reply", 0}, {"unreachable", 3}, {"5", 5}};
        auto t = types[pick(rng, 4)];
        const bool ne = chance(rng, 30);
        std::string text = std::string("icmp type ") + (ne ? "!= " : "") + t.first;
        return {text, [=](const Regions& r) {
                    return tri_and(tri_and(proto_is(r, 1), first_fragment(r)),
                                   field_relation(r, {2, 0, 1, 0xFF}, ne ? Rel::ne : Rel::eq, uint32_t(t.second)));
                }};
    }
    case 6: {  // tcp opt
        static const std::pair<const char*, int> flags[] = {{"syn", 2}, {"ack", 16}, {"fin", 1}, {"rst", 4}, {"psh", 8}, {"urg", 32}};
        auto fl = flags[pick(rng, 6)];
        return {std::string(chance(rng, 50) ? "tcp opt " : "") + fl.first, [=](const Regions& r) {
                    return tri_and(tri_and(proto_is(r, 6), first_fragment(r)),
                                   field_relation(r, {2, 13, 1, uint32_t(fl.second)}, Rel::eq, uint32_t(fl.second)));
                }};
    }
    case 7: {  // IP header fields
        struct F {
            const char* name;
            Field field;
            uint32_t max;
        };
        static const F fields[] = {{"ip ttl", {1, 8, 1, 0xFF}, 255},   {"ip tos", {1, 1, 1, 0xFF}, 255},
                                   {"len", {1, 2, 2, 0xFFFF}, 65535},  {"ip id", {1, 4, 2, 0xFFFF}, 65535},
                                   {"ip vers", {1, 0, 1, 0xF0, 4}, 15}, {"ip hl", {1, 0, 1, 0x0F}, 15},
                                   {"ip dscp", {1, 1, 1, 0xFC, 2}, 63}};
        const F f = fields[pick(rng, 7)];
        const Rel rel = Rel(pick(rng, 6));
        const uint32_t n = 1 + uint32_t(pick(rng, int(f.max) - 1));
        std::string text = std::string(f.name) + " " + rel_text(rel) + " " + std::to_string(n);
        return {text, [=](const Regions& r) { return field_relation(r, f.field, rel, n); }};
    }
    case 8: {  // fragments
        const bool frag = chance(rng, 50);
        return {frag ? "ip frag" : "ip unfrag", [=](const Regions& r) {
                    return field_relation(r, {1, 6, 2, 0x3FFF}, frag ? Rel::ne : Rel::eq, 0);
                }};
    }
    case 9: {  // byte access with a mask
        const bool transport = chance(rng, 50);
        const uint32_t pos = uint32_t(pick(rng, transport ? 16 : 20));
        const uint32_t mask = chance(rng, 50) ? 0xFF : uint32_t(1 + pick(rng, 255));
        const uint32_t value = uint32_t(pick(rng, 256)) & mask;
        const bool ne = chance(rng, 30);
        std::string text = std::string(transport ? "transp[" : "ip[") + std::to_string(pos) + "] & " +
                           std::to_string(mask) + (ne ? " != " : " == ") + std::to_string(value);
        return {text, [=](const Regions& r) {
                    Tri t = field_relation(r, {transport ? 2 : 1, pos, 1, mask}, ne ? Rel::ne : Rel::eq, value);
                    return transport ? tri_and(first_fragment(r), t) : t;
                }};
    }
    default:
        if (chance(rng, 50))
            return {"true", [](const Regions&) { return Tri::yes; }};
        return {"false", [](const Regions&) { return Tri::no; }};
    }
}

Node random_text_tree(Rng& rng, int depth) {
    const int kind = depth <= 0 ? 0 : pick(rng, 6);
    if (kind <= 1)
        return random_primitive(rng);
    if (kind == 2) {
        Node inner = random_text_tree(rng, depth - 1);
        return {std::string(chance(rng, 50) ? "not " : "! ") + "(" + inner.text + ")",
                [e = inner.eval](const Regions& r) { return tri_not(e(r)); }};
    }
    if (kind == 3) {
        Node c = random_text_tree(rng, depth - 1), a = random_text_tree(rng, depth - 1), b = random_text_tree(rng, depth - 1);
        return {"(" + c.text + ") ? (" + a.text + ") : (" + b.text + ")", [c, a, b](const Regions& r) {
                    Tri cv = c.eval(r);
                    if (cv == Tri::unknown)
                        return Tri::unknown;
                    return cv == Tri::yes ? a.eval(r) : b.eval(r);
                }};
    }
    Node a = random_text_tree(rng, depth - 1), b = random_text_tree(rng, depth - 1);
    if (kind == 4) {
        static const char* ands[] = {" and ", " && ", " "};
        return {"(" + a.text + ")" + ands[pick(rng, 3)] + "(" + b.text + ")",
                [a, b](const Regions& r) { return tri_and(a.eval(r), b.eval(r)); }};
    }
    return {"(" + a.text + ")" + (chance(rng, 50) ? " or " : " || ") + "(" + b.text + ")",
            [a, b](const Regions& r) { return tri_or(a.eval(r), b.eval(r)); }};
}

TEST(DecisionProgramProperty, IPClassifierExpressionsMatchTheirMeaning) {
    Rng rng(424242);
    int compared = 0, failures = 0;
    for (int n = 0; n < 10000 && failures < 5; ++n) {
        std::vector<Node> nodes;
        std::vector<std::string> texts;
        const int nrules = 1 + pick(rng, 3);
        for (int i = 0; i < nrules; ++i) {
            nodes.push_back(random_text_tree(rng, pick(rng, 4)));
            texts.push_back(std::to_string(i) + " " + nodes.back().text);
        }
        StringErrorHandler errh;
        std::vector<Rule> rules;
        if (!parse_ip_filter_rules(texts, nrules, nullptr, &errh, rules)) {
            ADD_FAILURE() << "did not parse: " << texts[0] << "\n" << errh.text();
            ++failures;
            continue;
        }
        const DecisionProgram prog = DecisionProgram::compile(rules, OffsetSpace::ip);
        for (int k = 0; k < 40; ++k) {
            TestPacket tp;
            make_ip_packet(rng, tp);
            const Regions regions = ip_regions(tp.p);
            int expected = drop;
            bool known = true;
            for (int i = 0; i < nrules; ++i) {
                Tri t = nodes[std::size_t(i)].eval(regions);
                if (t == Tri::unknown) {
                    known = false;
                    break;
                }
                if (t == Tri::yes) {
                    expected = i;
                    break;
                }
            }
            if (!known)
                continue;
            ++compared;
            const int got = prog.match_ip(tp.p);
            if (got != expected) {
                std::string rule_text;
                for (const std::string& t : texts)
                    rule_text += t + "\n";
                ADD_FAILURE() << "rules:\n" << rule_text << "program:\n" << prog.unparse() << "IP bytes "
                              << regions.bytes[1].size() << ", transport bytes " << regions.bytes[2].size()
                              << ": expected " << expected << ", got " << got;
                ++failures;
                break;
            }
        }
    }
    EXPECT_GT(compared, 250000);
}

}  // namespace
}  // namespace snf::click::classification
