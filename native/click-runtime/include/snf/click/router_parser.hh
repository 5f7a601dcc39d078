// Entry point of the configuration frontend: Click language text in, flat router out.
// parse_router lexes and parses the text, expands compound elements (naming their
// components "compound/component" and anonymous elements "Class@N" exactly as Click
// does), substitutes $parameters from define() statements, compound arguments and the
// command line, resolves compound input/output ports, and reports every problem with
// its file:line in `diagnostics`.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "snf/click/diagnostics.hh"
#include "snf/click/element_class_catalog.hh"
#include "snf/click/flat_router.hh"

namespace snf::click {

// Parameters given on the command line ("NAME=value"), keyed by name without '$'.
// They override the configuration's top-level define() statements.
using Definitions = std::map<std::string, std::string, std::less<>>;

// Parses "NAME=value" (or "$NAME=value") into `defs`; false when it has no '=' or the
// name is not a valid parameter name.
bool add_definition(Definitions& defs, std::string_view assignment);

struct ParseOptions {
    // Classes the element layer can build; nullptr means the naming convention.
    const ElementClassCatalog* catalog = nullptr;
    // Bounds that keep hostile configurations (exponential compound nesting, huge
    // fan-outs) from exhausting memory; exceeding one is an error.
    std::size_t max_elements = 100000;
    std::size_t max_connections = 1000000;
};

// Parses `text` (named `filename` in landmarks; "config" when empty) into `out`.
// Returns true when no error was reported. `out` is filled as far as possible even
// when there are errors, so tools can still show what was understood.
bool parse_router(std::string_view text, std::string_view filename, const Definitions& defs, FlatRouter& out,
                  Diagnostics& diagnostics, const ParseOptions& options = {});

}  // namespace snf::click
