// libFuzzer target for the ARP elements' packet paths: the input's first byte picks a
// port (ARPQuerier's IP input, its reply input, ARPResponder) and, for IP packets, the
// next four bytes are the destination annotation; the rest is the packet. Waiting
// packets, expiry and the table limits are exercised across inputs because the router
// persists. Bad packets may only ever be dropped and counted.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "fuzz/element_fuzz_support.hh"
#include "snf/click/packet.hh"

namespace {

// Small limits so the capacity paths run; ARPPrint decodes everything either element
// emits or refuses.
constexpr std::string_view fuzz_configuration =
    "Idle -> aq :: ARPQuerier(10.0.0.1/24, 02:00:00:00:00:01, CAPACITY 8, ENTRY_CAPACITY 6,\n"
    "                         ENTRY_PACKET_CAPACITY 3, POLL_TIMEOUT 0)\n"
    "  -> ARPPrint(q, ETHER true) -> Discard;\n"
    "aq[1] -> ARPPrint(query) -> Discard;\n"
    "Idle -> [1]aq;\n"
    "Idle -> ar :: ARPResponder(10.0.0.1 10.0.1.0/24 02:00:00:00:00:01, 10.0.1.7 02:00:00:00:00:07)\n"
    "  -> ARPPrint(reply, ETHER true) -> Discard;\n"
    "ar[1] -> ARPPrint(other) -> Discard;\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<snf::click::Element*>& elements =
        snf::click::fuzz_support::fuzz_entries(fuzz_configuration, {"aq", "ar"});
    snf::click::Element* querier = elements[0];
    snf::click::Element* responder = elements[1];
    if (size < 1)
        return 0;
    const int target = data[0] % 3;
    ++data;
    --size;
    uint32_t annotation = 0;
    if (target == 0) {
        if (size < 4)
            return 0;
        std::memcpy(&annotation, data, 4);
        data += 4;
        size -= 4;
    }
    snf::click::WritablePacket* p = snf::click::Packet::make(data, uint32_t(size));
    if (!p)
        return 0;
    if (target == 0) {
        p->set_dst_ip_anno(annotation);
        querier->push(0, p);
    } else if (target == 1) {
        querier->push(1, p);
    } else {
        responder->push(0, p);
    }
    return 0;
}
