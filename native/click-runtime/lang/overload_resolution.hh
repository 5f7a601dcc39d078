// Chooses which definition of a compound element class a use refers to. A class may
// have overloads separated by "||" and may extend an earlier class with "..."; click(5):
// "Click will choose the first definition that matches the provided number of input
// ports, number of output ports, and configuration arguments". Arguments match formals
// as in Click: positional formals take the first arguments, keyword formals ("COUNT
// $count") must all be given as "COUNT value", and "__REST__ $rest" collects the rest.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "snf/click/diagnostics.hh"
#include "syntax_tree.hh"

namespace snf::click::lang {

struct ArgumentMatch {
    bool matched = false;
    std::vector<std::string> values;  // one per formal, when matched
    std::string problem;              // why not, when not matched ("too many arguments")
};

ArgumentMatch match_arguments(const std::vector<Formal>& formals, const std::vector<std::string>& arguments);

// "Name[2 arguments, 1 input, 1 output]": what a use asked for.
std::string use_signature(const std::string& class_name, std::size_t arguments, int inputs, int outputs);
// "Name(<arg>, COUNT)[1 input, 1 output]": what a definition offers.
std::string definition_signature(const CompoundBody& body);

struct Resolution {
    std::shared_ptr<const CompoundBody> body;  // the chosen compound definition, or
    std::string primitive;                     // a primitive class reached through "..."
    std::vector<std::string> values;           // formal values for `body`
    bool found() const noexcept { return body != nullptr || !primitive.empty(); }
};

// Resolves a use of compound class `cls` with `arguments` and the ports its
// connections use. Reports "no match" (with the candidates) at `landmark`.
Resolution resolve_compound(const ClassBinding& cls, const std::vector<std::string>& arguments, int inputs,
                            int outputs, const std::string& landmark, Diagnostics& diagnostics);

}  // namespace snf::click::lang
