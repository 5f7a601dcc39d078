// Click's Classifier pattern syntax, lowered to word tests in the flat offset space.
//
// A pattern is a space-separated list of clauses, all of which must hold:
// "OFFSET/VALUE" or "OFFSET/VALUE%MASK", with OFFSET in decimal bytes from the packet data
// and VALUE and MASK in hex, two digits per byte, '?' for a nibble that matches anything;
// "!" before a clause negates it. The pattern "-" (or an empty one) matches every packet.
// A clause on bytes past the end of a packet is false (so a negated one is true).
#pragma once

#include <string_view>
#include <vector>

#include "classification/decision_program.hh"
#include "snf/click/error_handler.hh"

namespace snf::click::classification {

// Parses pattern `slot`; errors read "pattern SLOT: ..." as Click's do. Returns false after
// an error.
bool parse_classifier_pattern(std::string_view pattern, int slot, ErrorHandler* errh, Expr& result);

// One rule per pattern: pattern i sends to output i.
bool parse_classifier_patterns(const std::vector<std::string>& patterns, ErrorHandler* errh,
                               std::vector<Rule>& result);

}  // namespace snf::click::classification
