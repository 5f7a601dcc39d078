// TCPRewriter: IPRewriter for TCP only, with sequence-number translation.
//
//   TCPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
//
// Like IPRewriter (same INPUTSPECs and common keywords), for TCP packets; anything else
// goes to a `pass` port or is dropped. Mappings can carry sequence and acknowledgement
// number deltas that FTPPortMapper requests when it changes a payload's length; SACK
// blocks are translated too, and checksums follow incrementally.
//
// Keywords: TCP_TIMEOUT (TIMEOUT, 24 h), TCP_DONE_TIMEOUT (4 min), TCP_NODATA_TIMEOUT
// (5 min), TCP_GUARANTEE (GUARANTEE, 5 s), and IPRewriterBase's.
//
// Handlers: table (mapping dump with " seq +N" for translated directions) and
// IPRewriterBase's.
#pragma once

#include "rewriter/ip_rewriter_base.hh"

namespace snf::click {

class TCPRewriter : public IPRewriterBase {
public:
    const char* class_name() const override { return "TCPRewriter"; }
    void add_handlers() override;
    Classified classify(const Packet* p, PacketFlow& flow) const override;
    double longest_timeout() const override;

protected:
    rewriter::RewriteKind rewrite_kind() const override { return rewriter::RewriteKind::ports; }
    void read_timeout_keywords(Args& args, Timeouts& timeouts) override;
};

}  // namespace snf::click
