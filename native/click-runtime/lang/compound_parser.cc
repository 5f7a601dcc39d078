// Parser part for element classes: "elementclass Name { ... }", synonyms
// ("elementclass MyQueue Queue"), compound bodies with overloads ("||") and extensions
// ("..."), and formal parameter lists ("$a, KEY $k, __REST__ $r |").
#include "parser.hh"

#include <algorithm>
#include <utility>

namespace snf::click::lang {

void Parser::parse_elementclass(Context& ctx) {
    Token name_token = lexer_.next();
    std::string name;
    if (name_token.is(TokenKind::Identifier)) {
        name = name_token.text;
    } else {
        diagnostics_.error(name_token.landmark(), "expected element type name");
        lexer_.unlex(std::move(name_token));
    }

    Token definition = lexer_.next();
    ClassRef binding;
    if (definition.is(TokenKind::LeftBrace)) {
        binding = parse_compound(ctx, name, definition);
    } else if (definition.is(TokenKind::Identifier)) {
        binding = force_class(definition.text, definition.landmark(), true);  // a synonym
    } else {
        syntax_error(definition);
        if (resumes_statement(definition))
            lexer_.unlex(std::move(definition));
        binding = primitive(name);
    }
    // The new class is visible from here to the end of the enclosing scope.
    if (!name.empty())
        bind_class(name, std::move(binding));
}

void Parser::bind_class(const std::string& name, ClassRef binding) {
    auto it = classes_.find(name);
    class_undo_.emplace_back(name, it == classes_.end() ? nullptr : it->second);
    classes_[name] = std::move(binding);
}

void Parser::unbind_classes_since(std::size_t mark) {
    while (class_undo_.size() > mark) {
        auto& [name, previous] = class_undo_.back();
        if (previous)
            classes_[name] = std::move(previous);
        else
            classes_.erase(name);
        class_undo_.pop_back();
    }
}

ClassRef Parser::parse_compound(Context& ctx, const std::string& name, const Token& open) {
    if (nesting_ >= kMaxNesting) {
        diagnostics_.error(open.landmark(), "maximum nesting depth exceeded");
        skip_balanced(TokenKind::LeftBrace, TokenKind::RightBrace);
        return primitive(name);
    }
    // Classes are lexically scoped: the body sees those defined before it, and the
    // ones it defines itself disappear when it closes. A class is not visible inside
    // its own body, so a reference to its name there means an earlier definition.
    const std::size_t class_mark = class_undo_.size();
    defining_.push_back(name);
    ++nesting_;

    auto binding = std::make_shared<ClassBinding>();
    binding->name = name;
    const int depth = ctx.scope->body().depth + 1;
    Token start = open;
    while (true) {
        if (lexer_.peek().is(TokenKind::Ellipsis)) {
            Token dots = lexer_.next();
            if (auto it = classes_.find(name); it != classes_.end())
                binding->fallback = it->second;
            else if (!name.empty() && catalog_.contains(name))
                binding->fallback = primitive(name);
            else {
                diagnostics_.error(dots.landmark(), "cannot extend unknown element class '" + name + "'");
                binding->fallback = primitive(name);
            }
            Token after = lexer_.next();
            if (binding->overloads.empty() || !after.is(TokenKind::RightBrace))
                diagnostics_.error(dots.landmark(), "'...' should occur last, after one or more compounds");
            if (after.is(TokenKind::RightBrace))
                break;
            if (after.is(TokenKind::EndOfFile)) {
                diagnostics_.error(after.landmark(), "expected '}'");
                lexer_.unlex(std::move(after));
                break;
            }
            if (after.is(TokenKind::DoubleBar)) {
                start = std::move(after);
                continue;
            }
            lexer_.unlex(std::move(after));
        }

        auto body = std::make_shared<CompoundBody>();
        body->class_name = name;
        body->landmark = start.landmark();
        body->depth = depth;
        ElementScope scope(*body, true, diagnostics_);
        Context child{Context::Kind::Compound, &scope, &ctx, body->landmark};
        parse_formals(*body);
        Token end = parse_statements(child);
        unbind_classes_since(class_mark);

        body->ninputs = scope.check_pseudo(0, false, body->printable_name(), body->landmark);
        body->noutputs = scope.check_pseudo(1, true, body->printable_name(), body->landmark);
        scope.finish();
        binding->overloads.push_back(std::move(body));
        if (!end.is(TokenKind::DoubleBar))
            break;
        start = std::move(end);
    }
    --nesting_;
    defining_.pop_back();

    if (binding->overloads.empty())
        return binding->fallback ? binding->fallback : primitive(name);

    int nesting = binding->fallback ? binding->fallback->nesting : 0;
    for (const auto& body : binding->overloads)
        for (const ElementSlot& slot : body->slots)
            if (slot.cls)
                nesting = std::max(nesting, slot.cls->nesting);
    binding->nesting = nesting + 1;
    if (binding->nesting > kMaxClassNesting) {
        diagnostics_.error(open.landmark(), "element class '" + binding->overloads.front()->printable_name() +
                                                "' nests compound classes more than " +
                                                std::to_string(kMaxClassNesting) + " deep");
        return primitive(name);
    }
    return binding;
}

void Parser::parse_formals(CompoundBody& body) {
    bool order_reported = false;
    while (true) {
        Token first = lexer_.next();
        if (first.is(TokenKind::Identifier)) {
            Token second = lexer_.next();
            if (!second.is(TokenKind::Variable)) {
                // Not "KEYWORD $var": the body starts here.
                if (!body.formals.empty())
                    diagnostics_.error(first.landmark(), "expected variable");
                lexer_.unlex(std::move(second));
                lexer_.unlex(std::move(first));
                return;
            }
            add_formal(body, first.text, second, order_reported);
        } else if (first.is(TokenKind::Variable)) {
            add_formal(body, "", first, order_reported);
        } else if (first.is(TokenKind::Bar)) {
            return;
        } else {
            if (!body.formals.empty())
                diagnostics_.error(first.landmark(), "expected variable");
            lexer_.unlex(std::move(first));
            return;
        }

        Token separator = lexer_.next();
        if (separator.is(TokenKind::Bar))
            return;
        if (!separator.is(TokenKind::Comma)) {
            diagnostics_.error(separator.landmark(), "expected ',' or '|'");
            lexer_.unlex(std::move(separator));
            return;
        }
    }
}

void Parser::add_formal(CompoundBody& body, std::string keyword, const Token& variable, bool& order_reported) {
    const std::string landmark = variable.landmark();
    if (variable.text.empty()) {
        diagnostics_.error(landmark, "expected variable");
        return;
    }
    for (const Formal& f : body.formals)
        if (f.variable == variable.text) {
            diagnostics_.error(landmark, "parameter '$" + variable.text + "' multiply defined");
            return;
        }
    if (!keyword.empty())
        for (const Formal& f : body.formals)
            if (f.keyword == keyword) {
                diagnostics_.error(landmark, "repeated keyword parameter '" + keyword + "' in compound element");
                break;
            }
    if (!order_reported && !body.formals.empty()) {
        const Formal& previous = body.formals.back();
        if ((keyword.empty() && !previous.keyword.empty()) || previous.keyword == "__REST__") {
            diagnostics_.error(landmark, "compound element parameters out of order\n"
                                         "(The correct order is '[positional], [keywords], [__REST__]'.)");
            order_reported = true;
        }
    }
    body.formals.push_back({std::move(keyword), variable.text});
}

}  // namespace snf::click::lang
