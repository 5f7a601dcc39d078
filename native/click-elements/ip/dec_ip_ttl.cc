// DecIPTTL: the TTL shares a 16-bit word with the protocol, so lowering it by one lowers
// that word by 0x0100; the checksum follows incrementally.
#include "dec_ip_ttl.hh"

#include "incremental_checksum.hh"
#include "network_header.hh"
#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

int DecIPTTL::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    return Args(conf, this, errh).read("ACTIVE", active_).read("MULTICAST", multicast_).complete();
}

Packet* DecIPTTL::simple_action(Packet* p) {
    if (!active_)
        return p;
    uint32_t header_length = 0, available = 0;
    const unsigned char* ip = annotated_ip_header(p, header_length, available);
    if (!ip) {
        ++drops_;
        p->kill();
        return nullptr;
    }
    if (!multicast_ && ip_multicast(ip + 16))
        return p;
    if (ip[8] <= 1) {
        ++drops_;
        checked_output_push(1, p);
        return nullptr;
    }
    WritablePacket* q = p->uniqueify();
    if (!q)
        return nullptr;
    unsigned char* wip = q->network_header();
    uint16_t old_word = load_be16(wip + 8);
    --wip[8];
    update_checksum16(wip + 10, old_word, load_be16(wip + 8));
    return q;
}

void DecIPTTL::add_handlers() {
    add_read_handler("drops", [this] { return std::to_string(drops_); });
    add_read_handler("active", [this] { return std::string(active_ ? "true" : "false"); }, Handler::checkbox);
    add_parsed_write_handler<bool>(this, "active", BoolArg(), [this](bool active, ErrorHandler*) {
        active_ = active;
        return 0;
    }, Handler::checkbox);
}

SNF_EXPORT_ELEMENT(DecIPTTL)

}  // namespace snf::click
