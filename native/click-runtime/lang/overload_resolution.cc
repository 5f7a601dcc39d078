// Formal/argument matching and overload selection for compound element classes.
#include "overload_resolution.hh"

#include <cstddef>

#include "snf/click/config_string.hh"

namespace snf::click::lang {
namespace {

const char* const kRest = "__REST__";

std::string plural(std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Splits "KEYWORD value" into its first word and the rest.
void first_word(const std::string& argument, std::string& word, std::string& rest) {
    std::size_t begin = argument.find_first_not_of(" \t\r\n\v\f");
    if (begin == std::string::npos) {
        word.clear();
        rest.clear();
        return;
    }
    std::size_t end = argument.find_first_of(" \t\r\n\v\f", begin);
    word = argument.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    std::size_t value = end == std::string::npos ? std::string::npos : argument.find_first_not_of(" \t\r\n\v\f", end);
    rest = value == std::string::npos ? std::string() : argument.substr(value);
}

}  // namespace

ArgumentMatch match_arguments(const std::vector<Formal>& formals, const std::vector<std::string>& arguments) {
    ArgumentMatch m;
    std::size_t positional = 0;
    while (positional < formals.size() && formals[positional].keyword.empty())
        ++positional;
    bool has_rest = !formals.empty() && formals.back().keyword == kRest;

    if (arguments.size() < positional) {
        m.problem = "too few arguments";
        return m;
    }
    m.values.assign(formals.size(), std::string());
    std::vector<bool> given(formals.size(), false);
    for (std::size_t i = 0; i < positional; ++i) {
        m.values[i] = arguments[i];
        given[i] = true;
    }

    std::string rest;
    for (std::size_t a = positional; a < arguments.size(); ++a) {
        std::string word, value;
        first_word(arguments[a], word, value);
        bool assigned = false;
        for (std::size_t f = positional; f < formals.size(); ++f) {
            if (formals[f].keyword != kRest && formals[f].keyword == word) {
                m.values[f] = value;  // a repeated keyword: the last one wins
                given[f] = true;
                assigned = true;
                break;
            }
        }
        if (assigned)
            continue;
        if (has_rest) {
            if (!rest.empty())
                rest += ", ";
            rest += arguments[a];
            continue;
        }
        m.problem = "too many arguments";
        if (is_keyword(word) && positional < formals.size()) {
            m.problem = "unknown keyword '" + word + "'";
        } else {
            for (std::size_t f = positional; f < formals.size(); ++f)
                if (formals[f].keyword != kRest && !given[f]) {
                    m.problem = "missing '" + formals[f].keyword + "' parameter";
                    break;
                }
        }
        return m;
    }

    for (std::size_t f = positional; f < formals.size(); ++f) {
        if (formals[f].keyword == kRest) {
            m.values[f] = rest;
        } else if (!given[f]) {
            m.problem = "missing '" + formals[f].keyword + "' parameter";
            return m;
        }
    }
    m.matched = true;
    return m;
}

std::string use_signature(const std::string& class_name, std::size_t arguments, int inputs, int outputs) {
    std::string s = class_name.empty() ? "<anonymous>" : class_name;
    s += '[';
    if (arguments > 0)
        s += plural(arguments, "argument") + ", ";
    s += plural(static_cast<std::size_t>(inputs), "input") + ", " +
         plural(static_cast<std::size_t>(outputs), "output") + "]";
    return s;
}

std::string definition_signature(const CompoundBody& body) {
    std::string s = body.printable_name();
    if (!body.formals.empty()) {
        s += '(';
        for (std::size_t i = 0; i < body.formals.size(); ++i) {
            if (i)
                s += ", ";
            const std::string& k = body.formals[i].keyword;
            s += k.empty() ? "<arg>" : k == kRest ? "..." : k;
        }
        s += ')';
    }
    s += "[" + plural(static_cast<std::size_t>(body.ninputs), "input") + ", " +
         plural(static_cast<std::size_t>(body.noutputs), "output") + "]";
    return s;
}

Resolution resolve_compound(const ClassBinding& cls, const std::vector<std::string>& arguments, int inputs,
                            int outputs, const std::string& landmark, Diagnostics& diagnostics) {
    Resolution closest;  // the last definition whose arguments matched, ports aside
    std::size_t candidates = 0;
    std::string single_problem;
    std::vector<std::shared_ptr<const CompoundBody>> tried;

    // Walk the overloads, then whatever "..." extended; the chain is finite because a
    // class can only extend classes defined before it.
    for (const ClassBinding* c = &cls; c;) {
        for (const auto& body : c->overloads) {
            ++candidates;
            tried.push_back(body);
            ArgumentMatch m = match_arguments(body->formals, arguments);
            if (m.matched && body->ninputs == inputs && body->noutputs == outputs)
                return Resolution{body, {}, std::move(m.values)};
            if (m.matched)
                closest = Resolution{body, {}, std::move(m.values)};
            else
                single_problem = m.problem;
        }
        const ClassBinding* next = c->fallback.get();
        if (next && !next->is_compound())
            return Resolution{nullptr, next->primitive, {}};
        c = next;
    }

    // One definition whose arguments fit is used even when the ports differ; the port
    // mismatch is reported when connections are resolved, with a precise message.
    if (candidates == 1 && closest.body)
        return closest;

    diagnostics.error(landmark, "no match for '" + use_signature(cls.name, arguments.size(), inputs, outputs) + "'" +
                                    (candidates == 1 && !single_problem.empty() ? " (" + single_problem + ")" : ""));
    if (!tried.empty()) {
        diagnostics.note(landmark, "candidates are:");
        for (const auto& body : tried)
            diagnostics.note(body->landmark, "  " + definition_signature(*body));
    }
    return closest;
}

}  // namespace snf::click::lang
