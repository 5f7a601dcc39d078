// Recursive-descent parser for the Click language (click(5) "BNF GRAMMAR"). It builds
// the syntax tree of syntax_tree.hh while it reads: element tables per scope, element
// class bindings with their lexical scoping, connections with their ports.
//
// Parsing never stops at an error. Each problem is reported with its landmark and the
// parser resynchronises at the next statement, as Click does, so one run lists all the
// errors of a configuration. Nesting of compounds and groups is bounded so hostile
// input cannot exhaust the stack.
//
// The work is split over three files: parser.cc (statements, connections, elements,
// groups), compound_parser.cc (elementclass, compound bodies, formals) and
// directive_parser.cc (require, define).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connection_builder.hh"
#include "element_scope.hh"
#include "lexer.hh"
#include "snf/click/diagnostics.hh"
#include "snf/click/element_class_catalog.hh"
#include "syntax_tree.hh"

namespace snf::click::lang {

class Parser {
public:
    Parser(Lexer& lexer, Diagnostics& diagnostics, const ElementClassCatalog& catalog);

    ParsedConfig parse();

    // Deepest nesting of compound bodies and element groups accepted.
    static constexpr int kMaxNesting = 64;
    // Longest chain of compound classes using or extending one another.
    static constexpr int kMaxClassNesting = 100;

private:
    struct Context {
        enum class Kind { File, Compound, Group };
        Kind kind;
        ElementScope* scope;
        Context* parent;
        std::string start_landmark;  // where the compound body or group began
        // Whether the last connection ended at "output" (for the implicit-input hint).
        bool last_connection_ends_output = true;

        // Inside a compound body or a group, a chain may leave out "input"/"output".
        bool nested() const noexcept { return kind != Kind::File || parent != nullptr; }
    };

    // One element of a comma-separated list, before it is entered in the scope.
    struct PendingElement {
        std::string name;
        std::string landmark;
        ClassRef type;          // the word names a class: an anonymous element of it
        bool type_is_guess = false;
        ClassRef declared;      // "name :: Class"
        bool bare = true;       // neither "::" nor a configuration string
        std::string config;
        bool implicit = false;  // an inferred "input" or "output"
        std::optional<std::size_t> group_slot;
        PortList in;
        PortList out;
    };
    enum class ElementOutcome { Parsed, EndOfList, Abort };

    // Statements up to the end of the current scope; returns the token that ended it
    // ('}' or '||' for a compound, ')' for a group, end of file).
    Token parse_statements(Context& ctx);
    void parse_connection(Context& ctx);
    bool parse_element_list(Context& ctx, bool first_in_chain, std::vector<ChainEndpoint>& items);
    ElementOutcome parse_element(Context& ctx, bool first_in_chain, bool first_in_list, PendingElement& e);
    bool parse_group(Context& ctx, const Token& open, PendingElement& e);
    PortList parse_port_list();
    std::optional<std::size_t> enter_element(Context& ctx, PendingElement& e);

    // compound_parser.cc
    void parse_elementclass(Context& ctx);
    ClassRef parse_compound(Context& ctx, const std::string& name, const Token& open);
    void parse_formals(CompoundBody& body);
    void add_formal(CompoundBody& body, std::string keyword, const Token& variable, bool& order_reported);

    // directive_parser.cc
    void parse_require(Context& ctx, const Token& keyword);
    void parse_define(Context& ctx, const Token& keyword);
    void define_parameter(CompoundBody& body, const std::string& name, std::string value, const std::string& landmark);

    // Class lookup. class_for_word decides whether a word in a connection is a class
    // (anonymous element) or an element name; force_class resolves a word that must be
    // a class, reporting unknown ones when the catalog is authoritative.
    ClassRef class_for_word(const Context& ctx, const std::string& word, TokenKind following,
                            const std::string& landmark, bool& guessed);
    ClassRef force_class(const std::string& name, const std::string& landmark, bool report);
    ClassRef primitive(const std::string& name);
    bool being_defined(const std::string& name) const;

    void syntax_error(const Token& t);
    // Skips tokens up to the `close` that balances an already consumed `open`.
    void skip_balanced(TokenKind open, TokenKind close);

    Lexer& lexer_;
    Diagnostics& diagnostics_;
    const ElementClassCatalog& catalog_;
    void bind_class(const std::string& name, ClassRef binding);
    void unbind_classes_since(std::size_t mark);

    std::map<std::string, ClassRef, std::less<>> classes_;     // elementclass names in scope
    // Undo log of classes_ changes (name, previous binding or null), so a compound
    // body can drop the classes it defined without copying the whole map.
    std::vector<std::pair<std::string, ClassRef>> class_undo_;
    std::map<std::string, ClassRef, std::less<>> primitives_;  // one binding per primitive name
    std::vector<std::string> defining_;                         // classes whose body is open
    std::vector<std::string> requirements_;
    int nesting_ = 0;
};

}  // namespace snf::click::lang
