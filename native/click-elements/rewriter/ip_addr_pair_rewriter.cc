// IPAddrPairRewriter: mappings keyed by address pairs.
#include "rewriter/ip_addr_pair_rewriter.hh"

#include "rewriter/packet_headers.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

void IPAddrPairRewriter::read_timeout_keywords(Args& args, Timeouts& t) {
    args.read("TIMEOUT", SecondsArg(), t.best_effort).read("GUARANTEE", SecondsArg(), t.guarantee);
}

void IPAddrPairRewriter::adjust_rewritten(rewriter::FlowKey& rewritten) const {
    rewritten = rewriter::FlowKey(rewritten.saddr, 0, rewritten.daddr, 0, 0);
}

IPRewriterBase::Classified IPAddrPairRewriter::classify(const Packet* p, PacketFlow& flow) const {
    rewriter::IPv4View v;
    if (!rewriter::read_ipv4(p, v))
        return Classified::malformed;
    flow.key = rewriter::FlowKey(v.saddr(), 0, v.daddr(), 0, 0);
    return Classified::flow;
}

void IPAddrPairRewriter::add_handlers() {
    add_read_handler("table", [this] { return table_text(0); });
    IPRewriterBase::add_handlers();
}

SNF_EXPORT_ELEMENT(IPAddrPairRewriter)

}  // namespace snf::click
