// libFuzzer target for the rewriter family's packet path: the input's first byte picks a
// rewriter input (IPRewriter native and in the store's sync mode, TCPRewriter behind
// FTPPortMapper natively and in async mode, UDPRewriter natively and in cache mode,
// IPAddrRewriter, IPAddrPairRewriter, ICMPPingRewriter), the
// rest is an IPv4 packet (any bytes) pushed there with its IP header annotation set.
// Mappings accumulate across inputs, so replies, PORT/EPRT commands of mapped control
// connections and sequence translation are reached too. Any crash, sanitizer report or
// hang is a bug: bad packets must only ever be dropped or passed.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/element_fuzz_support.hh"
#include "snf/click/packet.hh"

namespace {

constexpr std::string_view fuzz_configuration =
    "IPRewriterPatterns(pat 1.0.0.1 1024-1100# - -);\n"
    "ip :: IPRewriter(pattern pat 0 1, keep 1 0, pass 1, drop, MAPPING_CAPACITY 64);\n"
    "Idle -> [0]ip; Idle -> [1]ip; Idle -> [2]ip; Idle -> [3]ip; ip[0] -> Discard; ip[1] -> Discard;\n"
    "st :: IPRewriter(pattern 2.0.0.1 2000-2003# - - 0 1, drop, MODE sync, STORE embedded:fuzz, CACHE_SIZE 8);\n"
    "Idle -> [0]st; Idle -> [1]st; st[0] -> Discard; st[1] -> Discard;\n"
    "as :: TCPRewriter(pattern 8.0.0.1 8000-8010# - - 0 1, drop, MODE async, STORE embedded:fuzz, MAX_PARKED 16);\n"
    "asftp :: FTPPortMapper(as, as, 0);\n"
    "Idle -> asftp -> [0]as; Idle -> [1]as; as[0] -> Discard; as[1] -> Discard;\n"
    "ca :: UDPRewriter(pattern 9.0.0.1 9000-9003 - - 0 1, drop, MODE cache, STORE embedded:fuzz, CACHE_SIZE 2);\n"
    "Idle -> [0]ca; Idle -> [1]ca; ca[0] -> Discard; ca[1] -> Discard;\n"
    "tcp :: TCPRewriter(pattern 3.0.0.1 3000-3050# - - 0 1, drop);\n"
    "ftp :: FTPPortMapper(tcp, tcp, 0);\n"
    "Idle -> ftp -> [0]tcp; Idle -> [1]tcp; tcp[0] -> Discard; tcp[1] -> Discard;\n"
    "udp :: UDPRewriter(pattern 4.0.0.1 - - - 0 1, pass 1);\n"
    "Idle -> [0]udp; Idle -> [1]udp; udp[0] -> Discard; udp[1] -> Discard;\n"
    "addr :: IPAddrRewriter(pattern 5.0.0.0/29 - 0 1, drop);\n"
    "Idle -> [0]addr; Idle -> [1]addr; addr[0] -> Discard; addr[1] -> Discard;\n"
    "pair :: IPAddrPairRewriter(pattern 6.0.0.1 - 0 1, drop);\n"
    "Idle -> [0]pair; Idle -> [1]pair; pair[0] -> Discard; pair[1] -> Discard;\n"
    "ping :: ICMPPingRewriter(pattern 7.0.0.1 1-20# - - 0 1, drop);\n"
    "Idle -> [0]ping; Idle -> [1]ping; ping[0] -> Discard; ping[1] -> Discard;\n";

struct Target {
    const char* element;
    int port;
};
constexpr Target targets[] = {
    {"ip", 0},   {"ip", 1},   {"ip", 2},   {"ip", 3},    {"st", 0},   {"st", 1},   {"ftp", 0},
    {"tcp", 1},  {"udp", 0},  {"udp", 1},  {"addr", 0},  {"addr", 1}, {"pair", 0}, {"pair", 1},
    {"ping", 0}, {"ping", 1}, {"asftp", 0}, {"as", 1},   {"ca", 0},   {"ca", 1},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    snf::click::Router& router = snf::click::fuzz_support::fuzz_router(fuzz_configuration);
    if (size < 1 || size > 4096)
        return 0;
    const Target& target = targets[data[0] % (sizeof targets / sizeof targets[0])];
    snf::click::WritablePacket* p = snf::click::Packet::make(data + 1, uint32_t(size - 1));
    if (!p)
        return 0;
    // Bit 7 of the selector leaves the annotation unset, as a misconfigured graph would.
    if (!(data[0] & 0x80))
        p->set_network_header(p->data(), size > 1 ? uint32_t((data[1] & 0x0f) * 4) : 0);
    snf::click::fuzz_support::fuzz_entry(router, target.element)->push(target.port, p);
    // A few scheduler rounds let the async rewriter complete what it parked.
    router.run(4);
    return 0;
}
