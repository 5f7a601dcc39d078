// Removes pass-through nodes from an ExpandedGraph. Every connection leaving a real
// element is followed through compound ports and element groups to the real elements
// it reaches; cycles made only of pass-throughs are ignored, as in Click. Ports of a
// compound that are used on one side only are reported in Click's words:
// "'c' has no input 1" (used from outside, absent inside) and "'c' input 0 unused"
// (present inside, not connected from outside), and likewise for outputs.
#pragma once

#include <vector>

#include "expanded_graph.hh"
#include "snf/click/diagnostics.hh"
#include "snf/click/router_parser.hh"

namespace snf::click::lang {

class TunnelResolver {
public:
    TunnelResolver(const ExpandedGraph& graph, const ParseOptions& options, Diagnostics& diagnostics);

    // The connections between real elements, in no particular order, possibly repeated.
    std::vector<GraphConnection> resolve();

private:
    void report_unmatched_ports();

    const ExpandedGraph& graph_;
    const ParseOptions& options_;
    Diagnostics& diagnostics_;
};

}  // namespace snf::click::lang
