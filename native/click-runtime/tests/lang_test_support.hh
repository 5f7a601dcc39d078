// Helpers shared by the configuration-language tests: parse a snippet, list element
// names and connections by name, and look for a diagnostic at a given landmark.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "snf/click/diagnostics.hh"
#include "snf/click/flat_router.hh"
#include "snf/click/router_parser.hh"

namespace snf::click::testing {

struct Parsed {
    bool ok = false;
    FlatRouter router;
    Diagnostics diagnostics;

    std::string errors() const { return diagnostics.to_string(); }
};

inline Parsed parse(std::string_view text, const ParseOptions& options = {}, const Definitions& defs = {}) {
    Parsed p;
    p.ok = parse_router(text, "test.click", defs, p.router, p.diagnostics, options);
    return p;
}

inline std::vector<std::string> names(const FlatRouter& router) {
    std::vector<std::string> out;
    for (const FlatElement& e : router.elements)
        out.push_back(e.name);
    return out;
}

// "a [0] -> [1] b" for every connection, in the router's order.
inline std::vector<std::string> connections(const FlatRouter& router) {
    std::vector<std::string> out;
    for (const FlatConnection& c : router.connections)
        out.push_back(router.elements[c.from].name + " [" + std::to_string(c.from_port) + "] -> [" +
                      std::to_string(c.to_port) + "] " + router.elements[c.to].name);
    return out;
}

inline bool connected(const FlatRouter& router, std::string_view from, int from_port, std::string_view to,
                      int to_port) {
    std::string wanted = std::string(from) + " [" + std::to_string(from_port) + "] -> [" + std::to_string(to_port) +
                         "] " + std::string(to);
    auto all = connections(router);
    return std::find(all.begin(), all.end(), wanted) != all.end();
}

inline const FlatElement* element(const FlatRouter& router, std::string_view name) {
    auto index = find_element(router, name);
    return index ? &router.elements[*index] : nullptr;
}

// True when an error (or warning/note) at `landmark` contains `fragment`.
inline bool reported(const Diagnostics& d, std::string_view landmark, std::string_view fragment,
                     Severity severity = Severity::Error) {
    for (const Diagnostic& entry : d.entries())
        if (entry.severity == severity && entry.landmark == landmark &&
            entry.message.find(fragment) != std::string::npos)
            return true;
    return false;
}

// True when any error contains `fragment`.
inline bool mentions(const Diagnostics& d, std::string_view fragment) {
    for (const Diagnostic& entry : d.entries())
        if (entry.severity == Severity::Error && entry.message.find(fragment) != std::string::npos)
            return true;
    return false;
}

}  // namespace snf::click::testing
