// GetIPAddress: a bounds-checked four-byte copy into the annotation area.
#include "get_ip_address.hh"

#include <cstring>

#include "network_header.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

int GetIPAddress::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    int64_t offset = -1;
    uint32_t anno = kDstIpAnnoOffset;
    std::string ip_word;
    if (Args(conf, this, errh)
            .read_p("OFFSET", BoundedIntArg{0, 0xffffffff}, offset)
            .read_p("ANNO", BoundedIntArg{0, int64_t(Packet::anno_size) - 4}, anno)
            .read("IP", WordArg(), ip_word)
            .complete() < 0)
        return -EINVAL;
    if ((offset >= 0) == !ip_word.empty())
        return errh->error("set one of OFFSET, IP");
    Source source = Source::packet_offset;
    if (ip_word == "src")
        source = Source::ip_src;
    else if (ip_word == "dst")
        source = Source::ip_dst;
    else if (!ip_word.empty())
        return errh->error("bad IP");
    source_ = source;
    offset_ = offset >= 0 ? uint32_t(offset) : 0;
    anno_ = anno;
    return 0;
}

Packet* GetIPAddress::simple_action(Packet* p) {
    const unsigned char* address = nullptr;
    if (source_ == Source::packet_offset) {
        if (offset_ <= p->length() && p->length() - offset_ >= 4)
            address = p->data() + offset_;
    } else {
        uint32_t available = 0;
        const unsigned char* ip = annotated_network_header(p, available);
        if (ip && available >= 20)
            address = ip + (source_ == Source::ip_src ? 12 : 16);
    }
    if (address) {
        uint32_t value;
        std::memcpy(&value, address, 4);
        p->set_anno_u32(anno_, value);
    }
    return p;
}

SNF_EXPORT_ELEMENT(GetIPAddress)

}  // namespace snf::click
