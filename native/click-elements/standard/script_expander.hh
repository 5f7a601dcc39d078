// ScriptExpander: the text substitutions of Click's script language, shared by script
// elements. In a text argument, outside single quotes:
//   $VAR, ${VAR}       a script variable ($0..$9 and $args are the arguments of a run)
//   $(HANDLER [ARGS])  the value of a read handler, trailing newline removed
//   $(FUNCTION ARGS)   a function of the (already expanded) words ARGS:
//       add sub mul div idiv mod neg abs min max        arithmetic
//       eq ne lt gt le ge                                comparison (numeric when both
//                                                        sides are numbers, else text)
//       not and or if in                                 logic ("true"/"false")
//       length cat                                       text
// Errors (unknown handler, non-number, division by zero) are reported and expand to
// the empty string, so a bad script never stops the router by accident.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "snf/click/error_handler.hh"

namespace snf::click {

class Element;

class ScriptExpander {
public:
    using Variables = std::map<std::string, std::string, std::less<>>;

    // Expansions read handlers through context's router; variables are looked up in vars.
    ScriptExpander(Element* context, const Variables& vars) : context_(context), vars_(vars) {}

    // Substitutes variables, handler values and function results in `text`.
    std::string expand(std::string_view text, ErrorHandler* errh) const;

    // Evaluates one function call; false when `name` is not a function.
    static bool call_function(std::string_view name, const std::vector<std::string>& args,
                              std::string& result, ErrorHandler* errh);
    // "true"/"false"/"yes"/"no"/"1"/"0" as a boolean; false when the text is none of these.
    static bool parse_bool(std::string_view text, bool& value);

private:
    std::string expand_call(std::string_view inner, ErrorHandler* errh) const;

    Element* context_;
    const Variables& vars_;
    // Handler values can contain "$(...)"; they are not expanded again, but a handler
    // that reads its own script could recurse, so nesting is bounded.
    mutable int depth_ = 0;
};

}  // namespace snf::click
