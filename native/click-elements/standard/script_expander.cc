// ScriptExpander: variable, handler and function substitution for script elements.
#include "script_expander.hh"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

#include "snf/click/config_string.hh"
#include "snf/click/element.hh"
#include "snf/click/router.hh"

namespace snf::click {

namespace {

constexpr int max_expansion_depth = 32;

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Where the ')' that closes the '(' before `start` is, skipping quoted text; npos if none.
std::size_t find_close_paren(std::string_view text, std::size_t start) {
    int level = 1;
    char quote = 0;
    for (std::size_t i = start; i < text.size(); ++i) {
        char c = text[i];
        if (quote) {
            if (c == '\\' && quote == '"' && i + 1 < text.size())
                ++i;
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '(') {
            ++level;
        } else if (c == ')' && --level == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

// A number the functions compute with: integral while every operand is.
struct Number {
    bool integral = true;
    int64_t i = 0;
    double d = 0;
    double as_double() const { return integral ? double(i) : d; }
};

bool parse_number(std::string_view text, Number& out) {
    std::string t = unquote(text);
    if (t.empty())
        return false;
    const char* first = t.data();
    const char* last = t.data() + t.size();
    if (*first == '+')
        ++first;
    int64_t i = 0;
    auto [p, ec] = std::from_chars(first, last, i);
    if (ec == std::errc() && p == last) {
        out = Number{true, i, 0};
        return true;
    }
    double d = 0;
    auto [q, ec2] = std::from_chars(first, last, d);
    if (ec2 == std::errc() && q == last && std::isfinite(d)) {
        out = Number{false, 0, d};
        return true;
    }
    return false;
}

std::string format_number(const Number& n) {
    if (n.integral)
        return std::to_string(n.i);
    if (!std::isfinite(n.d))
        return n.d != n.d ? "nan" : (n.d > 0 ? "inf" : "-inf");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.12g", n.d);
    return buf;
}

const char* bool_text(bool b) { return b ? "true" : "false"; }

bool numbers(std::string_view name, const std::vector<std::string>& args, std::vector<Number>& out,
             ErrorHandler* errh) {
    out.clear();
    for (const std::string& a : args) {
        Number n;
        if (!parse_number(a, n)) {
            errh->error("$(" + std::string(name) + "): '" + a + "' is not a number");
            return false;
        }
        out.push_back(n);
    }
    return true;
}

// add, sub, mul over integers with overflow falling back to doubles.
Number combine(char op, const Number& a, const Number& b) {
    if (a.integral && b.integral) {
        int64_t r = 0;
        bool overflow = op == '+' ? __builtin_add_overflow(a.i, b.i, &r)
                      : op == '-' ? __builtin_sub_overflow(a.i, b.i, &r)
                                  : __builtin_mul_overflow(a.i, b.i, &r);
        if (!overflow)
            return Number{true, r, 0};
    }
    double x = a.as_double(), y = b.as_double();
    return Number{false, 0, op == '+' ? x + y : op == '-' ? x - y : x * y};
}

// -1, 0, 1: numerically when both are numbers, else as text (quotes removed).
int compare(std::string_view a, std::string_view b) {
    Number x, y;
    if (parse_number(a, x) && parse_number(b, y)) {
        if (x.integral && y.integral)
            return x.i < y.i ? -1 : x.i > y.i ? 1 : 0;
        double p = x.as_double(), q = y.as_double();
        return p < q ? -1 : p > q ? 1 : 0;
    }
    int c = unquote(a).compare(unquote(b));
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

bool arity(std::string_view name, const std::vector<std::string>& args, std::size_t lo, std::size_t hi,
           ErrorHandler* errh) {
    if (args.size() >= lo && args.size() <= hi)
        return true;
    errh->error("$(" + std::string(name) + "): wrong number of arguments");
    return false;
}

}  // namespace

bool ScriptExpander::parse_bool(std::string_view text, bool& value) {
    std::string t = unquote(text);
    if (t == "true" || t == "yes" || t == "1") {
        value = true;
        return true;
    }
    if (t == "false" || t == "no" || t == "0") {
        value = false;
        return true;
    }
    return false;
}

bool ScriptExpander::call_function(std::string_view name, const std::vector<std::string>& args,
                                   std::string& result, ErrorHandler* errh) {
    std::vector<Number> n;
    result.clear();
    if (name == "add" || name == "sub" || name == "mul") {
        if (!arity(name, args, 1, SIZE_MAX, errh) || !numbers(name, args, n, errh))
            return true;
        char op = name == "add" ? '+' : name == "sub" ? '-' : '*';
        Number acc = n[0];
        for (std::size_t k = 1; k < n.size(); ++k)
            acc = combine(op, acc, n[k]);
        result = format_number(acc);
    } else if (name == "div" || name == "idiv" || name == "mod") {
        if (!arity(name, args, 2, 2, errh) || !numbers(name, args, n, errh))
            return true;
        if (n[1].as_double() == 0) {
            errh->error("$(" + std::string(name) + "): division by zero");
            return true;
        }
        if (name == "div") {
            result = format_number(Number{false, 0, n[0].as_double() / n[1].as_double()});
        } else if (!n[0].integral || !n[1].integral) {
            errh->error("$(" + std::string(name) + "): needs integers");
        } else if (n[0].i == std::numeric_limits<int64_t>::min() && n[1].i == -1) {
            result = name == "idiv" ? format_number(Number{false, 0, -double(n[0].i)}) : "0";
        } else {
            result = std::to_string(name == "idiv" ? n[0].i / n[1].i : n[0].i % n[1].i);
        }
    } else if (name == "neg" || name == "abs") {
        if (!arity(name, args, 1, 1, errh) || !numbers(name, args, n, errh))
            return true;
        Number x = n[0];
        bool negate = name == "neg" || (x.integral ? x.i < 0 : x.d < 0);
        if (negate) {
            if (x.integral && x.i != std::numeric_limits<int64_t>::min())
                x.i = -x.i;
            else
                x = Number{false, 0, -x.as_double()};
        }
        result = format_number(x);
    } else if (name == "min" || name == "max") {
        if (!arity(name, args, 1, SIZE_MAX, errh) || !numbers(name, args, n, errh))
            return true;
        std::size_t best = 0;
        for (std::size_t k = 1; k < args.size(); ++k) {
            int c = compare(args[k], args[best]);
            if (name == "min" ? c < 0 : c > 0)
                best = k;
        }
        result = format_number(n[best]);
    } else if (name == "eq" || name == "ne" || name == "lt" || name == "gt" || name == "le" ||
               name == "ge") {
        if (!arity(name, args, 2, 2, errh))
            return true;
        int c = compare(args[0], args[1]);
        bool r = name == "eq" ? c == 0 : name == "ne" ? c != 0 : name == "lt" ? c < 0
               : name == "gt" ? c > 0 : name == "le" ? c <= 0 : c >= 0;
        result = bool_text(r);
    } else if (name == "not" || name == "and" || name == "or") {
        if (!arity(name, args, name == "not" ? 1 : 1, name == "not" ? 1 : SIZE_MAX, errh))
            return true;
        bool acc = name == "and";
        for (const std::string& a : args) {
            bool b = false;
            if (!parse_bool(a, b)) {
                errh->error("$(" + std::string(name) + "): '" + a + "' is not true or false");
                return true;
            }
            acc = name == "not" ? !b : name == "and" ? acc && b : acc || b;
        }
        result = bool_text(acc);
    } else if (name == "if") {
        if (!arity(name, args, 2, 3, errh))
            return true;
        bool b = false;
        if (!parse_bool(args[0], b)) {
            errh->error("$(if): '" + args[0] + "' is not true or false");
            return true;
        }
        result = b ? args[1] : (args.size() > 2 ? args[2] : std::string());
    } else if (name == "in") {
        if (!arity(name, args, 1, SIZE_MAX, errh))
            return true;
        bool found = false;
        for (std::size_t k = 1; k < args.size() && !found; ++k)
            found = compare(args[0], args[k]) == 0;
        result = bool_text(found);
    } else if (name == "length") {
        std::string joined;
        for (std::size_t k = 0; k < args.size(); ++k)
            joined += (k ? " " : "") + unquote(args[k]);
        result = std::to_string(joined.size());
    } else if (name == "cat") {
        for (const std::string& a : args)
            result += unquote(a);
    } else {
        return false;
    }
    return true;
}

std::string ScriptExpander::expand_call(std::string_view inner, ErrorHandler* errh) const {
    std::string text = expand(inner, errh);
    std::vector<std::string> words = split_words(text);
    if (words.empty())
        return {};
    std::vector<std::string> args(words.begin() + 1, words.end());
    std::string result;
    if (call_function(words[0], args, result, errh))
        return result;
    // A handler: the rest of the text (not re-split) is its parameter.
    std::string param;
    std::size_t at = text.find(words[0]);
    if (at != std::string::npos)
        param = text.substr(at + words[0].size());
    std::size_t b = param.find_first_not_of(" \t\r\n");
    param = b == std::string::npos ? std::string() : param.substr(b);
    while (!param.empty() && std::isspace(static_cast<unsigned char>(param.back())))
        param.pop_back();
    Router* router = context_ ? context_->router() : nullptr;
    if (!router) {
        errh->error("$(" + words[0] + "): no router");
        return {};
    }
    StringErrorHandler handler_errors;
    if (router->call_read(words[0], param, result, &handler_errors) != Router::HandlerStatus::ok) {
        errh->error("$(" + words[0] + "): no readable handler '" + words[0] + "'");
        for (const auto& e : handler_errors.entries())
            errh->error("  " + e.text);
        return {};
    }
    while (!result.empty() && (result.back() == '\n' || result.back() == '\r'))
        result.pop_back();
    return result;
}

std::string ScriptExpander::expand(std::string_view text, ErrorHandler* errh) const {
    if (depth_ >= max_expansion_depth) {
        errh->error("expansions nested too deeply");
        return {};
    }
    ++depth_;
    std::string out;
    out.reserve(text.size());
    bool in_single = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_single) {
            out += c;
            if (c == '\'')
                in_single = false;
            continue;
        }
        if (c == '\'') {
            in_single = true;
            out += c;
            continue;
        }
        if (c == '\\' && i + 1 < text.size()) {
            out += c;
            out += text[++i];
            continue;
        }
        if (c != '$' || i + 1 >= text.size()) {
            out += c;
            continue;
        }
        char next = text[i + 1];
        if (next == '(') {
            std::size_t close = find_close_paren(text, i + 2);
            if (close == std::string_view::npos) {
                errh->error("unbalanced '$('");
                out += text.substr(i);
                break;
            }
            out += expand_call(text.substr(i + 2, close - i - 2), errh);
            i = close;
        } else if (next == '{') {
            std::size_t close = text.find('}', i + 2);
            if (close == std::string_view::npos) {
                out += text.substr(i);
                break;
            }
            auto it = vars_.find(text.substr(i + 2, close - i - 2));
            if (it != vars_.end())
                out += it->second;
            i = close;
        } else if (is_name_char(next)) {
            std::size_t end = i + 1;
            // $0..$9 are single digits so "$10" is "$1" then "0".
            if (std::isdigit(static_cast<unsigned char>(next)))
                end = i + 2;
            else
                while (end < text.size() && is_name_char(text[end]))
                    ++end;
            auto it = vars_.find(text.substr(i + 1, end - i - 1));
            if (it != vars_.end())
                out += it->second;
            i = end - 1;
        } else {
            out += c;
        }
    }
    --depth_;
    return out;
}

}  // namespace snf::click
