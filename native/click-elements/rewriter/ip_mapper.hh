// IPMapper: the interface of elements that decide, for a rewriter, how a new flow is
// mapped (Click's IPMapper; RoundRobinIPMapper is one). An input spec naming such an
// element asks it, per new flow, for the pattern and output ports to use; the rewriter
// then chooses the rewritten flow from that pattern as for a `pattern` spec.
#pragma once

#include <string>

#include "rewriter/flow_key.hh"

namespace snf::click::rewriter {

class RewriterPattern;

class IPMapper {
public:
    struct Choice {
        RewriterPattern* pattern = nullptr;
        int foutput = 0;
        int routput = 0;
    };

    virtual ~IPMapper() = default;
    // Called once per rewriter input that uses this mapper, from the rewriter's
    // configure(); `noutputs` is the rewriter's output count. Returns false and sets
    // `error` when the mapper cannot serve it (an output port out of range).
    virtual bool check_rewriter(int noutputs, std::string& error) = 0;
    // The pattern and outputs for a new flow; false to drop the flow.
    virtual bool choose(const FlowKey& flow, Choice& choice) = 0;
};

}  // namespace snf::click::rewriter
