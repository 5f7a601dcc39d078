// Configuration parameters ($variables) and their substitution into configuration
// strings. Scopes chain to their parents: the file scope holds define() statements and
// command-line definitions; each expanded compound gets a scope with its formal
// parameters and its own define()s. Substitution follows click(5): $name, ${name},
// ${name-default} and ${name[N]} (the Nth word); nothing is substituted inside single
// quotes or comments; inside double quotes the value is quoted; unknown names stay as
// written.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace snf::click::lang {

class VariableScope {
public:
    explicit VariableScope(const VariableScope* parent = nullptr)
        : parent_(parent), depth_(parent ? parent->depth_ + 1 : 0) {}

    int depth() const noexcept { return depth_; }

    // Adds `name`; when it exists already, replaces it if `replace` and returns false.
    bool define(const std::string& name, std::string value, bool replace = false);

    // The value of `name` here or in the nearest parent that defines it.
    const std::string* find(std::string_view name) const;

    // The nearest scope on the parent chain (this one included) shallower than `depth`.
    const VariableScope* ancestor_below(int depth) const;

private:
    const VariableScope* parent_;
    int depth_;
    std::vector<std::pair<std::string, std::string>> values_;
};

// Bounds on substitution, shared by all the expansions of one parse, so definitions
// that refer to each other many times over cannot blow up time or memory.
struct SubstitutionBudget {
    std::size_t max_length = std::size_t(1) << 20;  // of one substituted string
    std::size_t steps_left = 1000000;               // references resolved, in total
    std::size_t bytes_left = std::size_t(8) << 20;  // bytes substituted, in total
};

// Substitutes parameters in `text` into `out`. Returns false (with `out` incomplete)
// when a result would exceed the budget.
bool expand_variables(std::string_view text, const VariableScope& scope, std::string& out,
                      SubstitutionBudget& budget);

}  // namespace snf::click::lang
