// RewriterPattern: parsing, unparsing and candidate choice.
#include "rewriter/rewriter_pattern.hh"

#include <optional>
#include <random>

#include "snf/click/address_info.hh"
#include "snf/click/net_address.hh"

namespace snf::click::rewriter {

namespace {

// A decimal, 0x hex or leading-0 octal non-negative integer, as Click's IntArg reads
// port numbers; false on anything else or above `max`.
bool parse_number(std::string_view text, uint32_t max, uint32_t& value) {
    if (text.empty())
        return false;
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text.remove_prefix(2);
    } else if (text.size() > 1 && text[0] == '0') {
        base = 8;
        text.remove_prefix(1);
    }
    uint64_t v = 0;
    for (char c : text) {
        int digit;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        else
            return false;
        if (digit >= base)
            return false;
        v = v * uint64_t(base) + uint64_t(digit);
        if (v > max)
            return false;
    }
    value = uint32_t(v);
    return true;
}

// Strips a trailing '#' (sequential) or '?' (random start).
std::string_view strip_choice_suffix(std::string_view word, bool& sequential, bool& same_first) {
    if (!word.empty() && word.back() == '#') {
        sequential = true;
        same_first = false;
        word.remove_suffix(1);
    } else if (!word.empty() && word.back() == '?') {
        same_first = false;
        word.remove_suffix(1);
    }
    return word;
}

bool parse_port_range(std::string_view word, uint32_t& port, uint32_t& variation, bool& sequential,
                      bool& same_first) {
    word = strip_choice_suffix(word, sequential, same_first);
    std::size_t dash = word.find('-');
    if (dash == std::string_view::npos)
        return false;
    uint32_t lo, hi;
    if (!parse_number(word.substr(0, dash), 65535, lo) || !parse_number(word.substr(dash + 1), 65535, hi) || hi < lo)
        return false;
    port = lo;
    variation = hi - lo;
    return true;
}

// A dotted quad or an AddressInfo name.
std::optional<IPAddress> parse_address(std::string_view word, const Element* context) {
    if (auto a = IPAddress::parse(word))
        return a;
    return lookup_ip_address(context, word);
}

bool parse_address_range(std::string_view word, uint32_t& address, uint32_t& variation, bool& sequential,
                         bool& same_first, const Element* context) {
    word = strip_choice_suffix(word, sequential, same_first);
    std::size_t dash = word.find('-');
    if (dash != std::string_view::npos) {
        auto a = parse_address(word.substr(0, dash), context);
        auto b = parse_address(word.substr(dash + 1), context);
        if (!a || !b || b->host_order() < a->host_order())
            return false;
        address = a->addr;
        variation = b->host_order() - a->host_order();
        return true;
    }
    auto prefix = word.find('/') != std::string_view::npos ? IPPrefix::parse(word) : lookup_ip_prefix(context, word);
    if (!prefix || prefix->prefix_length() < 0 || prefix->address.addr == 0 || prefix->mask.addr == 0)
        return false;
    uint32_t mask = prefix->mask.host_order();
    uint32_t host = prefix->address.host_order() & mask;
    if (mask == 0xffffffffu) {
        variation = 0;
    } else if (mask == 0xfffffffeu) {
        variation = 1;
    } else {
        // PREFIX.0 and the broadcast address are not handed out.
        host |= 1;
        variation = ~mask - 2;
    }
    address = net32(host);
    return true;
}

bool is_dash(std::string_view word) { return word == "-"; }

}  // namespace

std::unique_ptr<RewriterPattern> RewriterPattern::parse(const std::vector<std::string>& words, std::string& error,
                                                       const Element* context) {
    if (words.size() < 2 || words.size() > 4) {
        error = "syntax error";
        return nullptr;
    }
    auto pattern = std::make_unique<RewriterPattern>();
    RewriterPattern& p = *pattern;
    p.napt_ = words.size() >= 3;

    // Word positions as Click reads them: "SADDR DADDR", "SADDR DADDR SPORT",
    // "SADDR SPORT DADDR DPORT".
    std::size_t saddr_at = 0, sport_at = 1, daddr_at = 1, dport_at = 3;
    if (words.size() == 3) {
        sport_at = 2;
        daddr_at = 1;
    } else if (words.size() == 4) {
        daddr_at = 2;
    }

    const std::string& sw = words[saddr_at];
    if (!is_dash(sw)) {
        if (auto a = parse_address(sw, context)) {
            p.saddr_ = a->addr;
        } else if (!parse_address_range(sw, p.saddr_, p.variation_top_, p.sequential_, p.same_first_, context)) {
            error = "bad source address";
            return nullptr;
        }
    }
    if (words.size() >= 3) {
        const std::string& pw = words[sport_at];
        uint32_t port = 0;
        if (is_dash(pw)) {
            p.sport_ = 0;
        } else if (parse_number(pw, 65535, port) && port > 0) {
            p.sport_ = net16(uint16_t(port));
        } else {
            uint32_t variation = 0;
            bool sequential = p.sequential_, same_first = p.same_first_;
            if (!parse_port_range(pw, port, variation, sequential, same_first)) {
                error = "bad source port";
                return nullptr;
            }
            p.sport_ = net16(uint16_t(port));
            p.variation_top_ = variation;
            p.sequential_ = sequential;
            p.same_first_ = same_first;
        }
    }
    const std::string& dw = words[daddr_at];
    if (!is_dash(dw)) {
        auto a = parse_address(dw, context);
        if (!a) {
            error = "bad destination address";
            return nullptr;
        }
        p.daddr_ = a->addr;
    }
    if (words.size() == 4) {
        const std::string& pw = words[dport_at];
        uint32_t port = 0;
        if (!is_dash(pw)) {
            if (!parse_number(pw, 65535, port) || port == 0) {
                error = "bad destination port";
                return nullptr;
            }
            p.dport_ = net16(uint16_t(port));
        }
    }
    return pattern;
}

std::string RewriterPattern::unparse() const {
    std::string s;
    if (!napt_ && variation_top_)
        s = unparse_ip(saddr_) + '-' + unparse_ip(net32(host32(saddr_) + variation_top_));
    else if (saddr_)
        s = unparse_ip(saddr_);
    else
        s = "-";
    if (napt_) {
        if (!sport_)
            s += " -";
        else if (variation_top_)
            s += ' ' + std::to_string(host16(sport_)) + '-' + std::to_string(host16(sport_) + variation_top_);
        else
            s += ' ' + std::to_string(host16(sport_));
    }
    s += daddr_ ? ' ' + unparse_ip(daddr_) : std::string(" -");
    if (napt_)
        s += dport_ ? ' ' + std::to_string(host16(dport_)) : std::string(" -");
    return s;
}

void RewriterPattern::begin(const FlowKey& flow, const PortSlice& slice, Cursor& c) const {
    c = Cursor{};
    if (!variation_top_)
        return;
    uint64_t span = uint64_t(variation_top_) + 1;
    uint32_t count = slice.count ? slice.count : 1;
    c.lo = uint32_t(span * slice.index / count);
    uint64_t hi_excl = span * (slice.index + 1) / count;
    if (hi_excl <= c.lo) {  // an empty slice: nothing to choose
        c.tried = UINT32_MAX;
        return;
    }
    c.hi = uint32_t(hi_excl - 1);
    uint32_t base = napt_ ? host16(sport_) : host32(saddr_);
    if (same_first_) {
        uint32_t own = (napt_ ? host16(flow.sport) : host32(flow.saddr)) - base;
        if (own >= c.lo && own <= c.hi) {
            c.preferred = own;
            c.preferred_pending = true;
        }
    }
    if (sequential_) {
        c.next = next_variation_ >= c.lo && next_variation_ <= c.hi ? next_variation_ : c.lo;
    } else {
        static thread_local std::minstd_rand random(std::random_device{}());
        c.next = c.lo + uint32_t(random() % (c.hi - c.lo + 1));
    }
}

bool RewriterPattern::next(const FlowKey& flow, Cursor& c, FlowKey& rewritten) const {
    rewritten = flow;
    if (saddr_)
        rewritten.saddr = saddr_;
    if (sport_)
        rewritten.sport = sport_;
    if (daddr_)
        rewritten.daddr = daddr_;
    if (dport_)
        rewritten.dport = dport_;
    if (!variation_top_) {
        if (c.tried)
            return false;
        c.tried = 1;
        return true;
    }
    if (c.preferred_pending) {
        c.preferred_pending = false;
        c.current = c.preferred;
    } else {
        if (c.tried > c.hi - c.lo)
            return false;
        c.current = c.next;
        c.next = c.next == c.hi ? c.lo : c.next + 1;
        ++c.tried;
    }
    if (napt_)
        rewritten.sport = net16(uint16_t(host16(sport_) + c.current));
    else
        rewritten.saddr = net32(host32(saddr_) + c.current);
    return true;
}

bool parse_output_pair(std::string_view foutput_word, std::string_view routput_word, int& foutput, int& routput,
                       std::string& error) {
    uint32_t f, r;
    if (!parse_number(foutput_word, 0x7fffffff, f)) {
        error = "bad forward port";
        return false;
    }
    if (!parse_number(routput_word, 0x7fffffff, r)) {
        error = "bad reply port";
        return false;
    }
    foutput = int(f);
    routput = int(r);
    return true;
}

bool parse_port_slice(std::string_view text, PortSlice& slice) {
    std::size_t slash = text.find('/');
    uint32_t index, count;
    if (slash == std::string_view::npos || !parse_number(text.substr(0, slash), 65535, index) ||
        !parse_number(text.substr(slash + 1), 65536, count) || count == 0 || index >= count)
        return false;
    slice.index = index;
    slice.count = count;
    return true;
}

}  // namespace snf::click::rewriter
