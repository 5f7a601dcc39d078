// IPEncap: builds the 20-byte header in the headroom and checksums it (20 bytes cost
// less than keeping a precomputed partial sum in step with the handlers).
#include "ip_encap.hh"

#include "ipv4_header.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

int IPEncap::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    uint8_t protocol = 0, ttl = 250;
    IPAddress src;
    EncapDestination dst;
    int tos = -1, dscp = -1;
    bool ce = false, df = false;
    std::string ect_text;
    if (Args(conf, this, errh)
            .read_mp("PROTO", IPProtocolArg(), protocol)
            .read_mp("SRC", IPAddressArg(), src)
            .read_mp("DST", EncapDestinationArg(), dst)
            .read("TOS", BoundedIntArg{0, 255}, tos)
            .read("TTL", ttl)
            .read("DSCP", BoundedIntArg{0, 63}, dscp)
            .read("ECT", WordArg(), ect_text)
            .read("CE", ce)
            .read("DF", df)
            .complete() < 0)
        return -EINVAL;

    int ect = 0;
    if (!ect_text.empty()) {
        if (auto b = BoolArg::parse(ect_text))
            ect = *b ? 1 : 0;
        else if (ect_text == "2")
            ect = 2;
        else
            return errh->error("bad ECT value '" + ect_text + "'");
    }
    if (tos >= 0 && dscp >= 0)
        return errh->error("cannot set both TOS and DSCP");
    if (tos >= 0 && (ect || ce))
        return errh->error("cannot set both TOS and ECN bits");
    if (ect && ce)
        return errh->error("can set at most one ECN option");

    uint8_t tos_byte = 0;
    if (tos >= 0)
        tos_byte = uint8_t(tos);
    else if (dscp >= 0)
        tos_byte = uint8_t(dscp << 2);
    // ECN field as Click numbers it: ECT true is 10, ECT 2 is 01, CE is 11.
    if (ect)
        tos_byte |= ect == 1 ? 0x02 : 0x01;
    if (ce)
        tos_byte |= 0x03;

    protocol_ = protocol;
    src_ = src;
    dst_ = dst;
    tos_ = tos_byte;
    ttl_ = ttl;
    dont_fragment_ = df;
    return 0;
}

Packet* IPEncap::simple_action(Packet* p) {
    if (p->length() > 65535 - 20) {
        p->kill();
        return nullptr;
    }
    WritablePacket* q = p->push(20);
    if (!q)
        return nullptr;
    unsigned char* ip = q->data();
    uint32_t dst = dst_.from_annotation ? q->dst_ip_anno() : dst_.address.addr;
    write_ipv4_header(ip, tos_, uint16_t(q->length()), next_id_++, dont_fragment_ ? 0x4000 : 0, ttl_, protocol_,
                      src_.addr, dst);
    if (!dst_.from_annotation)
        q->set_dst_ip_anno(dst);
    q->set_network_header(ip, 20);
    return q;
}

void IPEncap::add_handlers() {
    add_read_handler("src", [this] { return src_.unparse(); }, Handler::calm);
    add_read_handler("dst", [this] { return dst_.unparse(); }, Handler::calm);
    add_parsed_write_handler<IPAddress>(this, "src", IPAddressArg(), [this](IPAddress a, ErrorHandler*) {
        src_ = a;
        return 0;
    });
    add_parsed_write_handler<EncapDestination>(this, "dst", EncapDestinationArg(),
                                               [this](const EncapDestination& d, ErrorHandler*) {
                                                   dst_ = d;
                                                   return 0;
                                               });
}

SNF_EXPORT_ELEMENT(IPEncap)

}  // namespace snf::click
