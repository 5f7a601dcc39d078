// MarkIPHeader: one annotation write per packet.
#include "mark_ip_header.hh"

#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

int MarkIPHeader::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    return Args(conf, this, errh).read_p("OFFSET", offset_).complete();
}

Packet* MarkIPHeader::simple_action(Packet* p) {
    if (offset_ < p->length()) {
        const unsigned char* ip = p->data() + offset_;
        p->set_network_header(ip, uint32_t(ip[0] & 0x0f) * 4);
    }
    return p;
}

SNF_EXPORT_ELEMENT(MarkIPHeader)

}  // namespace snf::click
