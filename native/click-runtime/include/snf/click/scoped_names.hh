// Compound-scoped name lookup, the hook AddressInfo-like elements and element references
// build on. In Click a name written inside element "outer/inner/x" is looked up first as
// "outer/inner/name", then "outer/name", then "name", so a compound can shadow a global
// definition. ScopedNameTable stores such definitions (for example AddressInfo entries,
// registered under the defining element's compound prefix) and resolves them that way.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace snf::click {

// The compound prefix of an element name: "a/b/c" -> "a/b/", "c" -> "".
std::string_view compound_prefix(std::string_view element_name);

// The names `name` may mean when written by `context_element`, innermost scope first:
// ("a/b/c", "x") -> {"a/b/x", "a/x", "x"}.
std::vector<std::string> scoped_name_candidates(std::string_view context_element, std::string_view name);

class ScopedNameTable {
public:
    // Defines `name` in the scope of `defining_element` (its compound prefix). Returns
    // false, changing nothing, when that scope already defines the name.
    bool define(std::string_view defining_element, std::string_view name, std::string value);

    // The innermost definition of `name` visible from `context_element`, or nullptr.
    const std::string* lookup(std::string_view context_element, std::string_view name) const;

    bool empty() const noexcept { return values_.empty(); }

private:
    std::map<std::string, std::string, std::less<>> values_;  // keyed by prefix + name
};

}  // namespace snf::click
