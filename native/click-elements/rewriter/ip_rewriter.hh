// IPRewriter: Click's network address and port translator for TCP and UDP.
//
//   IPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
//
// One input per INPUTSPEC (`drop`, `pass OUTPUT`, `keep FOUTPUT ROUTPUT`,
// `pattern SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT`, `pattern NAME FOUTPUT ROUTPUT`, or
// an IPMapper element); push. Packets must have their IP header annotation set. A
// packet of a known flow is rewritten (addresses, ports, incremental IP/TCP/UDP
// checksums; a zero UDP checksum stays zero) and leaves on its mapping's output; a new
// flow is handled by the input spec of the port it arrived on. Non-TCP/UDP packets and
// later fragments go to a `pass` port or are dropped.
//
// Keywords: TCP_TIMEOUT (TIMEOUT, 24 h), TCP_DONE_TIMEOUT (4 min), TCP_NODATA_TIMEOUT
// (5 min), TCP_GUARANTEE (5 s), UDP_TIMEOUT (5 min), UDP_STREAMING_TIMEOUT,
// UDP_GUARANTEE (5 s), GUARANTEE, and IPRewriterBase's (MAPPING_CAPACITY,
// REAP_INTERVAL, DST_ANNO, MODE, STORE, TABLE, CACHE_SIZE, MAX_PARKED, PORT_SLICE,
// STATE_TTL).
//
// Handlers: tcp_table, udp_table, table (mapping dumps) and IPRewriterBase's.
#pragma once

#include "rewriter/ip_rewriter_base.hh"

namespace snf::click {

class IPRewriter : public IPRewriterBase {
public:
    const char* class_name() const override { return "IPRewriter"; }
    void add_handlers() override;
    Classified classify(const Packet* p, PacketFlow& flow) const override;
    double longest_timeout() const override;

protected:
    rewriter::RewriteKind rewrite_kind() const override { return rewriter::RewriteKind::ports; }
    void read_timeout_keywords(Args& args, Timeouts& timeouts) override;
};

}  // namespace snf::click
