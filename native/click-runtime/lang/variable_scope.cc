// Parameter scopes and $variable substitution.
#include "variable_scope.hh"

#include <cctype>

#include "snf/click/config_string.hh"

namespace snf::click::lang {
namespace {

// Values are expanded again when substituted; past this depth references stay as
// written, which ends self-referential definitions such as define($a $a).
constexpr int kMaxSubstitutionDepth = 10;

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Inside double quotes a substituted value is quoted so it reads back unchanged.
std::string quote_inside_double_quotes(const std::string& value) {
    std::string quoted = quote(value);
    if (quoted.size() >= 2 && quoted.front() == '"')
        return quoted.substr(1, quoted.size() - 2);
    return quoted;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

struct Reference {
    std::size_t end = 0;     // index just past the reference
    std::string name;
    bool has_default = false;
    std::string_view default_text;
    int word_index = -1;     // ${name[N]}
    bool valid = false;
};

class Expander {
public:
    Expander(const VariableScope& scope, SubstitutionBudget& budget) : scope_(scope), budget_(budget) {}

    bool expand(std::string_view text, int depth, std::string& out);

private:
    Reference parse_reference(std::string_view text, std::size_t dollar, int depth);
    bool substitute(const Reference& ref, int depth, std::string& value);

    const VariableScope& scope_;
    SubstitutionBudget& budget_;
    bool exceeded_ = false;  // a nested expansion ran out of budget
};

Reference Expander::parse_reference(std::string_view text, std::size_t dollar, int depth) {
    Reference ref;
    std::size_t i = dollar + 1;
    if (i >= text.size())
        return ref;

    if (text[i] == '{') {
        std::size_t close = text.find('}', i + 1);
        if (close == std::string_view::npos)
            return ref;
        std::string inner(text.substr(i + 1, close - i - 1));
        if (inner.find('$') != std::string::npos) {
            // ${$x} names the variable whose name is $x's value.
            std::string expanded;
            if (!expand(inner, depth + 1, expanded)) {
                exceeded_ = true;
                return ref;
            }
            inner = std::move(expanded);
        }
        std::string_view body = trim(inner);
        std::size_t n = 0;
        while (n < body.size() && is_name_char(body[n]))
            ++n;
        ref.name = std::string(body.substr(0, n));
        std::string_view rest = trim(body.substr(n));
        if (!rest.empty() && rest.front() == '[') {
            std::size_t bracket = rest.find(']');
            std::string_view digits = trim(rest.substr(1, bracket == std::string_view::npos ? 0 : bracket - 1));
            bool numeric = !digits.empty() && digits.size() < 6;
            for (char c : digits)
                numeric = numeric && std::isdigit(static_cast<unsigned char>(c));
            if (bracket != std::string_view::npos && numeric) {
                ref.word_index = std::stoi(std::string(digits));
                rest = trim(rest.substr(bracket + 1));
            }
        }
        if (!rest.empty() && rest.front() == '-') {
            // The default is kept verbatim from the original text (it may itself
            // contain references, expanded when used).
            std::size_t minus = text.substr(0, close).find('-', i + 1);
            if (minus != std::string_view::npos) {
                ref.has_default = true;
                ref.default_text = text.substr(minus + 1, close - minus - 1);
            }
        }
        ref.end = close + 1;
        ref.valid = !ref.name.empty() || ref.has_default;
        return ref;
    }
    if (is_name_char(text[i])) {
        std::size_t j = i;
        while (j < text.size() && is_name_char(text[j]))
            ++j;
        ref.name = std::string(text.substr(i, j - i));
        ref.end = j;
        ref.valid = true;
        return ref;
    }
    return ref;
}

bool Expander::substitute(const Reference& ref, int depth, std::string& value) {
    const std::string* found = ref.name.empty() ? nullptr : scope_.find(ref.name);
    if (found) {
        std::string expanded;
        if (!expand(*found, depth + 1, expanded)) {
            exceeded_ = true;
            return false;
        }
        if (ref.word_index >= 0) {
            std::vector<std::string> words = split_words(expanded);
            value = static_cast<std::size_t>(ref.word_index) < words.size() ? words[ref.word_index] : std::string();
        } else {
            value = std::move(expanded);
        }
        return true;
    }
    if (ref.has_default) {
        if (expand(ref.default_text, depth + 1, value))
            return true;
        exceeded_ = true;
    }
    return false;
}

bool Expander::expand(std::string_view text, int depth, std::string& out) {
    std::size_t copied = 0;  // text before this index is already in `out`
    char quote = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '\\') {
            i += (quote == '"' && i + 1 < text.size()) ? 2 : 1;
            continue;
        }
        if (c == '\'' || c == '"') {
            if (quote == 0)
                quote = c;
            else if (quote == c)
                quote = 0;
            ++i;
            continue;
        }
        if (c == '/' && quote == 0 && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '*')) {
            if (text[i + 1] == '/') {
                std::size_t eol = text.find_first_of("\r\n", i);
                i = eol == std::string_view::npos ? text.size() : eol;
            } else {
                std::size_t close = text.find("*/", i + 2);
                i = close == std::string_view::npos ? text.size() : close + 2;
            }
            continue;
        }
        if (c != '$' || quote == '\'' || depth > kMaxSubstitutionDepth) {
            ++i;
            continue;
        }

        if (budget_.steps_left == 0)
            return false;
        --budget_.steps_left;
        Reference ref = parse_reference(text, i, depth);
        std::string value;
        if (exceeded_)
            return false;
        if (!ref.valid) {
            ++i;
            continue;
        }
        if (!substitute(ref, depth, value)) {
            if (exceeded_ || budget_.steps_left == 0)
                return false;
            i = ref.end;  // unknown: left as written
            continue;
        }
        if (quote == '"')
            value = quote_inside_double_quotes(value);
        if (value.size() > budget_.bytes_left) {
            exceeded_ = true;
            return false;
        }
        budget_.bytes_left -= value.size();
        out.append(text.substr(copied, i - copied));
        out += value;
        copied = i = ref.end;
        if (out.size() > budget_.max_length)
            return false;
    }
    out.append(text.substr(copied));
    return out.size() <= budget_.max_length;
}

}  // namespace

bool VariableScope::define(const std::string& name, std::string value, bool replace) {
    for (auto& [existing, old] : values_) {
        if (existing == name) {
            if (replace)
                old = std::move(value);
            return false;
        }
    }
    values_.emplace_back(name, std::move(value));
    return true;
}

const std::string* VariableScope::find(std::string_view name) const {
    for (const VariableScope* s = this; s; s = s->parent_)
        for (const auto& [existing, value] : s->values_)
            if (existing == name)
                return &value;
    return nullptr;
}

const VariableScope* VariableScope::ancestor_below(int depth) const {
    const VariableScope* s = this;
    while (s && s->depth_ >= depth)
        s = s->parent_;
    return s;
}

bool expand_variables(std::string_view text, const VariableScope& scope, std::string& out,
                      SubstitutionBudget& budget) {
    out.clear();
    if (text.find('$') == std::string_view::npos) {
        out.assign(text);
        return true;
    }
    Expander expander(scope, budget);
    return expander.expand(text, 0, out);
}

}  // namespace snf::click::lang
