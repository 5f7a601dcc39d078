// ARPResponder and ARPQuerier against a real kernel's ARP, across a veth pair between
// two private network namespaces.
#include <netinet/in.h>

#include "devices/tests/netns_test_support.hh"

namespace snf::click::netns_testing {
namespace {

using ArpNetnsTest = NamespacePairTest;

// The peer's kernel entry for `ip` in /proc/net/arp: "MAC" when complete, else "".
std::string kernel_arp_entry(const std::string& ip) {
    std::ifstream arp("/proc/net/arp");
    std::string line;
    while (std::getline(arp, line)) {
        std::istringstream fields(line);
        std::string address, hw_type, flags, mac;
        fields >> address >> hw_type >> flags >> mac;
        if (address == ip && flags == "0x2")
            return mac;
    }
    return "";
}

TEST_F(ArpNetnsTest, ARPResponderAnswersTheKernelOfTheOtherNamespace) {
    // The router's namespace has no address on its interface: only ARPResponder answers.
    RouterProcess router;
    ASSERT_TRUE(router.start(router_ns,
                             "FromDevice(" + router_dev + ")\n"
                             "  -> ar :: ARPResponder(" + std::string(router_ip) + " 10.1.0.128/25 " + router_mac + ")\n"
                             "  -> Queue -> ToDevice(" + router_dev + ");\n",
                             {"ar.count", "ar.drops"}, work_dir))
        << router.errors();
    std::string resolved;
    ASSERT_TRUE(run_in_namespace(peer_ns, [&]() -> std::string {
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        std::string result;
        for (const char* target : {router_ip, "10.1.0.200"}) {
            sockaddr_in to{};
            to.sin_family = AF_INET;
            to.sin_port = htons(9);
            inet_pton(AF_INET, target, &to.sin_addr);
            std::string mac;
            const auto deadline = Clock::now() + std::chrono::milliseconds(3000);
            while (mac.empty() && Clock::now() < deadline) {
                sendto(fd, "x", 1, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                mac = kernel_arp_entry(target);
            }
            result += std::string(target) + "=" + mac + ";";
        }
        return result;
    }, resolved));
    EXPECT_EQ(resolved, std::string(router_ip) + "=" + router_mac + ";10.1.0.200=" + router_mac + ";");
    const std::string out = router.stop();
    EXPECT_GE(handler_number(out, "ar.count"), 2) << out << router.errors();
}

TEST_F(ArpNetnsTest, ARPQuerierResolvesTheKernelAndSendsTheWaitingPackets) {
    // Five UDP packets for the peer, generated before anything is known about it: the
    // first waits for the ARP reply, the others find the mapping.
    BackgroundWork listener(peer_ns, [&] {
        return count_frames(peer_dev, [](const unsigned char* f, std::size_t n) {
            return has_ethertype(f, n, 0x0800) && n >= 34 && f[23] == 17 &&
                   std::memcmp(f, "\x02\x00\x0a\x01\x00\x02", 6) == 0;
        }, 5, std::chrono::milliseconds(4000));
    }, std::chrono::milliseconds(6000));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    RouterProcess router;
    ASSERT_TRUE(router.start(router_ns,
                             "FastUDPFlows(RATE 20, LIMIT 5, LENGTH 60, SRCETH " + std::string(router_mac) +
                                 ", SRCIP " + router_ip + ", DSTETH 00:00:00:00:00:00, DSTIP " + peer_ip +
                                 ", FLOWS 1, FLOWSIZE 5, STOP false)\n"
                                 "  -> Strip(14) -> aq :: ARPQuerier(" + router_ip + ", " + router_mac + ")\n"
                                 "  -> Queue -> ToDevice(" + router_dev + ");\n"
                                 "FromDevice(" + router_dev + ") -> [1]aq;\n",
                             {"aq.queries", "aq.table", "aq.drops", "aq.length"}, work_dir))
        << router.errors();
    EXPECT_EQ(listener.finish(), "5") << router.errors();
    const std::string out = router.stop();
    EXPECT_GE(handler_number(out, "aq.queries"), 1) << out;
    EXPECT_EQ(handler_value(out, "aq.drops"), "0");
    EXPECT_EQ(handler_value(out, "aq.length"), "0");
    EXPECT_EQ(handler_value(out, "aq.table").rfind(std::string(peer_ip) + " 1 " + peer_mac + " ", 0), 0u) << out;
}

}  // namespace
}  // namespace snf::click::netns_testing
