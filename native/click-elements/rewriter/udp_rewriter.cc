// UDPRewriter: TCP and UDP flows, all with UDP timeouts.
#include "rewriter/udp_rewriter.hh"

#include <algorithm>

#include "rewriter/packet_headers.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

void UDPRewriter::read_timeout_keywords(Args& args, Timeouts& t) {
    args.read("TIMEOUT", SecondsArg(), t.udp)
        .read("UDP_TIMEOUT", SecondsArg(), t.udp)
        .read("UDP_STREAMING_TIMEOUT", SecondsArg(), t.udp_streaming)
        .read("GUARANTEE", SecondsArg(), t.udp_guarantee)
        .read("UDP_GUARANTEE", SecondsArg(), t.udp_guarantee);
}

double UDPRewriter::flow_timeout(const rewriter::RewriterFlow& f) const {
    return f.udp_streaming() && timeouts_.udp_streaming >= 0 ? timeouts_.udp_streaming : timeouts_.udp;
}

double UDPRewriter::longest_timeout() const { return std::max(timeouts_.udp, timeouts_.udp_streaming); }

IPRewriterBase::Classified UDPRewriter::classify(const Packet* p, PacketFlow& flow) const {
    rewriter::IPv4View v;
    if (!rewriter::read_ipv4(p, v))
        return Classified::malformed;
    if (!rewriter::read_port_flow(v, true, true, flow.key))
        return Classified::unhandled;
    // One table for both protocols, as Click's UDPRewriter keeps.
    flow.key.proto = 0;
    return Classified::flow;
}

void UDPRewriter::add_handlers() {
    add_read_handler("table", [this] { return table_text(0); });
    IPRewriterBase::add_handlers();
}

SNF_EXPORT_ELEMENT(UDPRewriter)

}  // namespace snf::click
