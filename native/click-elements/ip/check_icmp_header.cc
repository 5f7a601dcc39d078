// CheckICMPHeader: per-type minimum (or exact) message lengths, then the checksum.
#include "check_icmp_header.hh"

#include "network_header.hh"
#include "snf/click/element_registry.hh"
#include "standard/internet_checksum.hh"

namespace snf::click {

namespace {
// Whether a message of ICMP `type` with `length` bytes (header included) is long enough.
bool icmp_length_ok(uint8_t type, uint32_t length) {
    switch (type) {
    case 3:   // destination unreachable
    case 4:   // source quench
    case 5:   // redirect
    case 11:  // time exceeded
    case 12:  // parameter problem
        // The quoted IP header and the first 64 bits of its datagram.
        return length >= 8 + 28;
    case 13:  // timestamp
    case 14:  // timestamp reply
        return length == 20;
    case 15:  // information request
    case 16:  // information reply
        return length == 8;
    default: return true;
    }
}
}  // namespace

CheckICMPHeader::CheckICMPHeader()
    : drops_("ICMP header check failed", true, {"not ICMP", "bad packet length", "bad ICMP checksum"}) {}

int CheckICMPHeader::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    return drops_.configure(conf, this, errh);
}

Packet* CheckICMPHeader::simple_action(Packet* p) {
    uint32_t available = 0;
    const unsigned char* ip = annotated_network_header(p, available);
    if (!ip || available < 10 || ip[9] != 1) {
        drops_.drop(this, not_icmp, p);
        return nullptr;
    }
    uint32_t header_length = uint32_t(ip[0] & 0x0f) * 4;
    if (available < 20 || header_length < 20 || header_length + 8 > available) {
        drops_.drop(this, bad_length, p);
        return nullptr;
    }
    const unsigned char* icmp = ip + header_length;
    uint32_t icmp_length = available - header_length;
    if (!icmp_length_ok(icmp[0], icmp_length)) {
        drops_.drop(this, bad_length, p);
        return nullptr;
    }
    if (checksum_finish(checksum_add(icmp, icmp_length)) != 0) {
        drops_.drop(this, bad_checksum, p);
        return nullptr;
    }
    return p;
}

void CheckICMPHeader::add_handlers() { drops_.add_handlers(this); }

SNF_EXPORT_ELEMENT(CheckICMPHeader)

}  // namespace snf::click
