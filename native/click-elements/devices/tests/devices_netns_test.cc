// FromDevice, ToDevice, ToHost and ToHostSniffers on a veth pair between two private
// network namespaces, with snf-click running in one of them.
#include <netinet/in.h>

#include "devices/net_device.hh"
#include "devices/tests/netns_test_support.hh"

namespace snf::click::netns_testing {
namespace {

// A local experimental ethertype: nothing else on the link uses it.
constexpr uint16_t test_ethertype = 0x88B5;

// Through an ioctl: /sys shows the namespace it was mounted in, not the caller's.
std::string device_mac_of(const std::string& device) {
    auto address = device_ether_address(device);
    return address ? address->unparse() : std::string("?");
}

bool is_test_frame(const unsigned char* frame, std::size_t length) {
    return has_ethertype(frame, length, test_ethertype);
}

using DevicesTest = NamespacePairTest;

TEST_F(DevicesTest, FromDeviceFindsItsInterfaceByNameAndByEthernetAddress) {
    RouterProcess router;
    ASSERT_TRUE(router.start(router_ns,
                             "by_name :: FromDevice(" + router_dev + ") -> Discard;\n"
                             "by_mac :: FromDevice(" + std::string(router_mac) + ", BURST 4) -> Discard;\n",
                             {"by_name.count", "by_mac.count", "by_mac.dev_name", "by_name.kernel_drops"}, work_dir))
        << router.errors();
    std::string sent;
    ASSERT_TRUE(run_in_namespace(peer_ns, [&] {
        return send_frames(peer_dev, make_frame(router_mac, peer_mac, test_ethertype), 5);
    }, sent));
    EXPECT_EQ(sent, "sent 5");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const std::string out = router.stop();
    EXPECT_GE(handler_number(out, "by_name.count"), 5) << out << router.errors();
    EXPECT_GE(handler_number(out, "by_mac.count"), 5) << out;
    EXPECT_EQ(handler_value(out, "by_mac.dev_name"), router_dev);
    EXPECT_EQ(handler_value(out, "by_name.kernel_drops"), "0");
}

TEST_F(DevicesTest, FromDeviceReportsAMissingDevice) {
    RouterProcess router;
    EXPECT_FALSE(router.start(router_ns, "FromDevice(02:00:0a:01:00:99) -> Discard;\n", {}, work_dir));
    router.stop();
    EXPECT_NE(router.errors().find("no device with Ethernet address 02:00:0a:01:00:99"), std::string::npos)
        << router.errors();
}

TEST_F(DevicesTest, FromDeviceRingSizeMustHoldOneBlock) {
    RouterProcess router;
    EXPECT_FALSE(router.start(router_ns, "FromDevice(" + router_dev + ", RING_SIZE 4096) -> Discard;\n", {}, work_dir));
    router.stop();
    EXPECT_NE(router.errors().find("RING_SIZE: must be between 131072"), std::string::npos) << router.errors();
}

TEST_F(DevicesTest, FromDeviceReceivesThroughASmallRing) {
    // 200,000 bytes round down to one 128 KiB block (about 60 full-size frames).
    RouterProcess router;
    ASSERT_TRUE(router.start(router_ns,
                             "small :: FromDevice(" + router_dev + ", RING_SIZE 200000)\n"
                             "  -> cl :: Classifier(12/88b5, -);\n"
                             "cl[0] -> test_frames :: Counter -> Discard;\n"
                             "cl[1] -> Discard;\n",
                             {"test_frames.count", "small.kernel_drops"}, work_dir))
        << router.errors();
    std::string sent;
    ASSERT_TRUE(run_in_namespace(peer_ns, [&] {
        return send_frames(peer_dev, make_frame(router_mac, peer_mac, test_ethertype), 20);
    }, sent));
    EXPECT_EQ(sent, "sent 20");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const std::string out = router.stop();
    EXPECT_EQ(handler_number(out, "test_frames.count"), 20) << out << router.errors();
    EXPECT_EQ(handler_value(out, "small.kernel_drops"), "0") << out;
}

TEST_F(DevicesTest, FromDeviceForceIpEmitsOnlyIPv4FramesWithTheirHeaderMarked) {
    RouterProcess router;
    // IPClassifier reads the IP header annotation; CheckIPHeader checks the copied bytes.
    ASSERT_TRUE(router.start(router_ns,
                             "all :: FromDevice(" + router_dev + ") -> Discard;\n"
                             "ip_only :: FromDevice(" + router_dev + ", FORCE_IP true)\n"
                             "  -> udp :: IPClassifier(udp dst port 9999, -);\n"
                             "udp[0] -> Strip(14) -> CheckIPHeader -> checked :: Counter -> Discard;\n"
                             "udp[1] -> Discard;\n",
                             {"all.count", "ip_only.count", "checked.count"}, work_dir))
        << router.errors();
    std::string sent;
    ASSERT_TRUE(run_in_namespace(peer_ns, [&] {
        return send_frames(peer_dev, make_frame(router_mac, peer_mac, test_ethertype), 4) + " " +
               send_frames(peer_dev, make_udp_frame(router_mac, peer_mac, "10.1.0.2", "10.1.0.1", 9999, "forced"), 3);
    }, sent));
    EXPECT_EQ(sent, "sent 4 sent 3");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const std::string out = router.stop();
    EXPECT_GE(handler_number(out, "all.count"), 7) << out << router.errors();
    EXPECT_EQ(handler_number(out, "checked.count"), 3) << out;
    // The host of the peer namespace sends no IPv4 of its own (no addresses).
    EXPECT_EQ(handler_number(out, "ip_only.count"), 3) << out;
}

TEST_F(DevicesTest, ToDeviceSendsQueuedFramesOutTheInterface) {
    BackgroundWork listener(peer_ns, [&] { return count_frames(peer_dev, is_test_frame, 5, std::chrono::milliseconds(4000)); },
                            std::chrono::milliseconds(6000));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    // 02:00:0a:01:00:02 <- 02:00:0a:01:00:01, type 88b5, 46 bytes of payload.
    const std::string data = "\\<02000a010002 02000a010001 88b5 " + std::string(92, '5') + ">";
    RouterProcess router;
    ASSERT_TRUE(router.start(router_ns,
                             "InfiniteSource(DATA " + data + ", LIMIT 5, STOP false) -> q :: Queue(16)\n"
                             "  -> to :: ToDevice(" + router_dev + ", BURST 2);\n",
                             {"to.count", "to.drops"}, work_dir))
        << router.errors();
    const std::string seen = listener.finish();
    const std::string out = router.stop();
    EXPECT_EQ(seen, "5") << router.errors();
    EXPECT_EQ(handler_value(out, "to.count"), "5") << out;
    EXPECT_EQ(handler_value(out, "to.drops"), "0");
}

TEST_F(DevicesTest, ToDeviceAcceptsPushedFramesAndDropsRunts) {
    BackgroundWork listener(peer_ns, [&] { return count_frames(peer_dev, is_test_frame, 3, std::chrono::milliseconds(3000)); },
                            std::chrono::milliseconds(5000));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const std::string data = "\\<02000a010002 02000a010001 88b5 " + std::string(92, '7') + ">";
    RouterProcess router;
    ASSERT_TRUE(router.start(router_ns,
                             "InfiniteSource(DATA " + data + ", LIMIT 3, STOP false) -> to :: ToDevice(" + router_mac + ");\n"
                             "InfiniteSource(DATA \\<0102>, LIMIT 2, STOP false) -> to;\n",
                             {"to.count", "to.drops"}, work_dir))
        << router.errors();
    const std::string seen = listener.finish();
    const std::string out = router.stop();
    EXPECT_EQ(seen, "3");
    EXPECT_EQ(handler_value(out, "to.count"), "3") << out << router.errors();
    EXPECT_EQ(handler_value(out, "to.drops"), "2");
}

// In the current namespace: waits for a UDP datagram on `port` that arrived through
// interface `tap`; "via tap" when one did.
std::string await_datagram_through(const std::string& tap, uint16_t port) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int on = 1;
    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    if (bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) < 0)
        return "bind failed";
    const int tap_index = int(if_nametoindex(tap.c_str()));
    const auto deadline = Clock::now() + std::chrono::milliseconds(3000);
    while (Clock::now() < deadline) {
        pollfd pfd{fd, POLLIN, 0};
        if (poll(&pfd, 1, 20) <= 0)
            continue;
        char data[256], control[256];
        iovec iov{data, sizeof data};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        if (recvmsg(fd, &msg, MSG_DONTWAIT) <= 0)
            continue;
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
            if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
                in_pktinfo info;
                std::memcpy(&info, CMSG_DATA(c), sizeof info);
                if (tap_index != 0 && int(info.ipi_ifindex) == tap_index)
                    return "via tap";
            }
    }
    return "not via tap";
}

TEST_F(DevicesTest, ToHostDeliversFramesToTheHostStackThroughItsTap) {
    ASSERT_EQ(shell("ip netns exec " + router_ns + " ip addr add " + std::string(router_ip) + "/24 dev " + router_dev), 0);
    RouterProcess router;
    ASSERT_TRUE(router.start(router_ns,
                             "FromDevice(" + router_dev + ") -> th :: ToHost(snftap0);\n",
                             {"th.count", "th.dev_name"}, work_dir))
        << router.errors();
    // A group destination (mazu-nat's ToHost path uses 1:1:1:1:1:1), then a unicast one
    // that is nobody's: ToHost makes it the TAP's own address, as Click's kernel ToHost
    // hands every packet to the host. Only the TAP path can deliver the second kind.
    const std::pair<const char*, uint16_t> cases[] = {{"01:01:01:01:01:01", 4242}, {"02:00:00:00:00:99", 4243}};
    for (const auto& [destination, port] : cases) {
        BackgroundWork listener(router_ns, [port = port] { return await_datagram_through("snftap0", port); },
                                std::chrono::milliseconds(5000));
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        std::string sent;
        ASSERT_TRUE(run_in_namespace(peer_ns, [&] {
            return send_frames(peer_dev, make_udp_frame(destination, peer_mac, peer_ip, router_ip, port, "hello"), 10,
                               std::chrono::milliseconds(100));
        }, sent));
        EXPECT_EQ(listener.finish(), "via tap") << destination << "\n" << router.errors();
    }
    const std::string out = router.stop();
    EXPECT_GE(handler_number(out, "th.count"), 2) << out;
    EXPECT_EQ(handler_value(out, "th.dev_name"), "snftap0");
}

TEST_F(DevicesTest, FromHostCreatesAnAddressedTapAndEmitsWhatTheHostSendsThere) {
    RouterProcess router;
    ASSERT_TRUE(router.start(router_ns,
                             "fh :: FromHost(snfhost0, 10.9.0.1/24, ETHER 02:00:0a:09:00:01) -> Discard;\n"
                             "Idle -> ToHost(snfhost0);\n",
                             {"fh.count", "fh.dev_name"}, work_dir))
        << router.errors();
    // The host routes 10.9.0.0/24 through the TAP: a datagram for 10.9.0.2 makes it ask
    // for 10.9.0.2 there, from the TAP's address.
    std::string state;
    ASSERT_TRUE(run_in_namespace(router_ns, [&]() -> std::string {
        std::ifstream addresses("/proc/net/fib_trie");
        std::string text((std::istreambuf_iterator<char>(addresses)), std::istreambuf_iterator<char>());
        if (text.find("10.9.0.1") == std::string::npos)
            return "no address";
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(9);
        inet_pton(AF_INET, "10.9.0.2", &to.sin_addr);
        for (int i = 0; i < 3; ++i) {
            sendto(fd, "x", 1, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return std::string("sent via ") + (device_mac_of("snfhost0") == "02:00:0a:09:00:01" ? "our ether" : "other ether");
    }, state));
    EXPECT_EQ(state, "sent via our ether");
    const std::string out = router.stop();
    EXPECT_GE(handler_number(out, "fh.count"), 1) << out << router.errors();
    EXPECT_EQ(handler_value(out, "fh.dev_name"), "snfhost0");
}

TEST_F(DevicesTest, ToHostSniffersShowsFramesOnASnifferInterfaceOnly) {
    RouterProcess router;
    ASSERT_TRUE(router.start(router_ns,
                             "FromDevice(" + std::string(router_mac) + ") -> s :: ToHostSniffers(" + router_mac + ");\n",
                             {"s.count", "s.dev_name"}, work_dir))
        << router.errors();
    const std::string sniffer = "sn-" + router_dev;
    BackgroundWork tcpdump_like(router_ns, [&] { return count_frames(sniffer, is_test_frame, 3, std::chrono::milliseconds(3000)); },
                                std::chrono::milliseconds(5000));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::string sent;
    ASSERT_TRUE(run_in_namespace(peer_ns, [&] {
        return send_frames(peer_dev, make_frame(router_mac, peer_mac, test_ethertype), 3, std::chrono::milliseconds(50));
    }, sent));
    EXPECT_EQ(tcpdump_like.finish(), "3");
    // The sniffer interface has no addresses, so the host has nothing to act on there.
    std::string addresses;
    ASSERT_TRUE(run_in_namespace(router_ns, [&] {
        std::ifstream in("/proc/net/if_inet6");
        std::string v6((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        return v6.find(sniffer) == std::string::npos ? std::string("no v6") : std::string("v6");
    }, addresses));
    EXPECT_EQ(addresses, "no v6");
    const std::string out = router.stop();
    EXPECT_EQ(handler_value(out, "s.dev_name"), sniffer) << out << router.errors();
    EXPECT_GE(handler_number(out, "s.count"), 3);
}

TEST_F(DevicesTest, FromDeviceWithoutSnifferKeepsFramesFromTheHost) {
    ASSERT_EQ(shell("ip netns exec " + router_ns + " ip addr add " + std::string(router_ip) + "/24 dev " + router_dev), 0);
    RouterProcess router;
    if (!router.start(router_ns, "from :: FromDevice(" + router_dev + ", SNIFFER false) -> Discard;\n",
                      {"from.count", "from.kernel_drops"}, work_dir)) {
        router.stop();
        if (router.errors().find("tcx") != std::string::npos)
            GTEST_SKIP() << "this kernel cannot keep frames from the host: " << router.errors();
        FAIL() << router.errors();
    }
    // The peer's kernel asks for the router's address; the router's kernel never sees the
    // request, so the peer's neighbour entry stays unresolved.
    std::string state;
    ASSERT_TRUE(run_in_namespace(peer_ns, [&]() -> std::string {
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(9);
        inet_pton(AF_INET, router_ip, &to.sin_addr);
        for (int i = 0; i < 5; ++i) {
            sendto(fd, "x", 1, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        std::ifstream arp("/proc/net/arp");
        std::string line;
        while (std::getline(arp, line))
            if (line.rfind(std::string(router_ip) + " ", 0) == 0 && line.find("0x2") != std::string::npos)
                return "resolved";
        return "unresolved";
    }, state));
    const std::string out = router.stop();
    EXPECT_EQ(state, "unresolved");
    EXPECT_GE(handler_number(out, "from.count"), 1) << out << router.errors();
}

}  // namespace
}  // namespace snf::click::netns_testing
