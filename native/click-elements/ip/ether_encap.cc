// EtherEncap: 14 bytes pushed into the headroom (the packet moves only when there is
// none left or the bytes are shared).
#include "ether_encap.hh"

#include <cstring>

#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/parsed_handler.hh"
#include "standard/internet_checksum.hh"

namespace snf::click {

int EtherEncap::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    return Args(conf, this, errh)
        .read_mp("ETHERTYPE", ethertype_)
        .read_mp("SRC", EtherAddressArg(), src_)
        .read_mp("DST", EtherAddressArg(), dst_)
        .complete();
}

Packet* EtherEncap::simple_action(Packet* p) {
    WritablePacket* q = p->push(14);
    if (!q)
        return nullptr;
    unsigned char* header = q->data();
    std::memcpy(header, dst_.bytes.data(), 6);
    std::memcpy(header + 6, src_.bytes.data(), 6);
    store_be16(header + 12, ethertype_);
    q->set_mac_header(header);
    return q;
}

void EtherEncap::add_handlers() {
    add_read_handler("src", [this] { return src_.unparse(); });
    add_read_handler("dst", [this] { return dst_.unparse(); });
    add_read_handler("ethertype", [this] { return std::to_string(ethertype_); });
    add_parsed_write_handler<EtherAddress>(this, "src", EtherAddressArg(),
                                           [this](const EtherAddress& a, ErrorHandler*) {
                                               src_ = a;
                                               return 0;
                                           });
    add_parsed_write_handler<EtherAddress>(this, "dst", EtherAddressArg(),
                                           [this](const EtherAddress& a, ErrorHandler*) {
                                               dst_ = a;
                                               return 0;
                                           });
    add_parsed_write_handler<uint16_t>(this, "ethertype", IntArg(), [this](uint16_t type, ErrorHandler*) {
        ethertype_ = type;
        return 0;
    });
}

SNF_EXPORT_ELEMENT(EtherEncap)

}  // namespace snf::click
