// IPAddrPairRewriter: Basic NAT keyed by (source, destination) address pairs.
//
//   IPAddrPairRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
//
// A mapping covers all packets between two addresses, whatever their protocol or
// ports: (SA, DA) => (SA', DA') forward and (DA', SA') => (DA, SA) for replies. Patterns
// are `pattern SADDR DADDR FOUTPUT ROUTPUT` (address ranges and prefixes allowed for
// SADDR; a four-field pattern parses too, its ports ignored). Fragments are handled;
// IP and TCP/UDP pseudo-header checksums follow incrementally.
//
// Keywords: TIMEOUT (5 min), GUARANTEE (5 s), and IPRewriterBase's.
// Handlers: table (mapping dump) and IPRewriterBase's.
#pragma once

#include "rewriter/ip_rewriter_base.hh"

namespace snf::click {

class IPAddrPairRewriter : public IPRewriterBase {
public:
    const char* class_name() const override { return "IPAddrPairRewriter"; }
    void add_handlers() override;
    Classified classify(const Packet* p, PacketFlow& flow) const override;
    double flow_timeout(const rewriter::RewriterFlow&) const override { return timeouts_.best_effort; }
    double flow_guarantee(const rewriter::RewriterFlow&) const override { return timeouts_.guarantee; }

protected:
    rewriter::RewriteKind rewrite_kind() const override { return rewriter::RewriteKind::addresses; }
    void read_timeout_keywords(Args& args, Timeouts& timeouts) override;
    void adjust_rewritten(rewriter::FlowKey& rewritten) const override;
};

}  // namespace snf::click
