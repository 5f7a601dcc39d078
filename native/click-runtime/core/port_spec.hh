// The small languages elements use to describe their ports, as Click defines them:
//   port counts  "1/1", "0/1", "1-2/=", "-/-", "1/=+"  (inputs/outputs; '-' ranges;
//                "=" outputs equal to inputs, each '+' one more; no slash = both sides)
//   processing   "h/h", "a/ah", "l/h"  (per port push 'h', pull 'l', agnostic 'a'; the
//                last code repeats; no slash = same codes for both sides)
//   flow codes   "x/x", "x/y", "xy/x", "#/#", "[^#]/x"  (input i reaches output j when
//                their codes share a letter, or both contain '#' and i == j)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "snf/click/element.hh"

namespace snf::click::ports {

struct PortCount {
    int in_lo = 0, in_hi = 0;
    int out_lo = 0, out_hi = 0;
    int equal = 0;  // outputs = inputs + equal - 1 when nonzero
};

std::optional<PortCount> parse_port_count(std::string_view spec);

// The port numbers an element gets when `used_inputs`/`used_outputs` are connected:
// the used counts clamped into the allowed ranges.
void resolve_port_count(const PortCount& count, int used_inputs, int used_outputs, int& ninputs,
                        int& noutputs);

// Personalities of each input and output; false when the code has a bad character.
bool processing_vectors(std::string_view code, int ninputs, int noutputs,
                        std::vector<Element::Processing>& inputs, std::vector<Element::Processing>& outputs);

// Which ports on the other side packets arriving at (or leaving) `port` can travel to.
// An error message is stored in `error` for a malformed code (then nothing flows).
std::vector<bool> port_flow(std::string_view flow_code, bool is_output, int port, int nother, std::string* error);

}  // namespace snf::click::ports
