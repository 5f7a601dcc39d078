// The value parsers of args.hh: integers, booleans, reals, intervals, bandwidths,
// strings, addresses and element references.
#include <cmath>
#include <cstdlib>
#include <optional>

#include "snf/click/address_info.hh"
#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element.hh"
#include "snf/click/router.hh"

namespace snf::click {
namespace {

// Stores a parsed value, or reports `expected` when the text did not parse: the common
// tail of every parser built on an optional-returning parse function.
template <typename T, typename U>
bool take_or_report(std::optional<U> parsed, T& result, const ArgContext& ctx, const char* expected) {
    if (parsed) {
        result = *parsed;
        return true;
    }
    ctx.error(expected);
    return false;
}

int digit_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

// A decimal real with optional exponent, consuming as much of `text` as forms one;
// returns the number of characters used (0 when there is no number).
std::size_t parse_real_prefix(std::string_view text, double& value) {
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
        ++i;
    std::size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
        ++i, ++digits;
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
            ++i, ++digits;
    }
    if (digits == 0)
        return 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < text.size() && (text[j] == '+' || text[j] == '-'))
            ++j;
        if (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) {
            while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])))
                ++j;
            i = j;
        }
    }
    std::string copy(text.substr(0, i));
    value = std::strtod(copy.c_str(), nullptr);
    return i;
}

}  // namespace

bool IntArg::parse_magnitude(std::string_view s, int base, uint64_t& value, bool& overflow) {
    if (base == 0) {
        if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
            base = 16, s.remove_prefix(2);
        else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
            base = 2, s.remove_prefix(2);
        else if (s.size() > 1 && s[0] == '0')
            base = 8, s.remove_prefix(1);
        else
            base = 10;
    }
    if (s.empty() || base < 2 || base > 36)
        return false;
    value = 0;
    overflow = false;
    bool last_was_digit = false;
    for (char c : s) {
        if (c == '_' && last_was_digit) {
            last_was_digit = false;
            continue;
        }
        int d = digit_value(c);
        if (d >= base)
            return false;
        if (value > (UINT64_MAX - uint64_t(d)) / uint64_t(base))
            overflow = true;
        else
            value = value * uint64_t(base) + uint64_t(d);
        last_was_digit = true;
    }
    return last_was_digit;
}

namespace args_detail {

std::string integer_description(bool is_signed) {
    return is_signed ? "expected integer" : "expected unsigned integer";
}

bool parse_integer(std::string_view text, int base, bool is_signed, uint64_t max_pos, uint64_t max_neg, bool& negative,
                   uint64_t& magnitude, const ArgContext& ctx) {
    std::string_view s = text;
    negative = false;
    if (!s.empty() && (s[0] == '+' || (is_signed && s[0] == '-'))) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    bool overflow = false;
    if (!IntArg::parse_magnitude(s, base, magnitude, overflow)) {
        ctx.error(integer_description(is_signed));
        return false;
    }
    if (overflow || (!negative && magnitude > max_pos) || (negative && magnitude > max_neg)) {
        if (negative)
            ctx.error("out of range, bound -" + std::to_string(max_neg));
        else
            ctx.error("out of range, bound " + std::to_string(max_pos));
        return false;
    }
    return true;
}

}  // namespace args_detail

std::optional<bool> BoolArg::parse(std::string_view t) {
    if (t == "true" || t == "yes" || t == "1" || t == "t" || t == "y")
        return true;
    if (t == "false" || t == "no" || t == "0" || t == "f" || t == "n")
        return false;
    return std::nullopt;
}

bool BoolArg::parse(std::string_view text, bool& result, const ArgContext& ctx) const {
    return take_or_report(parse(text), result, ctx, "expected boolean");
}

bool DoubleArg::parse(std::string_view text, double& result, const ArgContext& ctx) const {
    double v = 0;
    if (text.empty() || parse_real_prefix(text, v) != text.size() || !std::isfinite(v)) {
        ctx.error("expected real number");
        return false;
    }
    result = v;
    return true;
}

std::optional<double> SecondsArg::parse_seconds(std::string_view text) {
    double v = 0;
    std::size_t used = parse_real_prefix(text, v);
    if (used == 0 || v < 0)
        return std::nullopt;
    std::string_view unit = text.substr(used);
    while (!unit.empty() && unit.front() == ' ')
        unit.remove_prefix(1);
    struct Unit {
        const char* name;
        double factor;
    };
    static constexpr Unit units[] = {
        {"", 1},        {"s", 1},          {"sec", 1},       {"ms", 1e-3},  {"msec", 1e-3},
        {"us", 1e-6},   {"usec", 1e-6},    {"ns", 1e-9},     {"nsec", 1e-9}, {"m", 60},
        {"min", 60},    {"h", 3600},       {"hr", 3600},     {"d", 86400},  {"day", 86400},
    };
    for (const Unit& u : units)
        if (unit == u.name) {
            double seconds = v * u.factor;
            if (!std::isfinite(seconds) || seconds > 1e12)
                return std::nullopt;
            return seconds;
        }
    return std::nullopt;
}

bool SecondsArg::parse(std::string_view text, double& seconds, const ArgContext& ctx) const {
    return take_or_report(parse_seconds(text), seconds, ctx, "expected time in seconds");
}

bool SecondsArg::parse(std::string_view text, std::chrono::nanoseconds& result, const ArgContext& ctx) const {
    double seconds = 0;
    if (!parse(text, seconds, ctx))
        return false;
    result = std::chrono::nanoseconds(int64_t(std::llround(seconds * 1e9)));
    return true;
}

std::optional<Timestamp> TimestampArg::parse_timestamp(std::string_view text) {
    std::size_t dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
    auto all_digits = [](std::string_view s) { return s.find_first_not_of("0123456789") == std::string_view::npos; };
    if (whole.empty() || whole.size() > 11 || !all_digits(whole) || fraction.size() > 9 || !all_digits(fraction))
        return std::nullopt;
    if (dot != std::string_view::npos && fraction.empty())
        return std::nullopt;
    int64_t seconds = 0, nanoseconds = 0;
    for (char c : whole)
        seconds = seconds * 10 + (c - '0');
    for (std::size_t i = 0; i < 9; ++i)
        nanoseconds = nanoseconds * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
    return Timestamp::from_nsec(seconds * 1000000000 + nanoseconds);
}

bool TimestampArg::parse(std::string_view text, Timestamp& result, const ArgContext& ctx) const {
    return take_or_report(parse_timestamp(text), result, ctx, "expected timestamp");
}

std::optional<double> BandwidthArg::parse_bandwidth(std::string_view text) {
    double v = 0;
    std::size_t used = parse_real_prefix(text, v);
    if (used == 0 || v < 0)
        return std::nullopt;
    std::string_view unit = text.substr(used);
    while (!unit.empty() && unit.front() == ' ')
        unit.remove_prefix(1);
    double scale = 1;
    if (!unit.empty() && (unit.front() == 'k' || unit.front() == 'K' || unit.front() == 'M' || unit.front() == 'G') &&
        unit.size() > 1) {
        scale = unit.front() == 'G' ? 1e9 : unit.front() == 'M' ? 1e6 : 1e3;
        unit.remove_prefix(1);
    }
    double bytes;
    if (unit.empty() || unit == "Bps" || unit == "B/s")
        bytes = v * scale;
    else if (unit == "bps" || unit == "b/s")
        bytes = v * scale / 8;
    else
        return std::nullopt;
    if (!std::isfinite(bytes))
        return std::nullopt;
    return bytes;
}

bool BandwidthArg::parse(std::string_view text, double& result, const ArgContext& ctx) const {
    return take_or_report(parse_bandwidth(text), result, ctx, "expected bandwidth");
}

bool StringArg::parse(std::string_view text, std::string& result, const ArgContext&) const {
    result = unquote(text);
    return true;
}

bool WordArg::parse(std::string_view text, std::string& result, const ArgContext& ctx) const {
    std::vector<std::string> words = split_words(text);
    if (words.size() != 1) {
        ctx.error("expected word");
        return false;
    }
    std::string w = unquote(words[0]);
    for (char c : w)
        if (std::isspace(static_cast<unsigned char>(c))) {
            ctx.error("expected word");
            return false;
        }
    result = std::move(w);
    return true;
}

bool IPAddressArg::parse(std::string_view text, IPAddress& result, const ArgContext& ctx) const {
    std::optional<IPAddress> address = IPAddress::parse(text);
    if (!address)
        address = lookup_ip_address(ctx.context(), text);
    return take_or_report(address, result, ctx, "expected IP address");
}

namespace {

// "ADDR/MASK" as Click reads it: ADDR a literal (possibly shortened) or an address name,
// MASK a length, a dotted quad or an address name.
std::optional<IPPrefix> parse_slashed_prefix(std::string_view text, const Element* context) {
    std::size_t slash = text.rfind('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size())
        return std::nullopt;
    std::string_view address_text = text.substr(0, slash), mask_text = text.substr(slash + 1);
    int bytes = 0;
    std::optional<IPAddress> address = IPAddress::parse_leading(address_text, bytes);
    if (!address) {
        address = lookup_ip_address(context, address_text);
        bytes = 4;
    }
    std::optional<IPAddress> mask = IPPrefix::parse_mask(mask_text);
    if (!mask)
        mask = lookup_ip_address(context, mask_text);
    if (!address || !mask || !IPPrefix::mask_fits(*mask, bytes))
        return std::nullopt;
    return IPPrefix{*address, *mask};
}

}  // namespace

bool IPPrefixArg::parse(std::string_view text, IPPrefix& result, const ArgContext& ctx) const {
    auto bare_address = [&]() -> std::optional<IPPrefix> {
        std::optional<IPAddress> address = IPAddress::parse(text);
        if (!address)
            address = lookup_ip_address(ctx.context(), text);
        if (!address)
            return std::nullopt;
        return IPPrefix{*address, IPAddress{0xFFFFFFFFu}};
    };
    std::optional<IPPrefix> prefix = parse_slashed_prefix(text, ctx.context());
    if (!prefix && allow_bare_address)
        prefix = bare_address();
    if (!prefix)
        prefix = lookup_ip_prefix(ctx.context(), text);
    // A lone address is still taken as /32 when no prefix matched.
    if (!prefix && !allow_bare_address)
        prefix = bare_address();
    return take_or_report(prefix, result, ctx, "expected IP address prefix");
}

bool EtherAddressArg::parse(std::string_view text, EtherAddress& result, const ArgContext& ctx) const {
    std::optional<EtherAddress> address = EtherAddress::parse(text);
    if (!address)
        address = lookup_ether_address(ctx.context(), text);
    return take_or_report(address, result, ctx, "expected Ethernet address");
}

bool ElementArg::parse(std::string_view text, Element*& result, const ArgContext& ctx) const {
    std::string name = unquote(text);
    const Element* context = ctx.context();
    Router* router = context ? context->router() : nullptr;
    Element* e = router ? router->find(name, context) : nullptr;
    if (!e) {
        ctx.error("no element named '" + name + "'");
        return false;
    }
    result = e;
    return true;
}

}  // namespace snf::click
