// The element table of one scope (the file or one compound body) while it is parsed:
// declares named and anonymous elements, resolves names to slots, records connections,
// and at the end numbers anonymous elements the way Click does ("Class@N", N being the
// element's position in its scope, bumped past any name the user took).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "snf/click/diagnostics.hh"
#include "syntax_tree.hh"

namespace snf::click::lang {

class ElementScope {
public:
    // A compound body starts with its "input" and "output" pseudo-elements in slots 0
    // and 1; the file scope has none.
    ElementScope(CompoundBody& body, bool compound_body, Diagnostics& diagnostics);

    CompoundBody& body() noexcept { return body_; }

    std::optional<std::size_t> find(std::string_view name) const;

    std::size_t add_named(const std::string& name, ClassRef cls, std::string config, std::string landmark);
    // `written_class` is the class as written, which names the element: "Queue@3".
    std::size_t add_anonymous(const std::string& written_class, ClassRef cls, std::string config,
                              std::string landmark);

    // Adds an element group's three slots (entry, input, output); returns the entry.
    std::size_t open_group(const std::string& landmark);

    // While a group is parsed, "input" and "output" mean the group's pseudo-elements.
    struct PseudoNames {
        std::optional<std::size_t> input;
        std::optional<std::size_t> output;
    };
    PseudoNames bind_pseudo(std::size_t input_slot, std::size_t output_slot);
    void restore_pseudo(const PseudoNames& saved);

    void connect(std::size_t from, int from_port, std::size_t to, int to_port, std::string landmark);

    // Checks the use of a pseudo-element ("input" may only send, "output" only
    // receive, and no port may be skipped) and returns its number of ports.
    int check_pseudo(std::size_t slot, bool is_output, const std::string& owner, const std::string& landmark);

    // Gives anonymous elements their final names. Call once, after the last statement.
    void finish();

private:
    void bind(const std::string& name, std::size_t slot);
    static bool is_pseudo(SlotKind kind);

    // How the ports of pseudo-elements are used, kept up to date by connect() so the
    // checks at the end of each group and body need not rescan all connections.
    struct PseudoUse {
        std::vector<bool> sending;    // ports used as the source of a connection
        std::vector<bool> receiving;  // ports used as the target of a connection
    };

    CompoundBody& body_;
    std::unordered_map<std::size_t, PseudoUse> pseudo_use_;
    Diagnostics& diagnostics_;
    std::unordered_map<std::string, std::size_t> names_;
    std::size_t anonymous_offset_;  // slots before the first numbered one
};

}  // namespace snf::click::lang
