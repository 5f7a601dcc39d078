// libFuzzer target: arbitrary bytes as packets through the IPClassifiers of mazu-nat.click
// (with its AddressInfo names) and through rules that read the Ethernet header, IP fields
// and transport bytes. The first input byte chooses how the packet arrives: raw IP with
// no header annotations, or an Ethernet frame whose MAC header and IP header (and
// sometimes transport header) annotations are set, with or without headroom before the
// MAC header, and the tailroom. Header lengths in the packet are garbage as often as not;
// nothing may be read outside the buffer. Any sanitizer report, crash or hang is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz/element_fuzz_support.hh"
#include "snf/click/packet.hh"

namespace {

constexpr std::string_view fuzz_configuration =
    "AddressInfo(intern 10.0.0.1 10.0.0.0/8 00:50:ba:85:84:a9, extern 209.6.198.213 209.6.198.0/24 "
    "00:e0:98:09:ab:af, intern_server 10.0.0.10);\n"
    "ip_to_extern_class :: IPClassifier(dst host intern, -) => Discard, Discard;\n"
    "to_host :: IPClassifier(dst host extern) -> Discard;\n"
    "ip_from_extern :: IPClassifier(dst host extern, -) => Discard, Discard;\n"
    "my_ip_from_extern :: IPClassifier(dst tcp ssh, dst tcp www or https, src tcp port ftp, tcp or udp, -)\n"
    "  => Discard, Discard, Discard, Discard, Discard;\n"
    "ip_from_intern :: IPClassifier(dst host intern, dst net intern, dst tcp port ftp, -)\n"
    "  => Discard, Discard, Discard, Discard;\n"
    "my_ip_from_intern :: IPClassifier(dst tcp ssh, dst tcp www or https, src or dst port dns, dst tcp port auth,\n"
    "  tcp or udp, -) => Discard, Discard, Discard, Discard, Discard, Discard;\n"
    "fields :: IPFilter(0 ether src host 00:50:ba:85:84:a9 or ether dst host 02:00:0a:11:22:1f,\n"
    "  1 tcp opt syn && !ack && dst port > 1023, 2 icmp type echo-reply || icmp type != 3,\n"
    "  3 ip[1] & 0xfc == 0x20 && transp[2:2] < 500, 4 ip frag or ip ttl <= 1 or len >= 1400,\n"
    "  5 (udp ? src port 53 : ip hl > 5) and not ip vers 4, allow ip id == 0, drop all)\n"
    "  => Discard, Discard, Discard, Discard, Discard, Discard;\n"
    "Idle -> ip_to_extern_class; Idle -> to_host; Idle -> ip_from_extern; Idle -> my_ip_from_extern;\n"
    "Idle -> ip_from_intern; Idle -> my_ip_from_intern; Idle -> fields;\n";

snf::click::Packet* make_packet(uint8_t mode, const uint8_t* bytes, uint32_t length) {
    const uint32_t headroom = (mode & 4) ? 0 : snf::click::Packet::default_headroom;
    snf::click::WritablePacket* p = snf::click::Packet::make(headroom, bytes, length, mode & 3);
    if (!p)
        return nullptr;
    if (mode & 8) {
        // An Ethernet frame: MAC header at the data, IP header after it.
        p->set_mac_header(p->data());
        if (length >= 14) {
            const uint32_t hl = length > 14 ? uint32_t(p->data()[14] & 15) * 4 : 0;
            p->set_network_header(p->data() + 14, hl);
            if ((mode & 16) && 14 + hl <= length)
                p->set_transport_header(p->data() + 14 + hl);
            if (mode & 32)
                p->pull(14);
        }
    }
    return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<snf::click::Element*>& targets =
        snf::click::fuzz_support::fuzz_entries(fuzz_configuration,
                                               {"ip_to_extern_class", "to_host", "ip_from_extern", "my_ip_from_extern",
                                                "ip_from_intern", "my_ip_from_intern", "fields"});
    if (size == 0 || size > 4096)
        return 0;
    const uint8_t mode = data[0];
    for (snf::click::Element* entry : targets) {
        snf::click::Packet* p = make_packet(mode, data + 1, uint32_t(size - 1));
        if (!p)
            return 0;
        entry->push(0, p);
    }
    return 0;
}
