// Boolean trees over word tests: constructors that fold constants as they go.
#include "classification/classification_expr.hh"

#include <cstdio>

namespace snf::click::classification {

Expr Expr::constant(bool value) {
    Expr e;
    e.kind = Kind::constant;
    e.constant_value = value;
    return e;
}

Expr Expr::word(uint32_t offset, uint32_t value, uint32_t mask) {
    if (mask == 0)
        return constant(true);
    Expr e;
    e.kind = Kind::test;
    e.test.offset = offset;
    e.test.value = value & mask;
    e.test.mask = mask;
    return e;
}

Expr Expr::negate(Expr e) {
    if (e.kind == Kind::constant)
        return constant(!e.constant_value);
    if (e.kind == Kind::negation)
        return std::move(e.children[0]);
    Expr n;
    n.kind = Kind::negation;
    n.children.push_back(std::move(e));
    return n;
}

namespace {
// Folds an and/or list: `absorbing` is the constant that decides the whole list.
Expr combine(Expr::Kind kind, std::vector<Expr> parts, bool absorbing) {
    Expr out;
    out.kind = kind;
    for (Expr& part : parts) {
        if (part.kind == Expr::Kind::constant) {
            if (part.constant_value == absorbing)
                return Expr::constant(absorbing);
            continue;
        }
        if (part.kind == kind) {
            for (Expr& child : part.children)
                out.children.push_back(std::move(child));
        } else {
            out.children.push_back(std::move(part));
        }
    }
    if (out.children.empty())
        return Expr::constant(!absorbing);
    if (out.children.size() == 1)
        return std::move(out.children[0]);
    return out;
}
}  // namespace

Expr Expr::all_of(std::vector<Expr> parts) {
    return combine(Kind::conjunction, std::move(parts), false);
}

Expr Expr::any_of(std::vector<Expr> parts) {
    return combine(Kind::disjunction, std::move(parts), true);
}

Expr Expr::ternary(Expr condition, Expr if_true, Expr if_false) {
    if (condition.kind == Kind::constant)
        return condition.constant_value ? std::move(if_true) : std::move(if_false);
    Expr e;
    e.kind = Kind::ternary;
    e.children.push_back(std::move(condition));
    e.children.push_back(std::move(if_true));
    e.children.push_back(std::move(if_false));
    return e;
}

std::string Expr::unparse() const {
    switch (kind) {
    case Kind::constant:
        return constant_value ? "true" : "false";
    case Kind::test: {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%u/%08x%%%08x%s", unsigned(test.offset), unsigned(test.value),
                      unsigned(test.mask), test.short_result ? "(short:yes)" : "");
        return buf;
    }
    case Kind::negation:
        return "!" + children[0].unparse();
    case Kind::ternary:
        return "(" + children[0].unparse() + " ? " + children[1].unparse() + " : " + children[2].unparse() + ")";
    case Kind::conjunction:
    case Kind::disjunction: {
        std::string s = "(";
        for (std::size_t i = 0; i < children.size(); ++i) {
            if (i)
                s += kind == Kind::conjunction ? " && " : " || ";
            s += children[i].unparse();
        }
        return s + ")";
    }
    }
    return std::string();
}

Expr flip_short(Expr e) {
    if (e.kind == Expr::Kind::test)
        e.test.short_result = !e.test.short_result;
    for (Expr& child : e.children)
        child = flip_short(std::move(child));
    return e;
}

Expr negate_keep_short(Expr e) {
    return Expr::negate(flip_short(std::move(e)));
}

}  // namespace snf::click::classification
