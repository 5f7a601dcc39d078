// libFuzzer target: arbitrary bytes as packets through Classifier programs: mazu-nat's
// ARP/IP dispatch, and patterns with masks, '?' nibbles, negations and clauses that span
// words and reach far into the packet. The first input byte chooses the tailroom (so word
// loads near the end sometimes have buffer bytes after the data and sometimes not); the
// rest is the packet. Every length must classify without reading outside the buffer;
// any sanitizer report, crash or hang is a bug.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "snf/click/chatter.hh"
#include "snf/click/diagnostics.hh"
#include "snf/click/packet.hh"
#include "snf/click/router.hh"

namespace {

constexpr std::string_view fuzz_configuration =
    "arp :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -) => Discard, Discard, Discard, Discard;\n"
    "mix :: Classifier(0/4? 9/06 !20/0000%1fff, 0/45 9/11, 12/0800 14/45%f0 23/01, !1/ff !2/00, "
    "30/0a00????, 60/deadbeefcafe%ffff00ffff0f, 2/??%f0) => Discard, Discard, Discard, Discard, Discard, Discard, "
    "Discard;\n"
    "Idle -> arp; Idle -> mix;\n";

struct FuzzRouter {
    std::unique_ptr<snf::click::Router> router;
    snf::click::Element* entries[2] = {};
};

FuzzRouter& fuzz_router() {
    static FuzzRouter fr = [] {
        snf::click::set_chatter_sink([](std::string_view) {});
        snf::click::Diagnostics diagnostics;
        FuzzRouter r;
        r.router = snf::click::Router::create(fuzz_configuration, "fuzz.click", {}, diagnostics);
        if (r.router) {
            r.entries[0] = r.router->find("arp");
            r.entries[1] = r.router->find("mix");
        }
        return r;
    }();
    return fr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzRouter& fr = fuzz_router();
    if (!fr.router)
        __builtin_trap();  // the configuration itself must stay valid
    if (size == 0 || size > 4096)
        return 0;
    const uint32_t tailroom = data[0] % 4;
    for (snf::click::Element* entry : fr.entries) {
        if (!entry)
            __builtin_trap();
        snf::click::Packet* p =
            snf::click::Packet::make(snf::click::Packet::default_headroom, data + 1, uint32_t(size - 1), tailroom);
        if (!p)
            return 0;
        entry->push(0, p);
    }
    return 0;
}
