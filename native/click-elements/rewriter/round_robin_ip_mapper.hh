// RoundRobinIPMapper: an IPMapper that hands new flows to its patterns in turn.
//
//   RoundRobinIPMapper(PATTERN1, ..., PATTERNn)
//
// Each PATTERN is `SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT` or `NAME FOUTPUT ROUTPUT`
// (an IPRewriterPatterns name). A rewriter input spec naming this element maps its
// first new flow with PATTERN1, the next with PATTERN2, and so on, wrapping around
// (a load balancer over several destinations). No ports; no handlers of its own.
#pragma once

#include <memory>
#include <vector>

#include "rewriter/ip_mapper.hh"
#include "rewriter/rewriter_pattern.hh"
#include "snf/click/element.hh"

namespace snf::click {

class RoundRobinIPMapper : public Element, public rewriter::IPMapper {
public:
    const char* class_name() const override { return "RoundRobinIPMapper"; }
    // After IPRewriterPatterns, before the rewriters that ask it.
    int configure_phase() const override { return configure_phase_info + 1; }
    void* cast(const char* name) override;
    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;

    bool check_rewriter(int noutputs, std::string& error) override;
    bool choose(const rewriter::FlowKey& flow, Choice& choice) override;

private:
    struct Entry {
        std::shared_ptr<rewriter::RewriterPattern> owned;
        rewriter::RewriterPattern* pattern = nullptr;
        int foutput = 0;
        int routput = 0;
    };
    std::vector<Entry> entries_;
    std::size_t next_ = 0;
};

}  // namespace snf::click
