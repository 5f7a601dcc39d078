// TCPRewriter: TCP flows only; sequence deltas live in the mappings (RewriterFlow).
#include "rewriter/tcp_rewriter.hh"

#include <algorithm>

#include "rewriter/packet_headers.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

void TCPRewriter::read_timeout_keywords(Args& args, Timeouts& t) {
    args.read("TIMEOUT", SecondsArg(), t.tcp_data)
        .read("TCP_TIMEOUT", SecondsArg(), t.tcp_data)
        .read("TCP_DONE_TIMEOUT", SecondsArg(), t.tcp_done)
        .read("TCP_NODATA_TIMEOUT", SecondsArg(), t.tcp_nodata)
        .read("GUARANTEE", SecondsArg(), t.tcp_guarantee)
        .read("TCP_GUARANTEE", SecondsArg(), t.tcp_guarantee);
}

double TCPRewriter::longest_timeout() const {
    return std::max({timeouts_.tcp_data, timeouts_.tcp_nodata, timeouts_.tcp_done});
}

IPRewriterBase::Classified TCPRewriter::classify(const Packet* p, PacketFlow& flow) const {
    rewriter::IPv4View v;
    if (!rewriter::read_ipv4(p, v))
        return Classified::malformed;
    return rewriter::read_port_flow(v, true, false, flow.key) ? Classified::flow : Classified::unhandled;
}

void TCPRewriter::add_handlers() {
    add_read_handler("table", [this] { return table_text(0); });
    IPRewriterBase::add_handlers();
}

SNF_EXPORT_ELEMENT(TCPRewriter)

}  // namespace snf::click
