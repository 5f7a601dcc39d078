// What the parser builds: for the file and for every compound element body, the table
// of element "slots" in declaration order, the connections between them, the formal
// parameters and the define() statements; and for every class name, what it is bound
// to (a primitive class, or a chain of overloaded compound bodies).
//
// Slots mirror Click's element table: a compound body's slots 0 and 1 are its "input"
// and "output" pseudo-elements, and an element group "( ... )" takes three slots (the
// group as seen from outside, its input and its output). Anonymous element numbers are
// slot positions, which is why these placeholders occupy slots too.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace snf::click::lang {

struct CompoundBody;

// The meaning of an element class name at one point of the configuration.
struct ClassBinding {
    std::string name;       // name it was bound under; "" for an anonymous compound
    std::string primitive;  // for a primitive class: the class elements get
    // Non-empty for a compound class: its overloads, tried in order.
    std::vector<std::shared_ptr<const CompoundBody>> overloads;
    // The class extended with "..." (tried after the overloads), or null.
    std::shared_ptr<const ClassBinding> fallback;
    // Longest chain of compound classes below this one (0 for a primitive); bounded by
    // the parser so expansion, and the destruction of these shared structures, stay
    // shallow.
    int nesting = 0;

    bool is_compound() const noexcept { return !overloads.empty(); }
};
using ClassRef = std::shared_ptr<const ClassBinding>;

enum class SlotKind {
    Element,         // a real or compound element
    CompoundInput,   // the "input" pseudo-element of a compound body (slot 0)
    CompoundOutput,  // the "output" pseudo-element of a compound body (slot 1)
    GroupEntry,      // an element group, seen from outside
    GroupInput,      // the group's "input"
    GroupOutput,     // the group's "output"
};

struct ElementSlot {
    SlotKind kind = SlotKind::Element;
    std::string name;  // final name (anonymous ones are numbered when the body closes)
    ClassRef cls;      // for SlotKind::Element
    std::string config;
    std::string landmark;
    bool anonymous = false;
};

struct SlotConnection {
    std::size_t from = 0;
    int from_port = 0;
    std::size_t to = 0;
    int to_port = 0;
    std::string landmark;
};

struct Formal {
    std::string keyword;   // "" for a positional formal, "__REST__" for the rest
    std::string variable;  // without '$'
};

struct ParameterDefinition {
    std::string variable;  // without '$'
    std::string value;
    std::string landmark;
};

struct CompoundBody {
    std::string class_name;  // "" when anonymous
    std::string landmark;    // where the body starts
    int depth = 0;           // lexical nesting: the file is 0, a top-level compound 1
    std::vector<Formal> formals;
    std::vector<ParameterDefinition> definitions;
    std::vector<ElementSlot> slots;
    std::vector<SlotConnection> connections;
    int ninputs = 0;
    int noutputs = 0;

    std::string printable_name() const { return class_name.empty() ? "<anonymous>" : class_name; }
};

struct ParsedConfig {
    std::shared_ptr<CompoundBody> file;
    std::vector<std::string> requirements;
};

}  // namespace snf::click::lang
