// Args: configuration argument parsing modelled on Click's Args. An element's
// configuration is a list of arguments; each read() names a KEYWORD and a variable.
// Keyword arguments ("CAPACITY 10") are matched by their first word, the last one
// written winning; positional reads take the next argument that carries no keyword, in
// order, before any keyword argument. Values are parsed by parser objects (IntArg,
// BoolArg, SecondsArg, IPAddressArg, ElementArg, ...) and assigned to the variables only
// when complete() finds no error, so a failed configure() leaves an element unchanged.
//
// Errors read "KEYWORD: <problem>" ("CAPACITY: expected unsigned integer",
// "LIMIT: required argument missing", "FOO: unknown argument", "too many arguments").
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "snf/click/error_handler.hh"
#include "snf/click/net_address.hh"
#include "snf/click/timestamp.hh"

namespace snf::click {

class Element;

// What parsers see: the element being configured and a way to report the current
// argument's errors (prefixed with its keyword).
class ArgContext {
public:
    ArgContext(const Element* context, ErrorHandler* errh) : context_(context), errh_(errh) {}

    const Element* context() const noexcept { return context_; }
    ErrorHandler* errh() const noexcept { return errh_; }
    // Reports an error about the argument being parsed: "KEYWORD: text".
    void error(std::string_view text) const;
    void warning(std::string_view text) const;

protected:
    const Element* context_;
    ErrorHandler* errh_;
    const char* keyword_ = nullptr;
    mutable bool reported_ = false;
};

class Args : public ArgContext {
public:
    enum : int { mandatory = 1, positional = 2, deprecated = 4 };

    Args(const std::vector<std::string>& conf, const Element* context, ErrorHandler* errh);
    Args(const Element* context, ErrorHandler* errh) : Args({}, context, errh) {}

    // Adds one more argument (for parsing handler text with the same rules).
    Args& push_back(std::string argument);

    template <class T>
    Args& read(const char* keyword, T& variable);
    template <class T>
    Args& read_m(const char* keyword, T& variable) { return read_flags(keyword, mandatory, variable); }
    template <class T>
    Args& read_p(const char* keyword, T& variable) { return read_flags(keyword, positional, variable); }
    template <class T>
    Args& read_mp(const char* keyword, T& variable) { return read_flags(keyword, mandatory | positional, variable); }
    template <class T>
    Args& read_flags(const char* keyword, int flags, T& variable);

    template <class P, class T>
    Args& read(const char* keyword, P parser, T& variable) { return read(keyword, 0, parser, variable); }
    template <class P, class T>
    Args& read_m(const char* keyword, P parser, T& variable) { return read(keyword, mandatory, parser, variable); }
    template <class P, class T>
    Args& read_p(const char* keyword, P parser, T& variable) { return read(keyword, positional, parser, variable); }
    template <class P, class T>
    Args& read_mp(const char* keyword, P parser, T& variable) {
        return read(keyword, mandatory | positional, parser, variable);
    }
    template <class P, class T>
    Args& read(const char* keyword, int flags, P parser, T& variable);

    // Whether `keyword` was given (as a keyword argument; consumes nothing).
    bool has_keyword(std::string_view keyword) const;

    // Checks that every argument was used, then assigns the parsed values. Returns 0, or
    // -EINVAL after reporting what was wrong.
    int complete();
    // Assigns the parsed values if there was no error, leaving unused arguments alone.
    int execute();
    // The arguments no read() has used, in order.
    std::vector<std::string> unused() const;
    bool ok() const noexcept { return status_; }

private:
    // The text of the argument for `keyword`, or nullopt (reporting a missing mandatory
    // argument).
    std::optional<std::string> find(const char* keyword, int flags);
    void classify(std::size_t from);
    void after_parse(bool parsed_ok);

    std::vector<std::string> conf_;
    // Per argument: length of its keyword word (>0), 0 for a plain positional argument,
    // -1 once used positionally, -2 once used as a keyword.
    std::vector<int> kwpos_;
    std::vector<std::function<void()>> commits_;
    bool status_ = true;
};

// ---- Parsers ------------------------------------------------------------------------
// Each parser has `bool parse(std::string_view text, T& result, const ArgContext&)`,
// reports its own error through the context and leaves `result` alone on failure.

// Integers in Click's notation: optional sign, 0x/0b/leading-0 prefixes, '_' between
// digits. Overflow is an error ("out of range, bound N").
struct IntArg {
    int base = 0;
    template <class T>
    bool parse(std::string_view text, T& result, const ArgContext& ctx) const;

    // Parses the magnitude; false on syntax error. `overflow` set when it exceeds 2^64-1.
    static bool parse_magnitude(std::string_view digits, int base, uint64_t& value, bool& overflow);
};

// Integers clamped into [min, max] as an error ("out of range, bound N").
struct BoundedIntArg {
    int64_t min;
    int64_t max;
    template <class T>
    bool parse(std::string_view text, T& result, const ArgContext& ctx) const;
};

// true/false, yes/no, 1/0, t/f, y/n.
struct BoolArg {
    bool parse(std::string_view text, bool& result, const ArgContext& ctx) const;
    static std::optional<bool> parse(std::string_view text);
};

struct DoubleArg {
    bool parse(std::string_view text, double& result, const ArgContext& ctx) const;
};

// A time interval: a number with an optional unit (s, sec, ms, msec, us, usec, ns, nsec,
// m, min, h, hr, d, day); a bare number means seconds.
struct SecondsArg {
    bool parse(std::string_view text, double& seconds, const ArgContext& ctx) const;
    bool parse(std::string_view text, std::chrono::nanoseconds& result, const ArgContext& ctx) const;
    static std::optional<double> parse_seconds(std::string_view text);
};

// A point in time: seconds since the epoch with an optional fraction of up to nine
// digits ("1000000000.000001"), kept exactly to the nanosecond.
struct TimestampArg {
    bool parse(std::string_view text, Timestamp& result, const ArgContext& ctx) const;
    static std::optional<Timestamp> parse_timestamp(std::string_view text);
};

// A rate in bytes per second: a number with an optional unit (bps, Bps, kbps, Mbps,
// Gbps, kBps, MBps, GBps, also "b/s", "B/s"); a bare number means bytes per second.
struct BandwidthArg {
    bool parse(std::string_view text, double& bytes_per_second, const ArgContext& ctx) const;
    static std::optional<double> parse_bandwidth(std::string_view text);
};

// A possibly quoted string, one layer of quotes removed.
struct StringArg {
    bool parse(std::string_view text, std::string& result, const ArgContext& ctx) const;
};

// A single word (after unquoting, no spaces).
struct WordArg {
    bool parse(std::string_view text, std::string& result, const ArgContext& ctx) const;
};

// The argument text exactly as written.
struct AnyArg {
    bool parse(std::string_view text, std::string& result, const ArgContext&) const {
        result = std::string(text);
        return true;
    }
};

// Address parsers accept what Click's do: the literal forms of net_address.hh, or a
// name defined by an AddressInfo element visible from the element being configured
// (address_info.hh: "intern", "intern:ip", "extern:eth", "intern:ipnet", ...).

// A dotted quad, or a name for an IPv4 address.
struct IPAddressArg {
    bool parse(std::string_view text, IPAddress& result, const ArgContext& ctx) const;
};

// "ADDR/LEN" or "ADDR/MASK", where ADDR may be shortened ("10/8") or a name and MASK a
// name; a name for a prefix; or an address or address name alone, as /32. As in Click,
// allow_bare_address (IPPrefixArg{true}, what route tables use) says whether an address
// name means its address before a prefix name is considered: "intern" defined as
// "10.0.0.1 10.0.0.0/8" is 10.0.0.0/8 by default and 10.0.0.1/32 with it.
struct IPPrefixArg {
    bool allow_bare_address = false;
    bool parse(std::string_view text, IPPrefix& result, const ArgContext& ctx) const;
};

// Six hex octets, or a name for an Ethernet address.
struct EtherAddressArg {
    bool parse(std::string_view text, EtherAddress& result, const ArgContext& ctx) const;
};

// An element named in the configuration, looked up from the configured element's
// compound scope outward (Click's find_element_from rule).
struct ElementArg {
    bool parse(std::string_view text, Element*& result, const ArgContext& ctx) const;
};

template <class T, class Enable = void>
struct DefaultArg;
template <class T>
struct DefaultArg<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> : IntArg {};
template <>
struct DefaultArg<bool> : BoolArg {};
template <>
struct DefaultArg<double> : DoubleArg {};
template <>
struct DefaultArg<std::string> : StringArg {};
template <>
struct DefaultArg<std::chrono::nanoseconds> : SecondsArg {};
template <>
struct DefaultArg<Timestamp> : TimestampArg {};
template <>
struct DefaultArg<IPAddress> : IPAddressArg {};
template <>
struct DefaultArg<IPPrefix> : IPPrefixArg {};
template <>
struct DefaultArg<EtherAddress> : EtherAddressArg {};
template <>
struct DefaultArg<Element*> : ElementArg {};

// ---- Template definitions ------------------------------------------------------------

namespace args_detail {
// Splits optional sign and reports a syntax or range error for integer type T.
bool parse_integer(std::string_view text, int base, bool is_signed, uint64_t max_magnitude_positive,
                   uint64_t max_magnitude_negative, bool& negative, uint64_t& magnitude, const ArgContext& ctx);
std::string integer_description(bool is_signed);
}  // namespace args_detail

template <class T>
bool IntArg::parse(std::string_view text, T& result, const ArgContext& ctx) const {
    static_assert(std::is_integral_v<T>);
    constexpr bool is_signed = std::is_signed_v<T>;
    const uint64_t max_pos = uint64_t(std::numeric_limits<T>::max());
    const uint64_t max_neg = is_signed ? uint64_t(std::numeric_limits<T>::max()) + 1 : 0;
    bool negative = false;
    uint64_t magnitude = 0;
    if (!args_detail::parse_integer(text, base, is_signed, max_pos, max_neg, negative, magnitude, ctx))
        return false;
    if (negative)
        result = T(-int64_t(magnitude - 1) - 1);
    else
        result = T(magnitude);
    return true;
}

template <class T>
bool BoundedIntArg::parse(std::string_view text, T& result, const ArgContext& ctx) const {
    T value{};
    if (!IntArg{}.parse(text, value, ctx))
        return false;
    if (int64_t(value) < min || (value > 0 && uint64_t(value) > uint64_t(max))) {
        int64_t bound = int64_t(value) < min ? min : max;
        ctx.error("out of range, bound " + std::to_string(bound));
        return false;
    }
    result = value;
    return true;
}

template <class T>
Args& Args::read(const char* keyword, T& variable) {
    return read(keyword, 0, DefaultArg<T>(), variable);
}

template <class T>
Args& Args::read_flags(const char* keyword, int flags, T& variable) {
    return read(keyword, flags, DefaultArg<T>(), variable);
}

template <class P, class T>
Args& Args::read(const char* keyword, int flags, P parser, T& variable) {
    std::optional<std::string> text = find(keyword, flags);
    if (text) {
        T parsed = variable;
        bool ok = parser.parse(*text, parsed, *this);
        if (ok)
            commits_.push_back([&variable, value = std::move(parsed)]() mutable { variable = std::move(value); });
        after_parse(ok);
    }
    keyword_ = nullptr;
    return *this;
}

}  // namespace snf::click
