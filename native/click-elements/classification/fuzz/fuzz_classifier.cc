// libFuzzer target: arbitrary bytes as packets through Classifier programs: mazu-nat's
// ARP/IP dispatch, and patterns with masks, '?' nibbles, negations and clauses that span
// words and reach far into the packet. The first input byte chooses the tailroom (so word
// loads near the end sometimes have buffer bytes after the data and sometimes not); the
// rest is the packet. Every length must classify without reading outside the buffer;
// any sanitizer report, crash or hang is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz/element_fuzz_support.hh"
#include "snf/click/packet.hh"

namespace {

constexpr std::string_view fuzz_configuration =
    "arp :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -) => Discard, Discard, Discard, Discard;\n"
    "mix :: Classifier(0/4? 9/06 !20/0000%1fff, 0/45 9/11, 12/0800 14/45%f0 23/01, !1/ff !2/00, "
    "30/0a00????, 60/deadbeefcafe%ffff00ffff0f, 2/??%f0) => Discard, Discard, Discard, Discard, Discard, Discard, "
    "Discard;\n"
    "Idle -> arp; Idle -> mix;\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<snf::click::Element*>& targets =
        snf::click::fuzz_support::fuzz_entries(fuzz_configuration, {"arp", "mix"});
    if (size == 0 || size > 4096)
        return 0;
    const uint32_t tailroom = data[0] % 4;
    for (snf::click::Element* entry : targets) {
        snf::click::Packet* p =
            snf::click::Packet::make(snf::click::Packet::default_headroom, data + 1, uint32_t(size - 1), tailroom);
        if (!p)
            return 0;
        entry->push(0, p);
    }
    return 0;
}
