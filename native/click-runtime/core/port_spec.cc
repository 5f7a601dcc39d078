// Parsers for port-count, processing and flow-code strings (see port_spec.hh).
#include "port_spec.hh"

#include <bitset>
#include <climits>

namespace snf::click::ports {
namespace {

bool parse_range(std::string_view s, std::size_t& i, int& lo, int& hi) {
    auto digits = [&](int& value) {
        if (i >= s.size() || s[i] < '0' || s[i] > '9')
            return false;
        long v = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            v = v * 10 + (s[i] - '0');
            if (v > 1000000)
                v = 1000000;
            ++i;
        }
        value = int(v);
        return true;
    };
    if (i >= s.size() || s[i] == '-' || s[i] == '/')
        lo = 0;
    else if (!digits(lo))
        return false;
    if (i < s.size() && s[i] == '-') {
        ++i;
        if (!digits(hi))
            hi = INT_MAX;
    } else {
        hi = lo;
    }
    return true;
}

// A flow code for one port: a set of letters, and whether '#' (this port's number) is in
// it; `negated` flips both.
struct FlowCode {
    std::bitset<128> letters;
    bool hash = false;
    bool negated = false;

    bool has_letter(unsigned char c) const { return (c < 128 && letters[c]) != negated; }
    bool has_port(int port, int own_port) const { return (hash && port == own_port) != negated; }
};

bool is_letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// The codes of one side ("xy", "[ab]#"); false with `error` set on bad syntax.
bool parse_side(std::string_view s, std::vector<FlowCode>& codes, std::string* error) {
    for (std::size_t i = 0; i < s.size();) {
        FlowCode code;
        if (s[i] == '[') {
            ++i;
            if (i < s.size() && s[i] == '^')
                code.negated = true, ++i;
            while (i < s.size() && s[i] != ']') {
                if (is_letter(s[i]))
                    code.letters[std::size_t(static_cast<unsigned char>(s[i]))] = true;
                else if (s[i] == '#')
                    code.hash = true;
                else {
                    if (error)
                        *error = std::string("flow code: invalid character '") + s[i] + "'";
                    return false;
                }
                ++i;
            }
            if (i >= s.size()) {
                if (error)
                    *error = "flow code: missing ']'";
                return false;
            }
            ++i;
        } else if (is_letter(s[i])) {
            code.letters[std::size_t(static_cast<unsigned char>(s[i]))] = true;
            ++i;
        } else if (s[i] == '#') {
            code.hash = true;
            ++i;
        } else {
            if (error)
                *error = std::string("flow code: invalid character '") + s[i] + "'";
            return false;
        }
        codes.push_back(code);
    }
    if (codes.empty()) {
        if (error)
            *error = "flow code: missing or bad '/'";
        return false;
    }
    return true;
}

bool codes_match(const FlowCode& a, int port_a, const FlowCode& b, int port_b) {
    for (unsigned c = 'A'; c <= 'z'; ++c)
        if (is_letter(char(c)) && a.has_letter(static_cast<unsigned char>(c)) &&
            b.has_letter(static_cast<unsigned char>(c)))
            return true;
    // '#' stands for the port's own number. Two codes share a port number when both are
    // negated (each contains nearly all numbers) or when one of the two ports' numbers is
    // in both.
    if (a.negated && b.negated)
        return true;
    for (int k : {port_a, port_b})
        if (a.has_port(k, port_a) && b.has_port(k, port_b))
            return true;
    return false;
}

}  // namespace

std::optional<PortCount> parse_port_count(std::string_view spec) {
    PortCount pc;
    std::size_t i = 0;
    if (!parse_range(spec, i, pc.in_lo, pc.in_hi))
        return std::nullopt;
    std::string_view out = spec;
    if (i == spec.size()) {
        i = 0;
    } else if (spec[i] == '/') {
        out = spec.substr(i + 1);
        i = 0;
    } else {
        return std::nullopt;
    }
    if (!out.empty() && out[0] == '=') {
        std::size_t j = 1;
        int equal = 1;
        while (j < out.size() && out[j] == '+')
            ++equal, ++j;
        if (j != out.size())
            return std::nullopt;
        pc.equal = equal;
        return pc;
    }
    if (!parse_range(out, i, pc.out_lo, pc.out_hi) || i != out.size())
        return std::nullopt;
    return pc;
}

void resolve_port_count(const PortCount& c, int used_in, int used_out, int& nin, int& nout) {
    nin = used_in < c.in_lo ? c.in_lo : used_in > c.in_hi ? c.in_hi : used_in;
    if (c.equal)
        nout = nin + c.equal - 1;
    else
        nout = used_out < c.out_lo ? c.out_lo : used_out > c.out_hi ? c.out_hi : used_out;
}

bool processing_vectors(std::string_view code, int nin, int nout, std::vector<Element::Processing>& in,
                        std::vector<Element::Processing>& out) {
    std::size_t slash = code.find('/');
    std::string_view in_code = code.substr(0, slash);
    std::string_view out_code = slash == std::string_view::npos ? code : code.substr(slash + 1);
    bool ok = true;
    auto fill = [&](std::string_view c, int n, std::vector<Element::Processing>& v) {
        v.assign(std::size_t(n), Element::Processing::agnostic);
        Element::Processing last = Element::Processing::agnostic;
        for (int i = 0; i < n; ++i) {
            if (std::size_t(i) < c.size()) {
                switch (c[std::size_t(i)]) {
                case 'h': case 'H': last = Element::Processing::push; break;
                case 'l': case 'L': last = Element::Processing::pull; break;
                case 'a': case 'A': last = Element::Processing::agnostic; break;
                default: ok = false; break;
                }
            }
            v[std::size_t(i)] = last;
        }
    };
    fill(in_code, nin, in);
    fill(out_code, nout, out);
    return ok;
}

std::vector<bool> port_flow(std::string_view flow_code, bool is_output, int port, int nother, std::string* error) {
    std::vector<bool> travels(std::size_t(nother < 0 ? 0 : nother), false);
    if (port < 0 || nother <= 0)
        return travels;
    std::size_t slash = flow_code.find('/');
    std::string_view in_side = flow_code.substr(0, slash);
    std::string_view out_side = slash == std::string_view::npos ? flow_code : flow_code.substr(slash + 1);
    std::vector<FlowCode> in_codes, out_codes;
    if (!parse_side(in_side, in_codes, error) || !parse_side(out_side, out_codes, error))
        return travels;
    const std::vector<FlowCode>& mine = is_output ? out_codes : in_codes;
    const std::vector<FlowCode>& theirs = is_output ? in_codes : out_codes;
    const FlowCode& my_code = mine[std::min<std::size_t>(std::size_t(port), mine.size() - 1)];
    for (int j = 0; j < nother; ++j) {
        const FlowCode& other = theirs[std::min<std::size_t>(std::size_t(j), theirs.size() - 1)];
        travels[std::size_t(j)] = codes_match(my_code, port, other, j);
    }
    return travels;
}

}  // namespace snf::click::ports
