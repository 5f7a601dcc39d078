// Native-mode rewriter behaviour: rewriting both directions with valid incremental
// checksums, input specs, port choice and exhaustion, handlers, ICMP echo, address
// rewriters, sequence translation, and malformed packets.
#include <gtest/gtest.h>

#include "rewriter/tests/rewriter_test_support.hh"
#include "snf/click/element_registry.hh"

namespace snf::click::rewriter::test {

SNF_EXPORT_ELEMENT(RewriterTestSink)

namespace {

const char* const nat_config =
    "rw :: IPRewriter(pattern 1.0.0.1 1024-65535# - - 0 1, drop);\n"
    "Idle -> [0]rw; Idle -> [1]rw; rw[0] -> out0 :: RewriterTestSink(0); rw[1] -> out1 :: RewriterTestSink(1);\n";

TEST(RewriterNative, RewritesBothDirectionsWithValidChecksums) {
    TestRouter t(nat_config);
    ASSERT_TRUE(t.router) << t.errors;
    t.push("rw", 0, udp(ip(10, 0, 0, 4), 40, ip(18, 26, 4, 44), 53));
    t.push("rw", 0, tcp(ip(10, 0, 0, 4), 41, ip(18, 26, 4, 44), 80, 1000, 0, "GET /"));
    ASSERT_EQ(t.sink("out0")->seen.size(), 2u);
    for (const Seen& s : t.sink("out0")->seen) {
        EXPECT_EQ(s.src, ip(1, 0, 0, 1));
        EXPECT_TRUE(s.ip_checksum_ok);
        EXPECT_TRUE(s.transport_checksum_ok);
    }
    EXPECT_EQ(t.sink("out0")->seen[0].sport, 1024);
    EXPECT_EQ(t.sink("out0")->seen[1].sport, 1025);
    // Replies come back to the original flow on output 1.
    t.push("rw", 1, udp(ip(18, 26, 4, 44), 53, ip(1, 0, 0, 1), 1024, "answer"));
    t.push("rw", 1, tcp(ip(18, 26, 4, 44), 80, ip(1, 0, 0, 1), 1025, 5, 1006, "200"));
    ASSERT_EQ(t.sink("out1")->seen.size(), 2u);
    for (const Seen& s : t.sink("out1")->seen) {
        EXPECT_EQ(s.dst, ip(10, 0, 0, 4));
        EXPECT_TRUE(s.ip_checksum_ok);
        EXPECT_TRUE(s.transport_checksum_ok);
    }
    EXPECT_EQ(t.sink("out1")->seen[0].dport, 40);
    EXPECT_EQ(t.sink("out1")->seen[1].dport, 41);
    EXPECT_EQ(t.read("rw.nmappings"), "2");
    EXPECT_EQ(t.read("rw.table_size"), "2");
    // An unknown reply on the drop input is dropped.
    t.push("rw", 1, udp(ip(18, 26, 4, 44), 53, ip(1, 0, 0, 1), 2000));
    EXPECT_EQ(t.sink("out1")->seen.size(), 2u);
}

TEST(RewriterNative, ZeroUdpChecksumStaysZero) {
    TestRouter t(nat_config);
    ASSERT_TRUE(t.router) << t.errors;
    PacketSpec s = udp(ip(10, 0, 0, 4), 40, ip(18, 26, 4, 44), 53);
    s.zero_udp_checksum = true;
    t.push("rw", 0, s);
    ASSERT_EQ(t.sink("out0")->seen.size(), 1u);
    EXPECT_EQ(t.sink("out0")->seen[0].udp_checksum, 0);
    EXPECT_TRUE(t.sink("out0")->seen[0].ip_checksum_ok);
}

TEST(RewriterNative, TablesAndPatternsHandlers) {
    TestRouter t(nat_config);
    ASSERT_TRUE(t.router) << t.errors;
    t.push("rw", 0, udp(ip(10, 0, 0, 4), 40, ip(18, 26, 4, 44), 53));
    EXPECT_EQ(t.read("rw.udp_table"),
              "(10.0.0.4, 40, 18.26.4.44, 53) => (1.0.0.1, 1024, 18.26.4.44, 53) [*0 1] i0 exp300\n"
              "(18.26.4.44, 53, 1.0.0.1, 1024) => (18.26.4.44, 53, 10.0.0.4, 40) [0 *1] i0 exp300");
    EXPECT_EQ(t.read("rw.tcp_table"), "");
    EXPECT_EQ(t.read("rw.patterns"), "1.0.0.1 1024-65535 - - [1]\n<drop>");
    EXPECT_EQ(t.read("rw.capacity"), "2147483647");
    EXPECT_EQ(t.read("rw.size"), "1");
    EXPECT_TRUE(t.write("rw.clear", ""));
    EXPECT_EQ(t.read("rw.size"), "0");
    EXPECT_EQ(t.read("rw.mode"), "native");
}

TEST(RewriterNative, PortRangeExhaustionCountsFailures) {
    TestRouter t("rw :: UDPRewriter(pattern 1.0.0.1 5000-5001# - - 0 0);\n"
                 "Idle -> rw -> out0 :: RewriterTestSink(0);\n");
    ASSERT_TRUE(t.router) << t.errors;
    for (uint16_t port = 1; port <= 3; ++port)
        t.push("rw", 0, udp(ip(10, 0, 0, 4), port, ip(18, 26, 4, 44), 53));
    EXPECT_EQ(t.sink("out0")->seen.size(), 2u);
    EXPECT_EQ(t.read("rw.mapping_failures"), "1");
    EXPECT_EQ(t.read("rw.nmappings"), "2");
}

TEST(RewriterNative, PreferredSourcePortAndPortSlices) {
    TestRouter t("rw :: UDPRewriter(pattern 1.0.0.1 5000-5099 - - 0 0, PORT_SLICE 1/4);\n"
                 "Idle -> rw -> out0 :: RewriterTestSink(0);\n");
    ASSERT_TRUE(t.router) << t.errors;
    // The packet's own port is kept when it lies in this instance's slice (5025-5049).
    t.push("rw", 0, udp(ip(10, 0, 0, 4), 5030, ip(18, 26, 4, 44), 53));
    t.push("rw", 0, udp(ip(10, 0, 0, 5), 5000, ip(18, 26, 4, 44), 53));
    ASSERT_EQ(t.sink("out0")->seen.size(), 2u);
    EXPECT_EQ(t.sink("out0")->seen[0].sport, 5030);
    EXPECT_GE(t.sink("out0")->seen[1].sport, 5025);
    EXPECT_LE(t.sink("out0")->seen[1].sport, 5049);
}

TEST(RewriterNative, PassKeepAndNonFirstFragments) {
    TestRouter t("rw :: IPRewriter(keep 0 1, pass 2);\n"
                 "Idle -> [0]rw; Idle -> [1]rw;\n"
                 "rw[0] -> out0 :: RewriterTestSink(0); rw[1] -> out1 :: RewriterTestSink(1);"
                 "rw[2] -> out2 :: RewriterTestSink(2);\n");
    ASSERT_TRUE(t.router) << t.errors;
    t.push("rw", 0, udp(ip(10, 0, 0, 4), 40, ip(18, 26, 4, 44), 53));
    t.push("rw", 1, udp(ip(18, 26, 4, 44), 53, ip(10, 0, 0, 4), 40));
    t.push("rw", 1, udp(ip(18, 26, 4, 44), 54, ip(10, 0, 0, 4), 40));
    PacketSpec icmp = udp(ip(10, 0, 0, 4), 7, ip(18, 26, 4, 44), 0);
    icmp.proto = 1;
    t.push("rw", 0, icmp);  // not TCP/UDP, input 0 is keep: dropped
    PacketSpec later = udp(ip(10, 0, 0, 4), 40, ip(18, 26, 4, 44), 53);
    later.fragment_offset = 100;
    t.push("rw", 1, later);  // later fragments only pass
    ASSERT_EQ(t.sink("out0")->seen.size(), 1u);
    EXPECT_EQ(t.sink("out0")->seen[0].sport, 40);
    ASSERT_EQ(t.sink("out1")->seen.size(), 1u);
    EXPECT_EQ(t.sink("out2")->seen.size(), 2u);
}

TEST(RewriterNative, MalformedPacketsAreDroppedAndCounted) {
    TestRouter t(nat_config);
    ASSERT_TRUE(t.router) << t.errors;
    const unsigned char junk[] = {0x45, 0, 0, 40, 0, 0};
    WritablePacket* p = Packet::make(junk, sizeof junk);
    p->set_network_header(p->data(), 20);
    t.element("rw")->push(0, p);
    WritablePacket* q = Packet::make(junk, sizeof junk);  // no network header at all
    t.element("rw")->push(0, q);
    EXPECT_EQ(t.sink("out0")->seen.size(), 0u);
    EXPECT_EQ(t.read("rw.malformed_drops"), "2");
}

TEST(RewriterNative, IcmpPingRewriter) {
    TestRouter t("rw :: ICMPPingRewriter(pattern 1.0.0.1 100-200# - - 0 1, drop);\n"
                 "Idle -> [0]rw; Idle -> [1]rw; rw[0] -> out0 :: RewriterTestSink(0);"
                 "rw[1] -> out1 :: RewriterTestSink(1);\n");
    ASSERT_TRUE(t.router) << t.errors;
    PacketSpec echo;
    echo.proto = 1;
    echo.src = ip(10, 0, 0, 4);
    echo.dst = ip(18, 26, 4, 44);
    echo.sport = 777;
    echo.payload = "ping";
    t.push("rw", 0, echo);
    ASSERT_EQ(t.sink("out0")->seen.size(), 1u);
    EXPECT_EQ(t.sink("out0")->seen[0].src, ip(1, 0, 0, 1));
    EXPECT_EQ(t.sink("out0")->seen[0].sport, 100);
    EXPECT_TRUE(t.sink("out0")->seen[0].transport_checksum_ok);
    PacketSpec reply = echo;
    reply.src = ip(18, 26, 4, 44);
    reply.dst = ip(1, 0, 0, 1);
    reply.sport = 100;
    reply.icmp_type = 0;
    t.push("rw", 1, reply);
    ASSERT_EQ(t.sink("out1")->seen.size(), 1u);
    EXPECT_EQ(t.sink("out1")->seen[0].dst, ip(10, 0, 0, 4));
    EXPECT_EQ(t.sink("out1")->seen[0].sport, 777);
    EXPECT_TRUE(t.sink("out1")->seen[0].transport_checksum_ok);
    EXPECT_EQ(t.read("rw.table"),
              "(10.0.0.4, 18.26.4.44, 777) => (1.0.0.1, 18.26.4.44, 100) [*0 1] i0 exp300\n"
              "(18.26.4.44, 1.0.0.1, 101) => (18.26.4.44, 10.0.0.4, 778) [0 *1] i0 exp300");
}

TEST(RewriterNative, AddressRewriters) {
    TestRouter t("a :: IPAddrRewriter(pattern 1.0.0.1-1.0.0.9# - 0 1, drop);\n"
                 "Idle -> [0]a; Idle -> [1]a; a[0] -> out0 :: RewriterTestSink(0);"
                 "a[1] -> out1 :: RewriterTestSink(1);\n"
                 "b :: IPAddrPairRewriter(pattern 2.0.0.1 - 0 1);\n"
                 "Idle -> b -> out2 :: RewriterTestSink(2); b[1] -> out3 :: RewriterTestSink(3);\n");
    ASSERT_TRUE(t.router) << t.errors;
    t.push("a", 0, tcp(ip(10, 0, 0, 4), 40, ip(18, 26, 4, 44), 80));
    t.push("a", 0, udp(ip(10, 0, 0, 4), 41, ip(18, 26, 4, 45), 53));
    t.push("a", 0, udp(ip(10, 0, 0, 5), 41, ip(18, 26, 4, 45), 53));
    t.push("a", 1, udp(ip(18, 26, 4, 45), 53, ip(1, 0, 0, 2), 41));
    ASSERT_EQ(t.sink("out0")->seen.size(), 3u);
    EXPECT_EQ(t.sink("out0")->seen[0].src, ip(1, 0, 0, 1));
    EXPECT_EQ(t.sink("out0")->seen[0].sport, 40);
    EXPECT_EQ(t.sink("out0")->seen[1].src, ip(1, 0, 0, 1));
    EXPECT_EQ(t.sink("out0")->seen[2].src, ip(1, 0, 0, 2));
    for (const Seen& s : t.sink("out0")->seen)
        EXPECT_TRUE(s.ip_checksum_ok && s.transport_checksum_ok);
    ASSERT_EQ(t.sink("out1")->seen.size(), 1u);
    EXPECT_EQ(t.sink("out1")->seen[0].dst, ip(10, 0, 0, 5));
    EXPECT_TRUE(t.sink("out1")->seen[0].transport_checksum_ok);

    t.push("b", 0, udp(ip(10, 0, 0, 4), 40, ip(18, 26, 4, 44), 53));
    t.push("b", 0, udp(ip(18, 26, 4, 44), 53, ip(2, 0, 0, 1), 40));
    ASSERT_EQ(t.sink("out2")->seen.size(), 1u);
    EXPECT_EQ(t.sink("out2")->seen[0].src, ip(2, 0, 0, 1));
    ASSERT_EQ(t.sink("out3")->seen.size(), 1u);
    EXPECT_EQ(t.sink("out3")->seen[0].dst, ip(10, 0, 0, 4));
}

TEST(RewriterNative, RoundRobinMapper) {
    TestRouter t("m :: RoundRobinIPMapper(- - 10.0.0.1 80 0 1, - - 10.0.0.2 80 0 1);\n"
                 "rw :: IPRewriter(m, drop);\n"
                 "Idle -> [0]rw; Idle -> [1]rw; rw[0] -> out0 :: RewriterTestSink(0);"
                 "rw[1] -> out1 :: RewriterTestSink(1);\n");
    ASSERT_TRUE(t.router) << t.errors;
    for (uint16_t port = 1; port <= 3; ++port)
        t.push("rw", 0, tcp(ip(192, 0, 2, 1), port, ip(198, 51, 100, 1), 80));
    ASSERT_EQ(t.sink("out0")->seen.size(), 3u);
    EXPECT_EQ(t.sink("out0")->seen[0].dst, ip(10, 0, 0, 1));
    EXPECT_EQ(t.sink("out0")->seen[1].dst, ip(10, 0, 0, 2));
    EXPECT_EQ(t.sink("out0")->seen[2].dst, ip(10, 0, 0, 1));
    t.push("rw", 1, tcp(ip(10, 0, 0, 2), 80, ip(192, 0, 2, 1), 2));
    ASSERT_EQ(t.sink("out1")->seen.size(), 1u);
    EXPECT_EQ(t.sink("out1")->seen[0].src, ip(198, 51, 100, 1));
}

TEST(RewriterNative, FtpEprtRewritesAndShiftsSequenceNumbers) {
    TestRouter t("IPRewriterPatterns(ftp 1.0.0.1 2000-2999# - -);\n"
                 "rw :: TCPRewriter(pattern ftp 0 1, drop);\n"
                 "ftp :: FTPPortMapper(rw, rw, 0);\n"
                 "Idle -> ftp -> [0]rw; Idle -> [1]rw; rw[0] -> out0 :: RewriterTestSink(0);"
                 "rw[1] -> out1 :: RewriterTestSink(1);\n");
    ASSERT_TRUE(t.router) << t.errors;
    uint32_t client = ip(10, 0, 0, 4), server = ip(198, 51, 100, 7);
    t.push("ftp", 0, tcp(client, 3000, server, 21, 100, 0, "USER x\r\n"));
    t.push("ftp", 0, tcp(client, 3000, server, 21, 108, 0, "EPRT |1|10.0.0.4|45678|\r\n"));
    t.push("ftp", 0, tcp(client, 3000, server, 21, 133, 0, "LIST\r\n"));
    ASSERT_EQ(t.sink("out0")->seen.size(), 3u);
    const Seen& eprt = t.sink("out0")->seen[1];
    EXPECT_EQ(eprt.payload, "EPRT |1|1.0.0.1|2001|\r\n");
    EXPECT_TRUE(eprt.ip_checksum_ok && eprt.transport_checksum_ok);
    // 25 bytes became 23: later sequence numbers move back by 2, acks forward by 2.
    EXPECT_EQ(t.sink("out0")->seen[2].seq, 131u);
    t.push("rw", 1, tcp(server, 21, ip(1, 0, 0, 1), 2000, 7, 137, ""));
    ASSERT_EQ(t.sink("out1")->seen.size(), 1u);
    EXPECT_EQ(t.sink("out1")->seen[0].ack, 139u);
    EXPECT_TRUE(t.sink("out1")->seen[0].transport_checksum_ok);
    // The data connection from the server reaches the client's announced port.
    t.push("rw", 1, tcp(server, 20, ip(1, 0, 0, 1), 2001, 1, 0, ""));
    ASSERT_EQ(t.sink("out1")->seen.size(), 2u);
    EXPECT_EQ(t.sink("out1")->seen[1].dport, 45678);
    EXPECT_EQ(t.read("ftp.rewrites"), "1");
}

TEST(RewriterNative, ConfigurationErrors) {
    TestRouter t("rw :: IPRewriter(pattern 1.0.0.1 0 - - 0 1, frob, pattern 1.0.0.1 1 - - 0 5, MODE sideways);\n"
                 "Idle -> [0]rw; Idle -> [1]rw; Idle -> [2]rw; rw[0] -> Discard; rw[1] -> Discard;\n");
    EXPECT_FALSE(t.router);
    EXPECT_NE(t.errors.find("input spec 0: bad source port"), std::string::npos) << t.errors;
    EXPECT_NE(t.errors.find("input spec 1: unknown specification"), std::string::npos) << t.errors;
    EXPECT_NE(t.errors.find("input spec 2: output port out of range"), std::string::npos) << t.errors;
    EXPECT_NE(t.errors.find("MODE: expected native, sync, async or cache"), std::string::npos) << t.errors;
    TestRouter u("rw :: IPRewriter(drop); Idle -> [0]rw; Idle -> [1]rw; rw -> Discard;\n");
    EXPECT_FALSE(u.router);
    EXPECT_NE(u.errors.find("need 2 arguments, one per input port"), std::string::npos) << u.errors;
}

TEST(RewriterNative, CapacityEvictsOnlyFlowsPastTheirGuarantee) {
    TestRouter t("rw :: UDPRewriter(pattern 1.0.0.1 5000-5999# - - 0 0, MAPPING_CAPACITY 2, UDP_GUARANTEE 0);\n"
                 "Idle -> rw -> out0 :: RewriterTestSink(0);\n");
    ASSERT_TRUE(t.router) << t.errors;
    for (uint16_t port = 1; port <= 3; ++port)
        t.push("rw", 0, udp(ip(10, 0, 0, 4), port, ip(18, 26, 4, 44), 53));
    EXPECT_EQ(t.sink("out0")->seen.size(), 3u);
    EXPECT_EQ(t.read("rw.size"), "2");
    TestRouter g("rw :: UDPRewriter(pattern 1.0.0.1 5000-5999# - - 0 0, MAPPING_CAPACITY 2, UDP_GUARANTEE 3600);\n"
                 "Idle -> rw -> out0 :: RewriterTestSink(0);\n");
    ASSERT_TRUE(g.router) << g.errors;
    for (uint16_t port = 1; port <= 3; ++port)
        g.push("rw", 0, udp(ip(10, 0, 0, 4), port, ip(18, 26, 4, 44), 53));
    EXPECT_EQ(g.sink("out0")->seen.size(), 2u);
    EXPECT_EQ(g.read("rw.mapping_failures"), "1");
}

}  // namespace
}  // namespace snf::click::rewriter::test
