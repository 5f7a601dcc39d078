// CheckTCPHeader: lengths first (so the checksum never reads past the packet), then the
// checksum over the pseudo-header and the whole segment.
#include "check_tcp_header.hh"

#include "network_header.hh"
#include "snf/click/element_registry.hh"
#include "standard/internet_checksum.hh"

namespace snf::click {

CheckTCPHeader::CheckTCPHeader()
    : drops_("TCP header check failed", true, {"not TCP", "bad packet length", "bad TCP checksum"}) {}

int CheckTCPHeader::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    return drops_.configure(conf, this, errh);
}

Packet* CheckTCPHeader::simple_action(Packet* p) {
    uint32_t available = 0;
    const unsigned char* ip = annotated_network_header(p, available);
    if (!ip || available < 10 || ip[9] != 6) {
        drops_.drop(this, not_tcp, p);
        return nullptr;
    }
    uint32_t header_length = uint32_t(ip[0] & 0x0f) * 4;
    uint32_t ip_length = available >= 20 ? load_be16(ip + 2) : 0;
    if (available < 20 || header_length < 20 || ip_length < header_length + 20 || ip_length > available) {
        drops_.drop(this, bad_length, p);
        return nullptr;
    }
    const unsigned char* tcp = ip + header_length;
    uint32_t segment_length = ip_length - header_length;
    uint32_t tcp_header_length = uint32_t(tcp[12] >> 4) * 4;
    if (tcp_header_length < 20 || tcp_header_length > segment_length) {
        drops_.drop(this, bad_length, p);
        return nullptr;
    }
    if (checksum_finish(checksum_add(tcp, segment_length, pseudo_header_sum(ip, 6, segment_length))) != 0) {
        drops_.drop(this, bad_checksum, p);
        return nullptr;
    }
    return p;
}

void CheckTCPHeader::add_handlers() { drops_.add_handlers(this); }

SNF_EXPORT_ELEMENT(CheckTCPHeader)

}  // namespace snf::click
