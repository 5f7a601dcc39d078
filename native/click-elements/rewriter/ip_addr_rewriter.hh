// IPAddrRewriter: Basic NAT, rewriting source addresses only.
//
//   IPAddrRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
//
// A mapping is keyed by the packet's source address alone: forward packets from SA
// leave with source SA'; packets to SA' (the reply direction, looked up by destination
// when no source mapping matches) leave with destination SA. Patterns are
// `pattern SADDR[-SADDR2 or /PREFIX] - FOUTPUT ROUTPUT` (a four-field pattern parses
// too; its ports are ignored). Every IPv4 packet, fragments included, is handled; the
// IP checksum and the TCP/UDP pseudo-header checksums follow incrementally.
//
// Keywords: TIMEOUT (5 min), GUARANTEE (5 s), and IPRewriterBase's.
// Handlers: table (mapping dump) and IPRewriterBase's.
#pragma once

#include "rewriter/ip_rewriter_base.hh"

namespace snf::click {

class IPAddrRewriter : public IPRewriterBase {
public:
    const char* class_name() const override { return "IPAddrRewriter"; }
    void add_handlers() override;
    Classified classify(const Packet* p, PacketFlow& flow) const override;
    double flow_timeout(const rewriter::RewriterFlow&) const override { return timeouts_.best_effort; }
    double flow_guarantee(const rewriter::RewriterFlow&) const override { return timeouts_.guarantee; }

protected:
    rewriter::RewriteKind rewrite_kind() const override { return rewriter::RewriteKind::source_only; }
    void read_timeout_keywords(Args& args, Timeouts& timeouts) override;
    void adjust_rewritten(rewriter::FlowKey& rewritten) const override;
};

}  // namespace snf::click
