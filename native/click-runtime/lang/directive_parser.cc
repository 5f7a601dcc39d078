// Parser part for the two directive statements: require(...) records package
// requirements (library files cannot be loaded by this router and are reported), and
// define(...) declares parameters in the current scope.
#include "parser.hh"

#include <cctype>

#include "snf/click/config_string.hh"

namespace snf::click::lang {
namespace {

bool is_parameter_name(std::string_view s) {
    if (s.empty())
        return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            return false;
    return true;
}

// The configuration string of a directive, or nullopt (with an error) when the
// keyword is not followed by '('.
std::optional<std::string> read_directive_argument(Lexer& lexer, Diagnostics& diagnostics) {
    Token open = lexer.next();
    if (!open.is(TokenKind::LeftParen)) {
        diagnostics.error(open.landmark(), "expected '('");
        lexer.unlex(std::move(open));
        return std::nullopt;
    }
    return lexer.read_config(open);
}

}  // namespace

void Parser::parse_require(Context& ctx, const Token& keyword) {
    std::optional<std::string> text = read_directive_argument(lexer_, diagnostics_);
    if (!text)
        return;
    lexer_.accept(TokenKind::Semicolon);

    const std::string landmark = keyword.landmark();
    for (const std::string& argument : split_config(*text)) {
        std::vector<std::string> words = split_words(argument);
        if (words.empty())
            continue;
        std::string type = words[0];
        // "require(NAME)" means "require(package NAME)".
        if (words.size() == 1 && type != "package" && type != "library" && type != "compact_config") {
            words.insert(words.begin(), "package");
            type = "package";
        }
        if (type == "compact_config" && words.size() == 1) {
            continue;  // a memory hint for Click's own parser; nothing to record
        } else if (type == "package" && words.size() == 2) {
            std::string package = unquote(words[1]);
            if (package.empty())
                diagnostics_.error(landmark, "syntax error at requirement");
            else
                requirements_.push_back(std::move(package));
        } else if (type == "library" && words.size() == 2) {
            if (ctx.scope->body().depth > 0)
                diagnostics_.error(landmark, "'require(library)' must be used at file scope");
            else
                diagnostics_.error(landmark, "'require(library " + unquote(words[1]) +
                                                 ")' is not supported: this router does not load library files");
        } else {
            diagnostics_.error(landmark, "syntax error at requirement");
        }
    }
}

void Parser::parse_define(Context& ctx, const Token& keyword) {
    std::optional<std::string> text = read_directive_argument(lexer_, diagnostics_);
    if (!text)
        return;

    const std::string landmark = keyword.landmark();
    for (const std::string& argument : split_config(*text)) {
        if (argument.empty())
            continue;
        // "$NAME value": the first word names the parameter, the rest is its value.
        std::size_t end = 0;
        while (end < argument.size() && !std::isspace(static_cast<unsigned char>(argument[end])))
            ++end;
        std::string_view variable(argument.data(), end);
        if (variable.size() < 2 || variable.front() != '$' || !is_parameter_name(variable.substr(1))) {
            diagnostics_.error(landmark, "bad 'define' declaration: not a variable");
            continue;
        }
        std::size_t value_begin = argument.find_first_not_of(" \t\r\n\v\f", end);
        std::string value = value_begin == std::string::npos ? std::string() : argument.substr(value_begin);
        define_parameter(ctx.scope->body(), std::string(variable.substr(1)), std::move(value), landmark);
    }
}

void Parser::define_parameter(CompoundBody& body, const std::string& name, std::string value,
                              const std::string& landmark) {
    // Formals and definitions share one namespace per scope, and every definition in
    // a scope takes effect at once, so a second one is an error wherever it appears.
    for (const Formal& f : body.formals)
        if (f.variable == name) {
            diagnostics_.error(landmark, "parameter '$" + name + "' multiply defined");
            return;
        }
    for (const ParameterDefinition& d : body.definitions)
        if (d.variable == name) {
            diagnostics_.error(landmark, "parameter '$" + name + "' multiply defined");
            diagnostics_.note(d.landmark, "'$" + name + "' previously defined here");
            return;
        }
    body.definitions.push_back({name, std::move(value), landmark});
}

}  // namespace snf::click::lang
