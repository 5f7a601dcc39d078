// The flat router description the configuration frontend produces: every compound
// element expanded, every parameter substituted, every connection between two real
// elements. The element layer builds a running router from it; the unparser prints it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace snf::click {

struct FlatElement {
    std::string name;        // "rw", "extern_dev/from", "CheckIPHeader@20"
    std::string class_name;  // primitive class, after compound expansion and synonyms
    std::string config;      // configuration string after $variable substitution
    std::string landmark;    // "file:line" of the declaration
};

struct FlatConnection {
    std::size_t from = 0;  // index into FlatRouter::elements
    int from_port = 0;
    std::size_t to = 0;
    int to_port = 0;
    std::string landmark;  // "file:line" of the connection
};

struct FlatRouter {
    std::vector<FlatElement> elements;
    std::vector<FlatConnection> connections;  // sorted by (from, from_port, to, to_port), no repeats
    std::vector<std::string> requirements;    // package names from require(...)
};

// Index of the element called exactly `name`.
std::optional<std::size_t> find_element(const FlatRouter& router, std::string_view name);

// Click's lookup of an element name written inside a configuration string: a name used
// by element "a/b/c" means "a/b/name", else "a/name", else "name" (the innermost
// compound scope first).
std::optional<std::size_t> find_element_from(const FlatRouter& router, std::string_view context_element,
                                             std::string_view name);

}  // namespace snf::click
