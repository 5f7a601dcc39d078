// ICMPPingRewriter: rewrites ICMP echo requests and replies (ping through a NAT).
//
//   ICMPPingRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
//
// Echo requests start mappings through the input spec; the pattern's SPORT chooses the
// new echo identifier (`pattern 1.0.0.1 1024-65535# - - 0 1`). Echo replies of a mapped
// request are rewritten back (addresses and identifier, IP and ICMP checksums updated
// incrementally); unmatched replies and other packets go to a `pass` port or are dropped.
//
// Keywords: TIMEOUT (5 min), GUARANTEE (5 s), and IPRewriterBase's.
// Handlers: table ("(SA, DA, ID) => (SA', DA', ID') [*0 1] i0 exp300" lines) and
// IPRewriterBase's.
#pragma once

#include "rewriter/ip_rewriter_base.hh"

namespace snf::click {

class ICMPPingRewriter : public IPRewriterBase {
public:
    const char* class_name() const override { return "ICMPPingRewriter"; }
    void add_handlers() override;
    Classified classify(const Packet* p, PacketFlow& flow) const override;
    double flow_timeout(const rewriter::RewriterFlow&) const override { return timeouts_.best_effort; }
    double flow_guarantee(const rewriter::RewriterFlow&) const override { return timeouts_.guarantee; }

protected:
    rewriter::RewriteKind rewrite_kind() const override { return rewriter::RewriteKind::icmp_echo; }
    void read_timeout_keywords(Args& args, Timeouts& timeouts) override;
    void adjust_rewritten(rewriter::FlowKey& rewritten) const override;
};

}  // namespace snf::click
