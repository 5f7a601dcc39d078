// CheckUDPHeader: the UDP length bounds the checksummed bytes, and must fit the packet.
#include "check_udp_header.hh"

#include "network_header.hh"
#include "snf/click/element_registry.hh"
#include "standard/internet_checksum.hh"

namespace snf::click {

CheckUDPHeader::CheckUDPHeader()
    : drops_("UDP header check failed", false, {"not UDP", "bad packet length", "bad UDP checksum"}) {}

int CheckUDPHeader::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    return drops_.configure(conf, this, errh);
}

Packet* CheckUDPHeader::simple_action(Packet* p) {
    uint32_t available = 0;
    const unsigned char* ip = annotated_network_header(p, available);
    if (!ip || available < 10 || ip[9] != 17) {
        drops_.drop(this, not_udp, p);
        return nullptr;
    }
    uint32_t header_length = uint32_t(ip[0] & 0x0f) * 4;
    if (available < 20 || header_length < 20 || header_length + 8 > available) {
        drops_.drop(this, bad_length, p);
        return nullptr;
    }
    const unsigned char* udp = ip + header_length;
    uint32_t udp_length = load_be16(udp + 4);
    if (udp_length < 8 || header_length + udp_length > available) {
        drops_.drop(this, bad_length, p);
        return nullptr;
    }
    if (load_be16(udp + 6) != 0 &&
        checksum_finish(checksum_add(udp, udp_length, pseudo_header_sum(ip, 17, udp_length))) != 0) {
        drops_.drop(this, bad_checksum, p);
        return nullptr;
    }
    return p;
}

void CheckUDPHeader::add_handlers() { drops_.add_handlers(this); }

SNF_EXPORT_ELEMENT(CheckUDPHeader)

}  // namespace snf::click
