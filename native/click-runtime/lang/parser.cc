// Parser core: statement dispatch, connection chains, element references and
// declarations, port lists, element groups, and element class lookup.
#include "parser.hh"

#include <cctype>
#include <utility>

namespace snf::click::lang {
namespace {

// Port numbers are bounded so a typo like [4000000000] cannot make later stages
// allocate per-port tables of absurd size.
constexpr int kMaxPort = 65535;

}  // namespace

Parser::Parser(Lexer& lexer, Diagnostics& diagnostics, const ElementClassCatalog& catalog)
    : lexer_(lexer), diagnostics_(diagnostics), catalog_(catalog) {}

ParsedConfig Parser::parse() {
    auto file = std::make_shared<CompoundBody>();
    file->landmark = lexer_.landmark();
    ElementScope scope(*file, false, diagnostics_);
    Context ctx{Context::Kind::File, &scope, nullptr, file->landmark};
    parse_statements(ctx);
    scope.finish();
    return ParsedConfig{std::move(file), std::move(requirements_)};
}

void Parser::syntax_error(const Token& t) {
    diagnostics_.error(t.landmark(), "syntax error near " + describe(t));
}

void Parser::skip_balanced(TokenKind open, TokenKind close) {
    int depth = 1;
    while (true) {
        Token t = lexer_.next();
        if (t.is(TokenKind::EndOfFile)) {
            lexer_.unlex(std::move(t));
            return;
        }
        if (t.is(open))
            ++depth;
        else if (t.is(close) && --depth == 0)
            return;
    }
}

Token Parser::parse_statements(Context& ctx) {
    while (true) {
        std::uint64_t before = lexer_.consumed();
        Token t = lexer_.next();
        switch (t.kind) {
        case TokenKind::Identifier:
        case TokenKind::LeftBracket:
        case TokenKind::LeftBrace:
        case TokenKind::LeftParen:
        case TokenKind::Arrow:
        case TokenKind::DoubleArrow:
            lexer_.unlex(std::move(t));
            parse_connection(ctx);
            break;
        case TokenKind::KeywordElementclass:
            parse_elementclass(ctx);
            break;
        case TokenKind::KeywordRequire:
            parse_require(ctx, t);
            break;
        case TokenKind::KeywordDefine:
            parse_define(ctx, t);
            break;
        case TokenKind::Semicolon:
            break;
        case TokenKind::KeywordProvide:
            // Reserved by Click but not a statement; skip its argument so the error
            // is reported once.
            syntax_error(t);
            if (lexer_.peek().is(TokenKind::LeftParen)) {
                Token open = lexer_.next();
                lexer_.read_config(open);
            }
            break;
        case TokenKind::RightBrace:
        case TokenKind::DoubleBar:
            if (ctx.kind == Context::Kind::Compound)
                return t;
            syntax_error(t);
            if (ctx.kind == Context::Kind::Group) {
                // The group is cut short; the enclosing compound gets its '}' back.
                lexer_.unlex(t);
                return t;
            }
            break;
        case TokenKind::RightParen:
            if (ctx.kind == Context::Kind::Group)
                return t;
            syntax_error(t);
            break;
        case TokenKind::EndOfFile:
            if (ctx.kind == Context::Kind::Group) {
                diagnostics_.error(t.landmark(), "expected ')'");
                diagnostics_.note(ctx.start_landmark, "element group starts here");
            } else if (ctx.kind == Context::Kind::Compound) {
                diagnostics_.error(t.landmark(), "expected '}'");
                diagnostics_.note(ctx.start_landmark,
                                  "compound element '" + ctx.scope->body().printable_name() + "' starts here");
            }
            if (ctx.kind != Context::Kind::File)
                lexer_.unlex(t);
            return t;
        default:
            syntax_error(t);
            break;
        }
        // Every statement consumes input; this guard keeps that true for bad input too.
        if (lexer_.consumed() <= before)
            lexer_.next();
    }
}

void Parser::parse_connection(Context& ctx) {
    std::vector<ChainEndpoint> previous;
    bool first = true;
    bool many_to_many = false;
    std::string connector_landmark;

    while (true) {
        std::vector<ChainEndpoint> items;
        if (!parse_element_list(ctx, first, items))
            break;
        if (first) {
            for (const ChainEndpoint& item : items)
                if (item.in.given) {
                    diagnostics_.error(item.landmark, "input ports ignored at start of chain");
                    break;
                }
        } else {
            for (const PortPair& p : pair_ports(previous, items, many_to_many, connector_landmark, diagnostics_))
                ctx.scope->connect(p.from, p.from_port, p.to, p.to_port, connector_landmark);
        }
        previous = std::move(items);

        // The connector, or the end of the statement.
        bool more = false;
        while (true) {
            Token t = lexer_.next();
            if (t.is(TokenKind::Comma) || t.is(TokenKind::DoubleColon)) {
                syntax_error(t);
                continue;
            }
            if (t.is_arrow()) {
                more = true;
                many_to_many = t.is(TokenKind::DoubleArrow);
                connector_landmark = t.landmark();
                break;
            }
            switch (t.kind) {
            case TokenKind::Identifier:
            case TokenKind::LeftBrace:
            case TokenKind::RightBrace:
            case TokenKind::LeftBracket:
            case TokenKind::LeftParen:
            case TokenKind::RightParen:
            case TokenKind::DoubleBar:
            case TokenKind::KeywordElementclass:
            case TokenKind::KeywordRequire:
            case TokenKind::KeywordProvide:
            case TokenKind::KeywordDefine:
            case TokenKind::EndOfFile:
                // Semicolons are optional: the next statement starts here.
                lexer_.unlex(std::move(t));
                break;
            case TokenKind::Semicolon:
                break;
            default:
                syntax_error(t);
                break;
            }
            break;
        }
        if (!more)
            break;
        first = false;
    }

    for (const ChainEndpoint& item : previous)
        if (item.out.given) {
            diagnostics_.error(item.landmark, "output ports ignored at end of chain");
            break;
        }
    std::optional<std::size_t> output = ctx.scope->find("output");
    ctx.last_connection_ends_output = previous.size() == 1 && output && previous.front().slot == *output;
}

bool Parser::parse_element_list(Context& ctx, bool first_in_chain, std::vector<ChainEndpoint>& items) {
    std::vector<PendingElement> pending;
    bool any_implicit = false;
    bool any_ports = false;
    while (true) {
        PendingElement e;
        ElementOutcome outcome = parse_element(ctx, first_in_chain, pending.empty(), e);
        if (outcome == ElementOutcome::Abort) {
            if (pending.empty())
                return false;
            break;
        }
        if (outcome == ElementOutcome::EndOfList)
            break;
        any_implicit = any_implicit || e.implicit;
        any_ports = any_ports || e.in.given || e.out.given;
        pending.push_back(std::move(e));
        if (!lexer_.accept(TokenKind::Comma))
            break;
    }

    const Token& next = lexer_.peek();
    bool arrow_follows = next.is_arrow();
    if (any_implicit && !first_in_chain && arrow_follows)
        diagnostics_.error(next.landmark(), "implicit ports used in the middle of a chain");

    // "a, b, c :: Class(config)" declares every name in the list alike.
    if (pending.size() > 1 && first_in_chain && !arrow_follows && !any_ports && !any_implicit) {
        std::size_t last = 0;
        while (last + 1 < pending.size() && pending[last].bare)
            ++last;
        if (last + 1 == pending.size() && pending[last].declared) {
            for (std::size_t i = 0; i < last; ++i) {
                pending[i].declared = pending[last].declared;
                pending[i].config = pending[last].config;
            }
        }
    }

    for (PendingElement& e : pending) {
        std::optional<std::size_t> slot = enter_element(ctx, e);
        if (!slot)
            continue;
        ChainEndpoint item;
        item.slot = *slot;
        item.in = std::move(e.in);
        item.out = std::move(e.out);
        item.landmark = e.landmark;
        items.push_back(std::move(item));
    }
    return true;
}

Parser::ElementOutcome Parser::parse_element(Context& ctx, bool first_in_chain, bool first_in_list,
                                             PendingElement& e) {
    if (lexer_.peek().is(TokenKind::LeftBracket))
        e.in = parse_port_list();

    Token t = lexer_.next();
    e.landmark = t.landmark();
    if (t.is(TokenKind::Identifier)) {
        e.name = t.text;
        TokenKind following = lexer_.peek().kind;
        e.type = class_for_word(ctx, e.name, following, e.landmark, e.type_is_guess);
    } else if (t.is(TokenKind::LeftBrace)) {
        e.type = parse_compound(ctx, "", t);
    } else if (t.is(TokenKind::LeftParen)) {
        if (!parse_group(ctx, t, e))
            return first_in_list ? ElementOutcome::Abort : ElementOutcome::EndOfList;
        if (lexer_.peek().is(TokenKind::LeftBracket))
            e.out = parse_port_list();
        return ElementOutcome::Parsed;
    } else {
        // Inside a compound or group, a chain that starts with a connector begins at
        // "input", and one that ends with a connector ends at "output".
        bool nested = ctx.nested();
        bool implicit = false;
        if (nested && t.is_arrow()) {
            implicit = first_in_chain && (e.in.given || first_in_list);
            if (implicit && !e.in.given && !ctx.last_connection_ends_output)
                diagnostics_.warning(t.landmark(), "suggest 'input " + t.text + "' or '[0] " + t.text +
                                                       "' to start connection");
        } else if (nested && t.is(TokenKind::Comma)) {
            implicit = e.in.given;
        } else if (nested && !t.is(TokenKind::DoubleColon)) {
            implicit = !first_in_chain && (e.in.given || first_in_list);
        }
        if (implicit) {
            e.name = first_in_chain ? "input" : "output";
            e.implicit = true;
            if (first_in_chain)
                std::swap(e.in, e.out);  // "[1] -> x" means "input [1] -> x"
            lexer_.unlex(std::move(t));
            return ElementOutcome::Parsed;
        }

        if (e.in.given)
            diagnostics_.error(t.landmark(), "stranded port ignored");
        if (first_in_list) {
            if (nested && first_in_chain) {
                lexer_.unlex(std::move(t));
            } else {
                syntax_error(t);
                if (resumes_statement(t))
                    lexer_.unlex(std::move(t));
            }
            return ElementOutcome::Abort;
        }
        // "a, <junk>": the list ends with the elements read so far.
        syntax_error(t);
        if (resumes_statement(t) || t.is_arrow())
            lexer_.unlex(std::move(t));
        return ElementOutcome::EndOfList;
    }

    if (lexer_.peek().is(TokenKind::DoubleColon)) {
        lexer_.next();
        e.bare = false;
        Token c = lexer_.next();
        if (c.is(TokenKind::Identifier)) {
            e.declared = force_class(c.text, c.landmark(), true);
        } else if (c.is(TokenKind::LeftBrace)) {
            e.declared = parse_compound(ctx, "", c);
        } else {
            diagnostics_.error(c.landmark(), "missing element type in declaration");
            lexer_.unlex(std::move(c));
            e.declared = force_class(e.name, e.landmark, false);
        }
    }
    if (lexer_.peek().is(TokenKind::LeftParen)) {
        Token open = lexer_.next();
        if (!e.declared && !e.type && ctx.scope->find(e.name))
            diagnostics_.error(open.landmark(), "configuration string ignored on element reference");
        e.config = lexer_.read_config(open);
        e.bare = false;
    }
    if (lexer_.peek().is(TokenKind::LeftBracket))
        e.out = parse_port_list();
    return ElementOutcome::Parsed;
}

std::optional<std::size_t> Parser::enter_element(Context& ctx, PendingElement& e) {
    ElementScope& scope = *ctx.scope;
    if (e.group_slot)
        return e.group_slot;
    if (e.implicit)
        return scope.find(e.name);
    if (e.declared && e.type_is_guess)
        e.type = nullptr;  // "Name :: Class": the guessed class was an element name after all

    std::optional<std::size_t> existing;
    if (!e.type)
        existing = scope.find(e.name);
    if (e.type || !existing) {
        if (e.declared && e.type && !e.name.empty())
            diagnostics_.error(e.landmark, "class '" + e.name + "' used as element name");
        else if (!e.declared && !e.type) {
            diagnostics_.error(e.landmark, "undeclared element '" + e.name + "'");
            e.type = force_class(e.name, e.landmark, false);
        }
        if (e.type)
            return scope.add_anonymous(e.name, e.type, std::move(e.config), e.landmark);
        return scope.add_named(e.name, e.declared, std::move(e.config), e.landmark);
    }
    if (e.declared) {
        diagnostics_.error(e.landmark, "redeclaration of element '" + e.name + "'");
        const ElementSlot& old = scope.body().slots[*existing];
        if (old.kind == SlotKind::Element)
            diagnostics_.note(old.landmark, "element '" + e.name + "' previously declared here");
    }
    return existing;
}

PortList Parser::parse_port_list() {
    PortList list;
    list.given = true;
    lexer_.next();  // '['
    while (true) {
        Token t = lexer_.next();
        if (t.is(TokenKind::Identifier)) {
            bool digits = t.text.size() <= 9;
            for (char c : t.text)
                digits = digits && std::isdigit(static_cast<unsigned char>(c));
            int port = 0;
            if (!digits) {
                diagnostics_.error(t.landmark(), "syntax error: port number should be integer");
            } else if ((port = std::stoi(t.text)) > kMaxPort) {
                diagnostics_.error(t.landmark(), "port number " + t.text + " too large (at most " +
                                                     std::to_string(kMaxPort) + ")");
                port = 0;
            }
            list.ports.push_back(port);
        } else if (t.is(TokenKind::RightBracket)) {
            // "[]" and "[n,]" grow to as many ports as the connection needs.
            if (list.ports.empty())
                list.ports.push_back(0);
            list.expandable = true;
            break;
        } else {
            diagnostics_.error(t.landmark(), "syntax error: expected port number");
            lexer_.unlex(std::move(t));
            break;
        }

        Token separator = lexer_.next();
        if (separator.is(TokenKind::RightBracket))
            break;
        if (!separator.is(TokenKind::Comma)) {
            diagnostics_.error(separator.landmark(), "syntax error: expected ','");
            bool another_port = separator.is(TokenKind::Identifier);
            lexer_.unlex(std::move(separator));
            if (!another_port)
                break;
        }
    }
    return list;
}

bool Parser::parse_group(Context& ctx, const Token& open, PendingElement& e) {
    if (nesting_ >= kMaxNesting) {
        diagnostics_.error(open.landmark(), "maximum nesting depth exceeded");
        skip_balanced(TokenKind::LeftParen, TokenKind::RightParen);
        return false;
    }
    ElementScope& scope = *ctx.scope;
    std::size_t entry = scope.open_group(open.landmark());
    ElementScope::PseudoNames saved = scope.bind_pseudo(entry + 1, entry + 2);
    Context group{Context::Kind::Group, &scope, &ctx, open.landmark()};
    ++nesting_;
    Token end = parse_statements(group);
    --nesting_;
    scope.restore_pseudo(saved);

    std::string landmark = end.landmark();
    int inputs = scope.check_pseudo(entry + 1, false, "<anonymous group>", landmark);
    int outputs = scope.check_pseudo(entry + 2, true, "<anonymous group>", landmark);

    e.group_slot = entry;
    e.name = scope.body().slots[entry].name;
    e.bare = false;
    // Unless the connection names ports, a group offers all of its ports in order.
    auto imply = [](PortList& list, int count) {
        if (list.given || count == 0)
            return;
        list.given = true;
        for (int i = 0; i < count; ++i)
            list.ports.push_back(i);
    };
    imply(e.in, inputs);
    imply(e.out, outputs);
    return true;
}

bool Parser::being_defined(const std::string& name) const {
    for (const std::string& n : defining_)
        if (!n.empty() && n == name)
            return true;
    return false;
}

ClassRef Parser::primitive(const std::string& name) {
    const std::string& key = name.empty() ? std::string("Error") : name;
    auto it = primitives_.find(key);
    if (it != primitives_.end())
        return it->second;
    auto binding = std::make_shared<ClassBinding>();
    binding->name = key;
    binding->primitive = key;
    primitives_.emplace(key, binding);
    return binding;
}

ClassRef Parser::class_for_word(const Context& ctx, const std::string& word, TokenKind following,
                                const std::string& landmark, bool& guessed) {
    guessed = false;
    if (auto it = classes_.find(word); it != classes_.end())
        return it->second;

    auto recursive = [&] {
        diagnostics_.error(landmark, "element class '" + word +
                                         "' is used inside its own definition (element classes are not recursive)");
        return primitive(word);
    };
    bool declared = ctx.scope->find(word).has_value();
    if (catalog_.authoritative()) {
        if (catalog_.contains(word))
            return primitive(word);
        if (!declared && following != TokenKind::DoubleColon && being_defined(word))
            return recursive();
        return nullptr;
    }
    // Guessing: a declared element or a name being declared is no class; otherwise
    // the naming convention decides, and a configuration string implies a class.
    if (declared || following == TokenKind::DoubleColon)
        return nullptr;
    if (catalog_.contains(word) || following == TokenKind::LeftParen) {
        guessed = true;
        return primitive(word);
    }
    if (being_defined(word))
        return recursive();
    return nullptr;
}

ClassRef Parser::force_class(const std::string& name, const std::string& landmark, bool report) {
    if (auto it = classes_.find(name); it != classes_.end())
        return it->second;
    if (catalog_.contains(name))
        return primitive(name);
    if (report && being_defined(name))
        diagnostics_.error(landmark, "element class '" + name +
                                         "' is used inside its own definition (element classes are not recursive)");
    else if (report && catalog_.authoritative())
        diagnostics_.error(landmark, "unknown element class '" + name + "'");
    return primitive(name);
}

}  // namespace snf::click::lang
