// ARPPrint: decode and print ARP messages.
#include "arp_print.hh"

#include "arp/arp_packet.hh"
#include "snf/click/args.hh"
#include "snf/click/chatter.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

int ARPPrint::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string label;
    bool timestamp = true, ether = false, active = true;
    if (Args(conf, this, errh)
            .read_p("LABEL", label)
            .read("TIMESTAMP", timestamp)
            .read("ETHER", ether)
            .read("ACTIVE", active)
            .complete() < 0)
        return -EINVAL;
    label_ = label;
    timestamp_ = timestamp;
    ether_ = ether;
    active_ = active;
    return 0;
}

std::string ARPPrint::describe(const unsigned char* m, std::size_t length) {
    if (length < 8)
        return "truncated-arp (" + std::to_string(length) + ")";
    const uint16_t hardware = arp::read16(m);
    const uint16_t protocol = arp::read16(m + 2);
    const uint8_t hardware_length = m[4];
    const uint8_t protocol_length = m[5];
    const uint16_t op = arp::read16(m + 6);
    if ((protocol != arp::ethertype_ip && protocol != 0x1000) || protocol_length != 4 || hardware_length == 0)
        return "arp-#" + std::to_string(op) + " for proto #" + std::to_string(protocol) + " (" +
               std::to_string(protocol_length) + ") hardware #" + std::to_string(hardware) + " (" +
               std::to_string(hardware_length) + ")";
    if (length < arp::arp_message_length || hardware_length != 6)
        return "truncated-arp (" + std::to_string(length) + ")";
    const unsigned char* sha = m + 8;
    const unsigned char* spa = m + 14;
    const unsigned char* tha = m + 18;
    const unsigned char* tpa = m + 24;
    std::string out = protocol == 0x1000 ? "trailer-" : "";
    switch (op) {
    case 1: {
        out += "arp who-has " + arp::read_ip(tpa).unparse();
        static const unsigned char zero[6] = {};
        if (std::memcmp(tha, zero, 6) != 0)
            out += " (" + arp::read_ether(tha).unparse() + ")";
        out += " tell " + arp::read_ip(spa).unparse();
        break;
    }
    case 2:
        out += "arp reply " + arp::read_ip(spa).unparse() + " is-at " + arp::read_ether(sha).unparse();
        break;
    case 3:
        out += "rarp who-is " + arp::read_ether(tha).unparse() + " tell " + arp::read_ether(sha).unparse();
        break;
    case 4:
        out += "rarp reply " + arp::read_ether(tha).unparse() + " at " + arp::read_ip(tpa).unparse();
        break;
    case 8:
        out += "invarp who-is " + arp::read_ether(tha).unparse() + " tell " + arp::read_ether(sha).unparse();
        break;
    case 9:
        out += "invarp reply " + arp::read_ether(tha).unparse() + " at " + arp::read_ip(tpa).unparse();
        break;
    default:
        out += "arp-#" + std::to_string(op);
    }
    if (hardware != arp::hardware_ethernet)
        out += "hardware #" + std::to_string(hardware);
    return out;
}

Packet* ARPPrint::simple_action(Packet* p) {
    if (!active_)
        return p;
    const unsigned char* message = nullptr;
    if (p->has_network_header() && p->network_header() >= p->data() && p->network_header() <= p->end_data())
        message = p->network_header();
    else if (p->length() >= arp::ether_header_length && arp::read16(p->data() + arp::off_ether_type) == arp::ethertype_arp)
        message = p->data() + arp::ether_header_length;
    if (!message)
        return p;
    std::string line;
    if (!label_.empty())
        line = label_ + ": ";
    if (timestamp_)
        line += p->timestamp_anno().unparse() + ": ";
    if (ether_) {
        const unsigned char* e = p->has_mac_header() ? p->mac_header() : p->data();
        if (e >= p->data() && e + arp::ether_header_length <= message && e + arp::ether_header_length <= p->end_data())
            line += arp::read_ether(e + arp::off_ether_src).unparse() + " > " +
                    arp::read_ether(e + arp::off_ether_dst).unparse() + ": ";
    }
    line += describe(message, std::size_t(p->end_data() - message));
    chatter(line);
    return p;
}

void ARPPrint::add_handlers() {
    add_read_handler("active", [this] { return std::string(active_ ? "true" : "false"); }, Handler::checkbox);
    add_parsed_write_handler<bool>(this, "active", BoolArg(), [this](bool active, ErrorHandler*) {
        active_ = active;
        return 0;
    });
}

SNF_EXPORT_ELEMENT(ARPPrint)

}  // namespace snf::click
