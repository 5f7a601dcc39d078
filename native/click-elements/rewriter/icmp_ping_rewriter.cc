// ICMPPingRewriter: an echo with identifier I from S to D is keyed (S, I, D, I+1), its
// reply (D, I+1, S, I), so one mapping's forward and reply keys pair them up.
#include "rewriter/icmp_ping_rewriter.hh"

#include "rewriter/packet_headers.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

namespace {
constexpr uint8_t icmp_echo_reply = 0;
constexpr uint8_t icmp_echo = 8;

uint16_t plus_one(uint16_t network_order) {
    return rewriter::net16(uint16_t(rewriter::host16(network_order) + 1));
}
}  // namespace

void ICMPPingRewriter::read_timeout_keywords(Args& args, Timeouts& t) {
    args.read("TIMEOUT", SecondsArg(), t.best_effort).read("GUARANTEE", SecondsArg(), t.guarantee);
}

void ICMPPingRewriter::adjust_rewritten(rewriter::FlowKey& rewritten) const {
    rewritten.dport = plus_one(rewritten.sport);
}

IPRewriterBase::Classified ICMPPingRewriter::classify(const Packet* p, PacketFlow& flow) const {
    rewriter::IPv4View v;
    if (!rewriter::read_ipv4(p, v))
        return Classified::malformed;
    if (v.proto != rewriter::ip_proto_icmp || !v.first_fragment || v.transport_length < 8)
        return Classified::unhandled;
    uint8_t type = v.transport[0];
    if (type != icmp_echo && type != icmp_echo_reply)
        return Classified::unhandled;
    uint16_t id = rewriter::load_raw16(v.transport + 4);
    bool echo = type == icmp_echo;
    flow.key = rewriter::FlowKey(v.saddr(), echo ? id : plus_one(id), v.daddr(), echo ? plus_one(id) : id,
                                 rewriter::ip_proto_icmp);
    flow.may_create = echo;
    return Classified::flow;
}

void ICMPPingRewriter::add_handlers() {
    add_read_handler("table", [this] { return table_text(0); });
    IPRewriterBase::add_handlers();
}

SNF_EXPORT_ELEMENT(ICMPPingRewriter)

}  // namespace snf::click
