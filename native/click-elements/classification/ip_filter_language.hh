// The tcpdump-like expression language of Click's IPClassifier and IPFilter, lowered to
// word tests in the ip offset space (see classification_expr.hh).
//
// Primitives: [src|dst|src or dst|src and dst] host ADDR, net NET (ADDR/LEN or ADDR mask
// MASK), [tcp|udp] port PORT, ip proto PROTO, tcp opt FLAG, icmp type TYPE, ip frag,
// ip unfrag, ip vers/hl/tos/dscp/ttl/id, len, ip ect, ip ce, tcp win, ip[POS:LEN],
// transp[POS:LEN] (also tcp[..], udp[..], icmp[..]), [src|dst] ether host ETH, true,
// false. Values may be names (ssh, www, echo, syn, ...), numbers, addresses or
// AddressInfo names; most primitives take "& MASK" and the relations == != < > <= >=.
// Connectives: and/&&, or/||, not/!, parentheses, "C ? A : B", and juxtaposition (and).
// Qualifiers carry over to bare values: "src host 1.2.3.4 or 5.6.7.8", "port 80 or 443".
//
// A relation on bytes a packet lacks is false ("tcp port != 80" is false for a
// truncated TCP header); "not" is plain boolean negation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "classification/decision_program.hh"
#include "snf/click/error_handler.hh"

namespace snf::click {
class Element;
}

namespace snf::click::classification {

// Splits an expression into Click's words ("(", "&&", "ip", "[", "0:2", "]", ...).
std::vector<std::string> split_expression_words(std::string_view text);

// Parses one expression. Errors are reported to errh in Click's wording; returns false
// if there was any. `context` resolves AddressInfo names (may be null).
bool parse_ip_expression(std::string_view text, const Element* context, ErrorHandler* errh, Expr& result);

// Parses IPFilter rules, "ACTION EXPRESSION" each, where ACTION is allow (output 0),
// drop, deny (drop) or an output number; an action alone, or followed by "-", "any" or
// "all", matches everything. Errors carry "pattern N: ". Returns false after an error.
bool parse_ip_filter_rules(const std::vector<std::string>& rules, int noutputs, const Element* context,
                           ErrorHandler* errh, std::vector<Rule>& result);

}  // namespace snf::click::classification
