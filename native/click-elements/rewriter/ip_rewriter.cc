// IPRewriter: TCP and UDP flows, each protocol with its own timeouts.
#include "rewriter/ip_rewriter.hh"

#include <algorithm>

#include "rewriter/packet_headers.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

void IPRewriter::read_timeout_keywords(Args& args, Timeouts& t) {
    args.read("TIMEOUT", SecondsArg(), t.tcp_data)
        .read("TCP_TIMEOUT", SecondsArg(), t.tcp_data)
        .read("TCP_DONE_TIMEOUT", SecondsArg(), t.tcp_done)
        .read("TCP_NODATA_TIMEOUT", SecondsArg(), t.tcp_nodata)
        .read("TCP_GUARANTEE", SecondsArg(), t.tcp_guarantee)
        .read("UDP_TIMEOUT", SecondsArg(), t.udp)
        .read("UDP_STREAMING_TIMEOUT", SecondsArg(), t.udp_streaming)
        .read("UDP_GUARANTEE", SecondsArg(), t.udp_guarantee)
        .read("GUARANTEE", SecondsArg(), t.guarantee);
}

double IPRewriter::longest_timeout() const {
    return std::max({timeouts_.tcp_data, timeouts_.tcp_nodata, timeouts_.tcp_done, timeouts_.udp,
                     timeouts_.udp_streaming});
}

IPRewriterBase::Classified IPRewriter::classify(const Packet* p, PacketFlow& flow) const {
    rewriter::IPv4View v;
    if (!rewriter::read_ipv4(p, v))
        return Classified::malformed;
    return rewriter::read_port_flow(v, true, true, flow.key) ? Classified::flow : Classified::unhandled;
}

void IPRewriter::add_handlers() {
    add_read_handler("tcp_table", [this] { return table_text(rewriter::ip_proto_tcp); });
    add_read_handler("udp_table", [this] { return table_text(rewriter::ip_proto_udp); });
    add_read_handler("table", [this] { return table_text(0); });
    IPRewriterBase::add_handlers();
}

SNF_EXPORT_ELEMENT(IPRewriter)

}  // namespace snf::click
