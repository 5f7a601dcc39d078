// StoreIPAddress: plain stores at an offset, or header stores that keep the IP and
// transport checksums valid through RFC 1624 incremental updates.
#include "store_ip_address.hh"

#include <cctype>
#include <cstring>

#include "incremental_checksum.hh"
#include "network_header.hh"
#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

int StoreIPAddress::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    bool use_address = conf.size() > 1;
    IPAddress address;
    std::string offset_word;
    Args args(conf, this, errh);
    if (use_address)
        args.read_mp("ADDR", IPAddressArg(), address);
    if (args.read_mp("OFFSET", WordArg(), offset_word).complete() < 0)
        return -EINVAL;
    Target target = Target::packet_offset;
    uint32_t offset = 0;
    std::string lower = offset_word;
    for (char& c : lower)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "src")
        target = Target::ip_src;
    else if (lower == "dst")
        target = Target::ip_dst;
    else if (!IntArg().parse(offset_word, offset, ArgContext(this, nullptr)))
        return errh->error("type mismatch: OFFSET requires integer");
    use_address_ = use_address;
    address_ = address;
    target_ = target;
    offset_ = offset;
    return 0;
}

Packet* StoreIPAddress::simple_action(Packet* p) {
    uint32_t address = use_address_ ? address_.addr : p->dst_ip_anno();
    if (!use_address_ && address == 0)
        return p;
    if (target_ != Target::packet_offset)
        return store_in_ip_header(p, address);
    if (offset_ > p->length() || p->length() - offset_ < 4) {
        checked_output_push(1, p);
        return nullptr;
    }
    WritablePacket* q = p->uniqueify();
    if (!q)
        return nullptr;
    std::memcpy(q->data() + offset_, &address, 4);
    return q;
}

Packet* StoreIPAddress::store_in_ip_header(Packet* p, uint32_t address) {
    uint32_t header_length = 0, available = 0;
    if (!annotated_ip_header(p, header_length, available)) {
        checked_output_push(1, p);
        return nullptr;
    }
    WritablePacket* q = p->uniqueify();
    if (!q)
        return nullptr;
    unsigned char* ip = q->network_header();
    unsigned char* field = ip + (target_ == Target::ip_src ? 12 : 16);
    uint32_t old_value = load_be32(field);
    std::memcpy(field, &address, 4);
    uint32_t new_value = load_be32(field);
    update_checksum32(ip + 10, old_value, new_value);

    // TCP and UDP checksums cover the addresses through the pseudo-header.
    uint8_t protocol = ip[9];
    uint32_t transport_available = available - header_length;
    unsigned char* transport = ip + header_length;
    if (!ip_first_fragment(ip))
        return q;
    if (protocol == 6 && transport_available >= 20) {
        update_checksum32(transport + 16, old_value, new_value);
    } else if (protocol == 17 && transport_available >= 8 && load_be16(transport + 6) != 0) {
        update_checksum32(transport + 6, old_value, new_value);
        if (load_be16(transport + 6) == 0)
            store_be16(transport + 6, 0xffff);  // zero would mean "no checksum"
    }
    return q;
}

SNF_EXPORT_ELEMENT(StoreIPAddress)

}  // namespace snf::click
