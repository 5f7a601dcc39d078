// UDPRewriter: IPRewriter with UDP timeouts for every flow.
//
//   UDPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
//
// Like IPRewriter (same INPUTSPECs and common keywords), but keeps no TCP connection
// state: TCP and UDP flows alike are mapped, in one table keyed by addresses and ports
// (not protocol), with the UDP timeouts.
//
// Keywords: UDP_TIMEOUT (TIMEOUT, 5 min), UDP_STREAMING_TIMEOUT (flows of 3+ packets
// seen both ways; default UDP_TIMEOUT), UDP_GUARANTEE (GUARANTEE, 5 s), and
// IPRewriterBase's.
//
// Handlers: table (mapping dump) and IPRewriterBase's.
#pragma once

#include "rewriter/ip_rewriter_base.hh"

namespace snf::click {

class UDPRewriter : public IPRewriterBase {
public:
    const char* class_name() const override { return "UDPRewriter"; }
    void add_handlers() override;
    Classified classify(const Packet* p, PacketFlow& flow) const override;
    double flow_timeout(const rewriter::RewriterFlow& flow) const override;
    double flow_guarantee(const rewriter::RewriterFlow& flow) const override { return timeouts_.udp_guarantee; }
    double longest_timeout() const override;

protected:
    rewriter::RewriteKind rewrite_kind() const override { return rewriter::RewriteKind::ports; }
    void read_timeout_keywords(Args& args, Timeouts& timeouts) override;
};

}  // namespace snf::click
