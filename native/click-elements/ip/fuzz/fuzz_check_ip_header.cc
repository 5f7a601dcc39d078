// libFuzzer target: arbitrary bytes as a packet through the IP header checks and the IP
// elements that trust their result. Each input is pushed, as raw IP and as the payload
// of an Ethernet frame, into paths that first validate (CheckIPHeader, with and without
// OFFSET) and paths that only mark the header (MarkIPHeader), so the transport checks,
// DecIPTTL, StoreIPAddress and GetIPAddress also see headers nobody checked. Bad
// packets must be dropped and counted; any sanitizer report, crash or hang is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz/element_fuzz_support.hh"
#include "snf/click/packet.hh"

namespace {

// Idle makes every path push; each ends in Discard. The router is never run: the pushes
// below go straight through the elements.
constexpr std::string_view fuzz_configuration =
    "elementclass Transports { input -> t :: Tee(6);\n"
    "  t[0] -> CheckTCPHeader(VERBOSE true, DETAILS true) -> StoreIPAddress(1.2.3.4, src) -> Discard;\n"
    "  t[1] -> CheckUDPHeader(VERBOSE true, DETAILS true) -> StoreIPAddress(dst) -> Discard;\n"
    "  t[2] -> CheckICMPHeader(VERBOSE true, DETAILS true) -> Discard;\n"
    "  t[3] -> d :: DecIPTTL -> GetIPAddress(IP src) -> StoreIPAddress(5.6.7.8, 12) -> Discard; d[1] -> Discard;\n"
    "  t[4] -> StoreIPAddress(9.9.9.9, dst) -> CheckTCPHeader -> Discard;\n"
    "  t[5] -> UDPIPEncap(1.0.0.1, 1, DST_ANNO, 2) -> CheckIPHeader -> CheckUDPHeader -> Discard }\n"
    "i :: Idle;\n"
    "i[0] -> raw :: CheckIPHeader(VERBOSE true, DETAILS true) -> Transports; raw[1] -> Discard;\n"
    "i[1] -> ether :: CheckIPHeader(OFFSET 14, INTERFACES 10.0.0.1/8 192.0.2.1/24, DETAILS true) -> Transports;\n"
    "ether[1] -> Discard;\n"
    "i[2] -> mark :: MarkIPHeader -> Transports;\n"
    "i[3] -> mark_ether :: MarkIPHeader(14) -> Transports;\n"
    "i[4] -> mark_deep :: MarkIPHeader(40) -> Transports;\n"
    "i[5] -> loose :: CheckIPHeader2(OFFSET 14) -> IPEncap(4, 1.0.0.1, 2.0.0.2) -> CheckIPHeader -> Transports;\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<snf::click::Element*>& targets =
        snf::click::fuzz_support::fuzz_entries(fuzz_configuration,
                                               {"raw", "ether", "mark", "mark_ether", "mark_deep", "loose"});
    if (size > 4096)
        return 0;
    for (snf::click::Element* entry : targets) {
        // No tailroom: any read past the end lands outside the buffer's live bytes.
        snf::click::Packet* p = snf::click::Packet::make(snf::click::Packet::default_headroom, data,
                                                        uint32_t(size), 0);
        if (!p)
            return 0;
        entry->push(0, p);
    }
    return 0;
}
