// UDPIPEncap: 28 bytes pushed into the headroom, then both checksums.
#include "udp_ip_encap.hh"

#include "ipv4_header.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/parsed_handler.hh"
#include "standard/internet_checksum.hh"

namespace snf::click {

int UDPIPEncap::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    IPAddress src;
    EncapDestination dst;
    uint16_t sport = 0, dport = 0;
    bool checksum = true;
    if (Args(conf, this, errh)
            .read_mp("SRC", IPAddressArg(), src)
            .read_mp("SPORT", sport)
            .read_mp("DST", EncapDestinationArg(), dst)
            .read_mp("DPORT", dport)
            .read_p("CHECKSUM", checksum)
            .complete() < 0)
        return -EINVAL;
    src_ = src;
    sport_ = sport;
    dst_ = dst;
    dport_ = dport;
    checksum_ = checksum;
    return 0;
}

Packet* UDPIPEncap::simple_action(Packet* p) {
    if (p->length() > 65535 - 28) {
        p->kill();
        return nullptr;
    }
    WritablePacket* q = p->push(28);
    if (!q)
        return nullptr;
    unsigned char* ip = q->data();
    unsigned char* udp = ip + 20;
    uint32_t dst = dst_.from_annotation ? q->dst_ip_anno() : dst_.address.addr;
    write_ipv4_header(ip, 0, uint16_t(q->length()), next_id_++, 0, 250, 17, src_.addr, dst);

    uint16_t udp_length = uint16_t(q->length() - 20);
    store_be16(udp, sport_);
    store_be16(udp + 2, dport_);
    store_be16(udp + 4, udp_length);
    store_be16(udp + 6, 0);
    if (checksum_) {
        uint16_t sum = checksum_finish(checksum_add(udp, udp_length, pseudo_header_sum(ip, 17, udp_length)));
        store_be16(udp + 6, sum == 0 ? 0xffff : sum);  // zero would mean "no checksum"
    }
    if (!dst_.from_annotation)
        q->set_dst_ip_anno(dst);
    q->set_network_header(ip, 20);
    return q;
}

void UDPIPEncap::add_handlers() {
    add_read_handler("src", [this] { return src_.unparse(); }, Handler::calm);
    add_read_handler("sport", [this] { return std::to_string(sport_); }, Handler::calm);
    add_read_handler("dst", [this] { return dst_.unparse(); }, Handler::calm);
    add_read_handler("dport", [this] { return std::to_string(dport_); }, Handler::calm);
    add_read_handler("checksum", [this] { return std::string(checksum_ ? "true" : "false"); }, Handler::checkbox);
    add_parsed_write_handler<IPAddress>(this, "src", IPAddressArg(), [this](IPAddress a, ErrorHandler*) {
        src_ = a;
        return 0;
    });
    add_parsed_write_handler<uint16_t>(this, "sport", IntArg(), [this](uint16_t port, ErrorHandler*) {
        sport_ = port;
        return 0;
    });
    add_parsed_write_handler<EncapDestination>(this, "dst", EncapDestinationArg(),
                                               [this](const EncapDestination& d, ErrorHandler*) {
                                                   dst_ = d;
                                                   return 0;
                                               });
    add_parsed_write_handler<uint16_t>(this, "dport", IntArg(), [this](uint16_t port, ErrorHandler*) {
        dport_ = port;
        return 0;
    });
    add_parsed_write_handler<bool>(this, "checksum", BoolArg(), [this](bool on, ErrorHandler*) {
        checksum_ = on;
        return 0;
    }, Handler::checkbox);
}

SNF_EXPORT_ELEMENT(UDPIPEncap)

}  // namespace snf::click
