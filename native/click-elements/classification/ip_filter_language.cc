// IPClassifier/IPFilter expressions: word splitting, the recursive-descent parser, the
// primitive checker (defaults, carried-over qualifiers, Click's error messages) and the
// lowering of each primitive to word tests.
#include "classification/ip_filter_language.hh"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "classification/ip_names.hh"
#include "snf/click/args.hh"
#include "snf/click/config_string.hh"

namespace snf::click::classification {

namespace {

// ---- Primitive types ----------------------------------------------------------------------

enum : int {
    type_none = 0,  // data types
    type_type = 1,
    type_syntax = 2,
    type_int = 3,
    type_host = 10,  // expression types
    type_proto = 11,
    type_ipfrag = 12,
    type_port = 13,
    type_tcpopt = 14,
    type_ether = 15,
    type_net = 30,  // shorthands
    type_ipunfrag = 31,
    type_ipect = 32,
    type_ipce = 33,
    type_field = 0x40000000,
    // A header field: protocol (9 bits, 0 for the IP header) << 21 | bit offset (16 bits)
    // << 5 | bit length - 1 (5 bits).
    field_proto_shift = 21,
    field_proto_mask = 0x1FF << field_proto_shift,
    field_offset_shift = 5,
    field_offset_mask = 0xFFFF << field_offset_shift,
    field_length_mask = 0x1F,
};

constexpr int make_field(int proto, int bit_offset, int bits) {
    return type_field | (proto << field_proto_shift) | (bit_offset << field_offset_shift) | (bits - 1);
}
constexpr int field_iplen = make_field(0, 16, 16);
constexpr int field_id = make_field(0, 32, 16);
constexpr int field_version = make_field(0, 0, 4);
constexpr int field_hl = make_field(0, 4, 4);
constexpr int field_tos = make_field(0, 8, 8);
constexpr int field_dscp = make_field(0, 8, 6);
constexpr int field_ttl = make_field(0, 64, 8);
constexpr int field_tcp_win = make_field(ip_proto_tcp, 112, 16);
constexpr int field_icmp_type = make_field(ip_proto_icmp, 0, 8);

bool is_field(int type) {
    return type > 0 && (type & type_field) != 0;
}
int field_proto(int type) {
    return (type & field_proto_mask) >> field_proto_shift;
}

constexpr int unknown_proto = -1000;

enum : int { sd_none = 0, sd_src = 1, sd_dst = 2, sd_and = 3, sd_or = 4 };
enum class Op { eq, gt, lt };

struct TypeWord {
    std::string_view word;
    int type;
};
constexpr TypeWord type_words[] = {
    {"ce", type_ipce},     {"dest", type_syntax},   {"dscp", field_dscp},      {"dst", type_syntax},
    {"ect", type_ipect},   {"ether", type_syntax},  {"frag", type_ipfrag},     {"hl", field_hl},
    {"host", type_host},   {"id", field_id},        {"ip", type_syntax},       {"len", field_iplen},
    {"net", type_net},     {"not", type_syntax},    {"opt", type_tcpopt},      {"port", type_port},
    {"proto", type_proto}, {"src", type_syntax},    {"tos", field_tos},        {"ttl", field_ttl},
    {"type", field_icmp_type}, {"unfrag", type_ipunfrag}, {"vers", field_version}, {"win", field_tcp_win},
};

std::string quoted(std::string_view s) {
    return "'" + std::string(s) + "'";
}

std::string unparse_transp_proto(int proto) {
    switch (proto) {
    case unknown_proto:
        return std::string();
    case ip_proto_icmp:
        return "icmp";
    case ip_proto_igmp:
        return "igmp";
    case ip_proto_ipip:
        return "ipip";
    case ip_proto_tcp:
        return "tcp";
    case ip_proto_udp:
        return "udp";
    case ip_proto_tcp_or_udp:
        return "tcpudp";
    case ip_proto_transp:
        return "transp";
    default:
        return "ip proto " + std::to_string(proto);
    }
}

std::string unparse_type(int srcdst, int type) {
    std::string s;
    switch (srcdst) {
    case sd_src:
        s = "src ";
        break;
    case sd_dst:
        s = "dst ";
        break;
    case sd_or:
        s = "src or dst ";
        break;
    case sd_and:
        s = "src and dst ";
        break;
    }
    switch (type) {
    case type_none:
        return s + "<none>";
    case type_host:
        return s + "ip host";
    case type_proto:
        return s + "proto";
    case type_ether:
        return s + "ether host";
    case type_ipfrag:
        return s + "ip frag";
    case type_port:
        return s + "port";
    case type_tcpopt:
        return s + "tcp opt";
    case type_net:
        return s + "ip net";
    case type_ipunfrag:
        return s + "ip unfrag";
    case type_ipect:
        return s + "ip ect";
    case type_ipce:
        return s + "ip ce";
    case field_iplen:
        return s + "ip len";
    case field_id:
        return s + "ip id";
    case field_version:
        return s + "ip vers";
    case field_hl:
        return s + "ip hl";
    case field_tos:
        return s + "ip tos";
    case field_dscp:
        return s + "ip dscp";
    case field_ttl:
        return s + "ip ttl";
    case field_tcp_win:
        return s + "tcp win";
    case field_icmp_type:
        return s + "icmp type";
    default:
        if (is_field(type))
            return s + (field_proto(type) ? unparse_transp_proto(field_proto(type)) : std::string("ip")) + "[...]";
        return s + "<unknown type " + std::to_string(type) + ">";
    }
}

// "port ssh", "icmp type echo": a word as it would read with its type and protocol.
std::string unparse_word(int type, int proto, std::string_view word) {
    std::string out;
    auto add = [&](const std::string& part) {
        if (part.empty())
            return;
        if (!out.empty())
            out += ' ';
        out += part;
    };
    if (type != type_none)
        add(unparse_type(sd_none, type));
    add(unparse_transp_proto(proto));
    add(std::string(word));
    return out;
}

// ---- Primitives ---------------------------------------------------------------------------

uint32_t pack_bytes(const uint8_t* b, int first, int count, int at) {
    // Places `count` bytes of b starting at `first` into a word, the first at byte `at`.
    uint32_t w = 0;
    for (int k = 0; k < count; ++k)
        w |= uint32_t(b[first + k]) << (24 - 8 * (at + k));
    return w;
}

struct Primitive {
    int type = type_none;
    int data = type_none;
    Op op = Op::eq;
    bool op_negated = false;
    int srcdst = sd_none;
    int transp_proto = unknown_proto;
    uint32_t u = 0;     // value; IP addresses in host order
    uint32_t mask = 0;  // mask in the same form
    std::array<uint8_t, 6> ether{};
    std::array<uint8_t, 6> ether_mask{};

    void clear() { *this = Primitive(); }

    std::string unparse_type() const { return classification::unparse_type(srcdst, type); }
    std::string unparse_op() const {
        if (op == Op::gt)
            return op_negated ? "<=" : ">";
        if (op == Op::lt)
            return op_negated ? ">=" : "<";
        return op_negated ? "!=" : "=";
    }

    void set_type(int t, ErrorHandler* errh) {
        if (type)
            errh->error("type specified twice");
        type = t;
    }
    void set_srcdst(int sd, ErrorHandler* errh) {
        if (srcdst)
            errh->error("'src' or 'dst' specified twice");
        srcdst = sd;
    }
    void set_transp_proto(int p, ErrorHandler* errh) {
        if (transp_proto != unknown_proto && transp_proto != p)
            errh->error("transport protocol specified twice");
        transp_proto = p;
    }
    int type_error(ErrorHandler* errh, const std::string& what) const {
        return errh->error(quoted(unparse_type()) + ": " + what);
    }

    int set_mask(uint32_t full_mask, uint32_t provided_mask, ErrorHandler* errh);
    int check(const Primitive& prev, int header, int mask_type, uint32_t provided_mask,
              const std::array<uint8_t, 6>& provided_ether_mask, ErrorHandler* errh);
    Expr lower() const;

private:
    Expr comparison(uint32_t offset, int shift, bool apply_negation) const;
};

int Primitive::set_mask(uint32_t full_mask, uint32_t provided_mask, ErrorHandler* errh) {
    const uint32_t this_mask = provided_mask ? provided_mask : full_mask;
    if ((this_mask & full_mask) != this_mask) {
        char bound[16];
        std::snprintf(bound, sizeof bound, "0x%X", unsigned(full_mask));
        return errh->error(quoted(unparse_type()) + ": mask out of range, bound " + bound);
    }
    if (op == Op::gt || op == Op::lt) {
        // Relations that hold for every value or for none.
        if ((op == Op::lt && (u == 0 || u > this_mask)) || (op == Op::gt && u >= this_mask)) {
            bool will_be = op == Op::lt && u > this_mask ? !op_negated : op_negated;
            errh->warning("relation " + quoted(unparse_op() + " " + std::to_string(u)) + " is always " +
                          (will_be ? "true" : "false") + " (range 0-" + std::to_string(this_mask) + ")");
            u = mask = 0;
            op_negated = !will_be;
            op = Op::eq;
            return 0;
        }
        // value < X is !(value > X - 1)
        if (op == Op::lt) {
            --u;
            op_negated = !op_negated;
            op = Op::gt;
        }
        mask = this_mask;
        return 0;
    }
    if (u > full_mask)
        return errh->error(quoted(unparse_type()) + ": out of range, bound " + std::to_string(full_mask));
    mask = this_mask;
    return 0;
}

int Primitive::check(const Primitive& prev, int header, int mask_type, uint32_t provided_mask,
                     const std::array<uint8_t, 6>& provided_ether_mask, ErrorHandler* errh) {
    const int old_srcdst = srcdst;
    if (type < 0)
        return -1;

    // Fill in the type from the value and the previous primitive.
    if (!type) {
        for (int round = 0; round < 2 && !type; ++round) {
            switch (data) {
            case type_host:
            case type_net:
            case type_tcpopt:
            case type_ether:
                type = data;
                if (!srcdst)
                    srcdst = prev.srcdst;
                break;
            case type_proto:
                type = type_proto;
                break;
            case type_port:
                type = type_port;
                if (!srcdst)
                    srcdst = prev.srcdst;
                if (transp_proto == unknown_proto)
                    transp_proto = prev.transp_proto;
                break;
            case type_int:
                if (round > 0 || (!is_field(prev.type) && prev.type != type_proto && prev.type != type_port))
                    return errh->error("specify header field or 'port'");
                data = prev.type;
                continue;
            case type_none:
                if (transp_proto != unknown_proto)
                    type = type_proto;
                else
                    return errh->error("partial directive");
                break;
            default:
                if (is_field(data)) {
                    type = data;
                    if (field_proto(type) && transp_proto == unknown_proto)
                        transp_proto = field_proto(type);
                } else {
                    return errh->error("unknown type " + quoted(classification::unparse_type(sd_none, data)));
                }
                break;
            }
        }
    }

    if (header == 0)
        header = data == type_ether ? 'e' : 'i';
    if (header == 'e' && type == type_host)
        type = type_ether;

    switch (type) {
    case type_host:
    case type_net:
        if (header != 'i' || data != type)
            return type_error(errh, "address missing");
        if (op != Op::eq)
            return type_error(errh, "operator not supported");
        if (type == type_host)
            mask = 0xFFFFFFFFu;
        type = type_host;
        if (mask_type && mask_type != type_int && mask_type != type_host)
            return type_error(errh, "bad mask");
        if (mask_type)
            mask = provided_mask;
        break;

    case type_ether:
        if (header != 'e' || data != type_ether)
            return type_error(errh, "address missing");
        if (op != Op::eq)
            return type_error(errh, "operator not supported");
        ether_mask.fill(0xFF);
        if (mask_type && mask_type != type_ether)
            return type_error(errh, "bad mask");
        if (mask_type)
            ether_mask = provided_ether_mask;
        break;

    case type_proto:
        if (header != 'i')
            return type_error(errh, "ip only");
        if (data == type_int || data == type_proto) {
            if (transp_proto != unknown_proto && transp_proto != int32_t(u))
                return type_error(errh, "specified twice");
            data = type_none;
        } else {
            u = uint32_t(transp_proto);
        }
        transp_proto = unknown_proto;
        if (data != type_none || int32_t(u) == unknown_proto)
            return type_error(errh, "value missing");
        if (u >= 256 && int32_t(u) >= 0) {
            if (op != Op::eq || mask_type)
                return errh->error(quoted(unparse_transp_proto(int32_t(u))) + ": operator or mask not supported");
            mask = 0xFF;
        } else if (mask_type && mask_type != type_int) {
            return type_error(errh, "bad mask");
        } else if (set_mask(0xFF, mask_type ? provided_mask : 0, errh) < 0) {
            return -1;
        }
        if (op == Op::eq && mask == 0xFF && !op_negated)
            transp_proto = int32_t(u);
        break;

    case type_port:
        if (header != 'i')
            return type_error(errh, "ip only");
        if (data == type_int)
            data = type_port;
        if (data != type_port)
            return type_error(errh, "value missing");
        if (transp_proto == unknown_proto)
            transp_proto = ip_proto_tcp_or_udp;
        else if (transp_proto != ip_proto_tcp && transp_proto != ip_proto_udp &&
                 transp_proto != ip_proto_tcp_or_udp && transp_proto != ip_proto_dccp)
            return errh->error("'port': bad protocol " + std::to_string(transp_proto));
        else if (mask_type && mask_type != type_int)
            return type_error(errh, "bad mask");
        if (set_mask(0xFFFF, mask_type ? provided_mask : 0, errh) < 0)
            return -1;
        break;

    case type_tcpopt:
        if (header != 'i')
            return type_error(errh, "ip only");
        if (data == type_int)
            data = type_tcpopt;
        if (data != type_tcpopt)
            return type_error(errh, "value missing");
        if (transp_proto == unknown_proto)
            transp_proto = ip_proto_tcp;
        else if (transp_proto != ip_proto_tcp)
            return errh->error("'tcp opt': bad protocol " + std::to_string(transp_proto));
        if (op != Op::eq || op_negated || mask_type)
            return type_error(errh, "operator or mask not supported");
        if (int32_t(u) < 0 || u > 255)
            return errh->error("'tcp opt': value " + std::to_string(int32_t(u)) + " out of range");
        mask = u;
        break;

    case type_ipect:
        if (header != 'i')
            return type_error(errh, "ip only");
        if (data != type_none && data != type_int)
            return type_error(errh, "value missing");
        if (data == type_none) {
            // "ip ect": either ECN bit set.
            mask = 3;
            u = 0;
            op_negated = true;
        } else if (mask_type && mask_type != type_int) {
            return type_error(errh, "bad mask");
        } else if (set_mask(0x3, mask_type ? provided_mask : 0, errh) < 0) {
            return -1;
        }
        type = field_tos;
        break;

    case type_ipce:
        if (header != 'i')
            return type_error(errh, "ip only");
        if (data != type_none || mask_type)
            return type_error(errh, "value not supported");
        mask = 3;
        u = 3;
        type = field_tos;
        break;

    case type_ipfrag:
    case type_ipunfrag:
        if (header != 'i')
            return type_error(errh, "ip only");
        if (data != type_none || mask_type)
            return type_error(errh, "value not supported");
        if (type == type_ipunfrag)
            op_negated = !op_negated;
        type = type_ipfrag;
        break;

    default:
        if (is_field(type)) {
            if (header != 'i')
                return type_error(errh, "ip only");
            if (data != type_int && data != type)
                return type_error(errh, "value missing");
            if (mask_type && mask_type != type_int && mask_type != type)
                return type_error(errh, "bad mask");
            const int nbits = (type & field_length_mask) + 1;
            const uint32_t full = nbits == 32 ? 0xFFFFFFFFu : (1u << nbits) - 1;
            if (set_mask(full, mask_type ? provided_mask : 0, errh) < 0)
                return -1;
        }
        break;
    }

    if (type == type_host || type == type_port || type == type_ether) {
        if (srcdst == sd_none)
            srcdst = sd_or;
    } else if (old_srcdst) {
        errh->warning(quoted(unparse_type()) + ": 'src' or 'dst' ignored");
    }
    return 0;
}

Expr proto_test(int proto) {
    if (proto == ip_proto_tcp_or_udp)
        return Expr::any_of({Expr::word(offset_net + 8, uint32_t(ip_proto_tcp) << 16, 0x00FF0000u),
                             Expr::word(offset_net + 8, uint32_t(ip_proto_udp) << 16, 0x00FF0000u)});
    if (proto >= 256)
        return Expr::constant(true);
    return Expr::word(offset_net + 8, uint32_t(proto) << 16, 0x00FF0000u);
}

// (x & mask) > u for the field at `shift` within the word: some bit where u is 0 is set in
// x while every mask bit above it agrees with u.
Expr greater_than(uint32_t offset, int shift, uint32_t u, uint32_t mask) {
    std::vector<Expr> terms;
    uint32_t agree = 0, run = 0;
    auto emit = [&] {
        Expr rest_set = negate_keep_short(Expr::word(offset, (u & agree) << shift, (agree | run) << shift));
        if (agree)
            terms.push_back(Expr::all_of({Expr::word(offset, (u & agree) << shift, agree << shift), std::move(rest_set)}));
        else
            terms.push_back(std::move(rest_set));
        run = 0;
    };
    for (int k = 31; k >= 0; --k) {
        const uint32_t bit = 1u << k;
        if (mask & bit) {
            if (u & bit) {
                if (run)
                    emit();
                agree |= bit;
            } else {
                run |= bit;
            }
        } else if (u & bit) {
            break;  // the masked value has a 0 where u has a 1: no lower bit can make it larger
        }
    }
    if (run)
        emit();
    return Expr::any_of(std::move(terms));
}

Expr Primitive::comparison(uint32_t offset, int shift, bool apply_negation) const {
    Expr e = op == Op::gt ? greater_than(offset, shift, u, mask) : Expr::word(offset, (u & mask) << shift, mask << shift);
    if (op_negated && apply_negation)
        e = negate_keep_short(std::move(e));
    return e;
}

Expr Primitive::lower() const {
    std::vector<Expr> parts;
    if (transp_proto != unknown_proto)
        parts.push_back(proto_test(transp_proto));
    // Transport-layer fields exist only in first fragments.
    if (type == type_port || type == type_tcpopt || (is_field(type) && field_proto(type)))
        parts.push_back(Expr::word(offset_net + 4, 0, 0x00001FFFu));

    auto by_srcdst = [&](Expr src, Expr dst) {
        std::vector<Expr> sides;
        if (srcdst == sd_src || srcdst == sd_and || srcdst == sd_or)
            sides.push_back(std::move(src));
        if (srcdst == sd_dst || srcdst == sd_and || srcdst == sd_or)
            sides.push_back(std::move(dst));
        Expr e = srcdst == sd_or ? Expr::any_of(std::move(sides)) : Expr::all_of(std::move(sides));
        return op_negated ? negate_keep_short(std::move(e)) : e;
    };

    switch (type) {
    case type_host:
        parts.push_back(by_srcdst(comparison(offset_net + 12, 0, false), comparison(offset_net + 16, 0, false)));
        break;
    case type_ether: {
        std::array<uint8_t, 6> v;
        for (int i = 0; i < 6; ++i)
            v[std::size_t(i)] = ether[std::size_t(i)] & ether_mask[std::size_t(i)];
        const uint8_t* m = ether_mask.data();
        // The MAC region starts two bytes before the header: destination at bytes 2-7,
        // source at bytes 8-13.
        Expr dst = Expr::all_of({Expr::word(offset_mac + 0, pack_bytes(v.data(), 0, 2, 2), pack_bytes(m, 0, 2, 2)),
                                 Expr::word(offset_mac + 4, pack_bytes(v.data(), 2, 4, 0), pack_bytes(m, 2, 4, 0))});
        Expr src = Expr::all_of({Expr::word(offset_mac + 8, pack_bytes(v.data(), 0, 4, 0), pack_bytes(m, 0, 4, 0)),
                                 Expr::word(offset_mac + 12, pack_bytes(v.data(), 4, 2, 0), pack_bytes(m, 4, 2, 0))});
        parts.push_back(by_srcdst(std::move(src), std::move(dst)));
        break;
    }
    case type_proto:
        if (transp_proto < 256)
            parts.push_back(comparison(offset_net + 8, 16, true));
        break;
    case type_ipfrag: {
        Expr unfragmented = Expr::word(offset_net + 4, 0, 0x00003FFFu);
        parts.push_back(op_negated ? std::move(unfragmented) : negate_keep_short(std::move(unfragmented)));
        break;
    }
    case type_port:
        parts.push_back(by_srcdst(comparison(offset_transp, 16, false), comparison(offset_transp, 0, false)));
        break;
    case type_tcpopt:
        parts.push_back(Expr::word(offset_transp + 12, u << 16, mask << 16));
        break;
    default:
        if (is_field(type)) {
            const int bit_offset_total = (type & field_offset_mask) >> field_offset_shift;
            const int length = (type & field_length_mask) + 1;
            const uint32_t word_offset = uint32_t(bit_offset_total >> 3) & ~3u;
            const int bit_offset = bit_offset_total & 31;
            const uint32_t base = field_proto(type) ? offset_transp : offset_net;
            parts.push_back(comparison(base + word_offset, 32 - (bit_offset + length), true));
        }
        break;
    }
    return Expr::all_of(std::move(parts));
}

// ---- Parser ---------------------------------------------------------------------------------

constexpr int max_depth = 200;

class Parser {
public:
    Parser(const std::vector<std::string>& words, const Element* context, ErrorHandler* errh)
        : words_(words), errh_(errh), quiet_(context, nullptr) {}

    std::size_t parse_expr(std::size_t pos, Expr& out, int depth);

private:
    std::size_t parse_or(std::size_t pos, Expr& out, int depth);
    std::size_t parse_term(std::size_t pos, Expr& out, int depth);
    std::size_t parse_factor(std::size_t pos, Expr& out, int depth);
    std::size_t parse_test(std::size_t pos, Expr& out);
    std::size_t parse_brackets(Primitive& prim, std::size_t pos);
    int lookup(const std::string& word, int type, int proto, uint32_t& data, bool report);

    bool is(std::size_t pos, std::string_view w) const { return pos < words_.size() && words_[pos] == w; }
    // The word at pos unless it is the last one (operators and brackets never end a term).
    std::string inner_word(std::size_t pos) const {
        return pos + 1 < words_.size() ? words_[pos] : std::string();
    }
    template <class T>
    bool parse_int(const std::string& text, T& value) const {
        return IntArg{}.parse(text, value, quiet_);
    }

    const std::vector<std::string>& words_;
    ErrorHandler* errh_;
    ArgContext quiet_;  // for trying a word as an integer or address without reporting
    Primitive prev_;
    bool too_deep_ = false;
};

std::size_t Parser::parse_expr(std::size_t pos, Expr& out, int depth) {
    if (depth > max_depth) {
        if (!too_deep_)
            errh_->error("expression too deeply nested");
        too_deep_ = true;
        out = Expr::constant(false);
        return words_.size();
    }
    Expr condition;
    pos = parse_or(pos, condition, depth);
    if (!is(pos, "?")) {
        out = std::move(condition);
        return pos;
    }
    ++pos;
    const std::size_t before = pos;
    Expr if_true;
    pos = parse_expr(pos, if_true, depth + 1);
    if (pos == before || !is(pos, ":")) {
        errh_->error("missing ':' in ternary expression");
        out = Expr::all_of({std::move(condition), std::move(if_true)});
        return pos;
    }
    ++pos;
    Expr if_false;
    pos = parse_expr(pos, if_false, depth + 1);
    out = Expr::ternary(std::move(condition), std::move(if_true), std::move(if_false));
    return pos;
}

std::size_t Parser::parse_or(std::size_t pos, Expr& out, int depth) {
    std::vector<Expr> parts(1);
    pos = parse_term(pos, parts.back(), depth);
    while (is(pos, "or") || is(pos, "||")) {
        ++pos;
        parts.emplace_back();
        pos = parse_term(pos, parts.back(), depth);
    }
    out = Expr::any_of(std::move(parts));
    return pos;
}

std::size_t Parser::parse_term(std::size_t pos, Expr& out, int depth) {
    std::vector<Expr> parts;
    bool required = true;  // at the start and after 'and', a factor must follow
    while (true) {
        const std::size_t before = pos;
        Expr factor;
        pos = parse_factor(pos, factor, depth);
        if (pos == before) {
            if (required)
                errh_->error("missing expression");
            break;
        }
        parts.push_back(std::move(factor));
        if (is(pos, "and") || is(pos, "&&")) {
            ++pos;
            required = true;
        } else {
            required = false;
        }
    }
    out = Expr::all_of(std::move(parts));
    return pos;
}

std::size_t Parser::parse_factor(std::size_t pos, Expr& out, int depth) {
    if (depth > max_depth)
        return parse_expr(pos, out, depth);
    if (is(pos, "not") || is(pos, "!")) {
        const std::string& word = words_[pos];
        ++pos;
        const std::size_t before = pos;
        Expr inner;
        pos = parse_factor(pos, inner, depth + 1);
        if (pos == before)
            errh_->error("missing expression after " + quoted(word));
        out = Expr::negate(std::move(inner));
        return pos;
    }
    if (is(pos, "(")) {
        ++pos;
        const std::size_t before = pos;
        Expr inner;
        pos = parse_expr(pos, inner, depth + 1);
        if (pos == before)
            errh_->error("missing expression after '('");
        if (is(pos, ")"))
            ++pos;
        else if (pos != before)
            errh_->error("missing ')'");
        out = std::move(inner);
        return pos;
    }
    return parse_test(pos, out);
}

int Parser::lookup(const std::string& word, int type, int proto, uint32_t& data, bool report) {
    if (type == type_none || type == type_type)
        for (const TypeWord& t : type_words)
            if (t.word == word) {
                if (t.type == type_syntax)
                    return -1;
                data = uint32_t(t.type);
                return type_type;
            }

    static constexpr NameKind kinds[5] = {NameKind::ip_protocol, NameKind::tcp_port, NameKind::udp_port,
                                          NameKind::tcp_option, NameKind::icmp_type};
    static constexpr int kind_types[5] = {type_proto, type_port, type_port, type_tcpopt, field_icmp_type};
    std::optional<uint32_t> got[5];
    bool any = false;
    for (int i = 0; i < 5; ++i) {
        got[i] = lookup_name(kinds[i], word);
        any |= got[i].has_value();
    }
    if (!any)
        return -1;

    const bool any_proto = proto == unknown_proto;
    bool fits[5];
    fits[0] = got[0] && (type == type_none || type == type_proto);
    fits[1] = got[1] && (type == type_none || type == type_port) &&
              (any_proto || proto == ip_proto_tcp || proto == ip_proto_tcp_or_udp);
    fits[2] = got[2] && (type == type_none || type == type_port) &&
              (any_proto || proto == ip_proto_udp || proto == ip_proto_tcp_or_udp);
    fits[3] = got[3] && (type == type_none || type == type_tcpopt) &&
              (any_proto || proto == ip_proto_tcp || proto == ip_proto_tcp_or_udp);
    fits[4] = got[4] && (type == type_none || type == field_icmp_type) && (any_proto || proto == ip_proto_icmp);
    // The same number as a TCP and a UDP port is one meaning.
    if (fits[1] && fits[2] && *got[1] == *got[2])
        fits[2] = false;

    int nfits = 0, which = -1;
    for (int i = 0; i < 5; ++i)
        if (fits[i]) {
            ++nfits;
            which = i;
        }
    if (nfits == 1) {
        data = *got[which];
        return kind_types[which];
    }
    if (report) {
        std::string options;
        for (int i = 0; i < 5; ++i) {
            const std::string option = quoted(unparse_word(kind_types[i], unknown_proto, word));
            if (got[i] && options.find(option) == std::string::npos)
                options += (options.empty() ? "" : ", ") + option;
        }
        errh_->error(quoted(unparse_word(type, proto, word)) + " is " + (nfits > 1 ? "ambiguous" : "meaningless") +
                     "; try " + options);
    }
    return -2;
}

std::size_t Parser::parse_brackets(Primitive& prim, std::size_t pos) {
    const std::size_t first = pos + 1;
    std::string inside;
    for (++pos; pos < words_.size() && words_[pos] != "]"; ++pos)
        inside += words_[pos];
    if (pos >= words_.size()) {
        errh_->error("missing ']'");
        return first;
    }
    ++pos;

    int32_t field_pos = 0, len = 1;
    bool ok = false;
    const std::size_t colon = inside.find(':');
    const std::size_t comma = inside.find(',');
    if (colon != std::string::npos && colon + 1 < inside.size()) {
        ok = parse_int(inside.substr(0, colon), field_pos) && parse_int(inside.substr(colon + 1), len);
    } else if (comma != std::string::npos && comma + 1 < inside.size()) {
        int32_t last = 0;
        ok = parse_int(inside.substr(0, comma), field_pos) && parse_int(inside.substr(comma + 1), last);
        if (ok)
            len = int32_t(std::clamp<int64_t>(int64_t(last) - field_pos + 1, -1000, 1000));
    } else {
        ok = parse_int(inside, field_pos);
    }
    if (!ok) {
        errh_->error("syntax error after '[', expected '[POS]' or '[POS:LEN]'");
        return pos;
    }
    if (len < 1 || len > 4) {
        errh_->error("LEN in '[POS:LEN]' out of range, should be between 1 and 4");
        return pos;
    }
    const int transp = prim.transp_proto == unknown_proto ? 0 : prim.transp_proto;
    // IP header fields lie within the 256-byte region the program reserves for them.
    const int64_t limit = transp ? 0xFFFF / 8 - int64_t(offset_transp) : int64_t(offset_net);
    if (field_pos < 0 || field_pos + len > limit) {
        errh_->error("field [" + std::to_string(field_pos) + ":" + std::to_string(len) + "] out of range");
        return pos;
    }
    const int bit_pos = field_pos * 8, bits = len * 8;
    if ((bit_pos & ~31) != ((bit_pos + bits - 1) & ~31)) {
        errh_->error("field [" + std::to_string(field_pos) + ":" + std::to_string(len) +
                     "] does not fit in a single word");
        return pos;
    }
    prim.set_type(make_field(transp, bit_pos, bits), errh_);
    return pos;
}

std::size_t Parser::parse_test(std::size_t pos, Expr& out) {
    out = Expr::constant(true);
    if (pos >= words_.size())
        return pos;
    const std::string& first_word = words_[pos];
    if (first_word == ")" || first_word == "||" || first_word == "or" || first_word == "?" || first_word == ":")
        return pos;
    if (first_word == "true" || first_word == "false") {
        out = Expr::constant(first_word == "true");
        return pos + 1;
    }

    const std::size_t first_pos = pos;
    Primitive prim;
    int header = 0;
    bool negated = false;

    // Qualifiers: types, protocols, src/dst, ip/ether, not.
    for (; pos < words_.size(); ++pos) {
        const std::string& wd = words_[pos];
        uint32_t wdata = 0;
        const int wt = lookup(wd, type_none, unknown_proto, wdata, false);
        if (wt == type_type) {
            prim.set_type(int(wdata), errh_);
            if (is_field(int(wdata)) && field_proto(int(wdata)))
                prim.set_transp_proto(field_proto(int(wdata)), errh_);
        } else if (wt == type_proto) {
            prim.set_transp_proto(int(wdata), errh_);
        } else if (wt != -1) {
            break;
        } else if (wd == "src") {
            if (pos + 2 < words_.size() && (words_[pos + 2] == "dst" || words_[pos + 2] == "dest")) {
                if (words_[pos + 1] == "and" || words_[pos + 1] == "&&") {
                    prim.set_srcdst(sd_and, errh_);
                    pos += 2;
                } else if (words_[pos + 1] == "or" || words_[pos + 1] == "||") {
                    prim.set_srcdst(sd_or, errh_);
                    pos += 2;
                } else {
                    prim.set_srcdst(sd_src, errh_);
                }
            } else {
                prim.set_srcdst(sd_src, errh_);
            }
        } else if (wd == "dst" || wd == "dest") {
            prim.set_srcdst(sd_dst, errh_);
        } else if (wd == "ip" || wd == "ether") {
            if (header)
                break;
            header = wd[0];
        } else if (wd == "not" || wd == "!") {
            negated = !negated;
        } else {
            break;
        }
    }

    // The previous primitive's qualifiers carry over only to a bare value.
    if (pos != first_pos)
        prev_.clear();
    if (prev_.data == type_ether)
        header = 'e';

    std::string wd = inner_word(pos);
    if (wd == "[" && pos > first_pos && prim.type == type_none) {
        pos = parse_brackets(prim, pos);
        wd = inner_word(pos);
    }

    // Optional "& MASK".
    int mask_type = 0;
    uint32_t provided_mask = 0;
    std::array<uint8_t, 6> provided_ether_mask{};
    if (wd == "&" && pos + 1 < words_.size()) {
        const std::string& m = words_[pos + 1];
        IPAddress mask_address;
        EtherAddress mask_ether;
        if (parse_int(m, provided_mask)) {
            mask_type = type_int;
            pos += 2;
        } else if (header != 'e' && IPAddressArg{}.parse(m, mask_address, quiet_)) {
            provided_mask = mask_address.host_order();
            mask_type = type_host;
            pos += 2;
        } else if (header != 'i' && EtherAddressArg{}.parse(m, mask_ether, quiet_)) {
            provided_ether_mask = mask_ether.bytes;
            mask_type = type_ether;
            pos += 2;
        }
        if (mask_type && mask_type != type_ether && !provided_mask) {
            errh_->error("zero mask ignored");
            mask_type = 0;
        }
        wd = inner_word(pos);
    }

    // Optional relation.
    ++pos;
    if (wd == "=" || wd == "==") {
    } else if (wd == "!=") {
        prim.op_negated = true;
    } else if (wd == ">") {
        prim.op = Op::gt;
    } else if (wd == "<") {
        prim.op = Op::lt;
    } else if (wd == ">=") {
        prim.op = Op::lt;
        prim.op_negated = true;
    } else if (wd == "<=") {
        prim.op = Op::gt;
        prim.op_negated = true;
    } else {
        --pos;
    }

    // The value.
    if (pos < words_.size()) {
        wd = words_[pos];
        uint32_t wdata = 0;
        const int wt = lookup(wd, prim.type, prim.transp_proto, wdata, true);
        ++pos;
        IPAddress address, mask_address;
        IPPrefix prefix;
        EtherAddress ether;
        int32_t integer = 0;
        if (wt == -2) {
            prim.type = -2;  // reported; absorb the word
        } else if (wt != -1 && wt != type_type) {
            prim.data = wt;
            prim.u = wdata;
        } else if (parse_int(wd, integer)) {
            prim.data = type_int;
            prim.u = uint32_t(integer);
        } else if (header != 'e' && IPAddressArg{}.parse(wd, address, quiet_)) {
            if (pos + 1 < words_.size() && words_[pos] == "mask" &&
                IPAddressArg{}.parse(words_[pos + 1], mask_address, quiet_)) {
                pos += 2;
                prim.data = type_net;
                prim.u = address.host_order();
                prim.mask = mask_address.host_order();
            } else if (prim.type == type_net && IPPrefixArg{}.parse(wd, prefix, quiet_)) {
                prim.data = type_net;
                prim.u = prefix.address.host_order();
                prim.mask = prefix.mask.host_order();
            } else {
                prim.data = type_host;
                prim.u = address.host_order();
            }
        } else if (header != 'e' && IPPrefixArg{}.parse(wd, prefix, quiet_)) {
            prim.data = type_net;
            prim.u = prefix.address.host_order();
            prim.mask = prefix.mask.host_order();
        } else if (header != 'i' && EtherAddressArg{}.parse(wd, ether, quiet_)) {
            prim.data = type_ether;
            prim.ether = ether.bytes;
        } else {
            if (prim.op != Op::eq || prim.op_negated)
                errh_->error("dangling operator near " + quoted(wd));
            --pos;
        }
    }

    if (pos == first_pos) {
        errh_->error("empty term near " + quoted(wd));
        return pos;
    }

    if (prim.check(prev_, header, mask_type, provided_mask, provided_ether_mask, errh_) >= 0) {
        out = prim.lower();
        if (negated)
            out = Expr::negate(std::move(out));
        prev_ = prim;
    }
    return pos;
}

}  // namespace

std::vector<std::string> split_expression_words(std::string_view text) {
    std::vector<std::string> words;
    const std::size_t len = text.size();
    std::size_t pos = 0;
    auto word_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '/' || c == '@' ||
               c == '_' || c == ':';
    };
    while (pos < len) {
        while (pos < len && std::isspace(static_cast<unsigned char>(text[pos])))
            ++pos;
        if (pos >= len)
            break;
        const char c = text[pos];
        std::size_t n = 1;
        if ((c == '&' || c == '|') && pos + 1 < len && text[pos + 1] == c)
            n = 2;
        else if ((c == '<' || c == '>' || c == '!' || c == '=') && pos + 1 < len && text[pos + 1] == '=')
            n = 2;
        else if (word_char(c)) {
            while (pos + n < len && word_char(text[pos + n]))
                ++n;
        }
        words.emplace_back(text.substr(pos, n));
        pos += n;
    }
    return words;
}

bool parse_ip_expression(std::string_view text, const Element* context, ErrorHandler* errh, Expr& result) {
    const int errors_before = errh->nerrors();
    const std::vector<std::string> words = split_expression_words(text);
    Parser parser(words, context, errh);
    Expr e;
    const std::size_t pos = parser.parse_expr(0, e, 0);
    if (pos < words.size())
        errh->error("garbage after expression at " + quoted(words[pos]));
    result = std::move(e);
    return errh->nerrors() == errors_before;
}

bool parse_ip_filter_rules(const std::vector<std::string>& rules, int noutputs, const Element* context,
                           ErrorHandler* errh, std::vector<Rule>& result) {
    const int errors_before = errh->nerrors();
    result.clear();
    const ArgContext quiet(context, nullptr);
    for (std::size_t argno = 0; argno < rules.size(); ++argno) {
        const std::vector<std::string> words = split_expression_words(unquote(rules[argno]));
        if (words.empty()) {
            errh->error("empty pattern " + std::to_string(argno));
            continue;
        }
        PrefixErrorHandler perrh(errh, "pattern " + std::to_string(argno) + ": ");

        int output = DecisionProgram::drop_output;
        const std::string& action = words[0];
        int32_t slot = 0;
        if (action == "allow") {
            output = 0;
            if (noutputs == 0)
                perrh.error("'allow' is meaningless, element has zero outputs");
        } else if (action == "deny") {
            if (noutputs > 1)
                perrh.warning("meaning of 'deny' has changed (now it means 'drop')");
        } else if (action == "drop") {
        } else if (IntArg{}.parse(action, slot, quiet)) {
            if (slot < 0 || slot >= noutputs)
                perrh.error("slot " + quoted(std::to_string(slot)) + " out of range");
            else
                output = slot;
        } else {
            perrh.error("unknown slot ID " + quoted(action));
        }

        Rule rule;
        rule.output = output;
        if (words.size() == 1 || (words.size() == 2 && (words[1] == "-" || words[1] == "any" || words[1] == "all"))) {
            rule.expr = Expr::constant(true);
        } else {
            Parser parser(words, context, &perrh);
            const std::size_t pos = parser.parse_expr(1, rule.expr, 0);
            if (pos < words.size())
                perrh.error("garbage after expression at " + quoted(words[pos]));
        }
        result.push_back(std::move(rule));
    }
    return errh->nerrors() == errors_before;
}

}  // namespace snf::click::classification
