// IPAddrRewriter: source-address mappings; replies are found by destination address.
#include "rewriter/ip_addr_rewriter.hh"

#include "rewriter/packet_headers.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

void IPAddrRewriter::read_timeout_keywords(Args& args, Timeouts& t) {
    args.read("TIMEOUT", SecondsArg(), t.best_effort).read("GUARANTEE", SecondsArg(), t.guarantee);
}

void IPAddrRewriter::adjust_rewritten(rewriter::FlowKey& rewritten) const {
    // Only the source address is part of the mapping.
    rewritten = rewriter::FlowKey(rewritten.saddr, 0, 0, 0, 0);
}

IPRewriterBase::Classified IPAddrRewriter::classify(const Packet* p, PacketFlow& flow) const {
    rewriter::IPv4View v;
    if (!rewriter::read_ipv4(p, v))
        return Classified::malformed;
    flow.key = rewriter::FlowKey(v.saddr(), 0, 0, 0, 0);
    flow.alt = rewriter::FlowKey(0, 0, v.daddr(), 0, 0);
    flow.has_alt = true;
    return Classified::flow;
}

void IPAddrRewriter::add_handlers() {
    add_read_handler("table", [this] { return table_text(0); });
    IPRewriterBase::add_handlers();
}

SNF_EXPORT_ELEMENT(IPAddrRewriter)

}  // namespace snf::click
