// Prints a FlatRouter back as Click configuration text, the form click-flatten and the
// router's "flatten" handler show: a require() line if any, one "name :: Class(config);"
// line per element, a blank line, then one "a [0] -> [0] b;" line per connection.
// Parsing the output again yields the same flat router.
#pragma once

#include <string>

#include "snf/click/flat_router.hh"

namespace snf::click {

std::string unparse_router(const FlatRouter& router);

}  // namespace snf::click
