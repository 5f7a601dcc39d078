// Unit tests for the IP element group where a byte-level check reads better than a
// clicktest: incremental checksum updates against full recomputation, StoreIPAddress on
// zero UDP checksums and fragments, DecIPTTL over every TTL, and the summary dump's TCP
// option notation.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "ip/incremental_checksum.hh"
#include "snf/click/diagnostics.hh"
#include "snf/click/packet.hh"
#include "snf/click/router.hh"
#include "standard/internet_checksum.hh"
#include "standard/ip_summary_fields.hh"

namespace snf::click {
namespace {

// An IPv4 packet with a correct header checksum and, for UDP, the given UDP checksum
// (computed when `udp_checksum` is true, zero otherwise).
std::vector<unsigned char> udp_packet(uint32_t src, uint32_t dst, bool udp_checksum, uint16_t fragment = 0) {
    std::vector<unsigned char> b(20 + 8 + 4, 0);
    b[0] = 0x45;
    store_be16(&b[2], uint16_t(b.size()));
    store_be16(&b[6], fragment);
    b[8] = 64;
    b[9] = 17;
    store_be32(&b[12], src);
    store_be32(&b[16], dst);
    store_be16(&b[10], checksum_finish(checksum_add(b.data(), 20)));
    store_be16(&b[20], 1000);
    store_be16(&b[22], 53);
    store_be16(&b[24], 12);
    std::memcpy(&b[28], "abcd", 4);
    if (udp_checksum)
        store_be16(&b[26], checksum_finish(checksum_add(&b[20], 12, pseudo_header_sum(b.data(), 17, 12))));
    return b;
}

// A router whose element "in" receives pushed packets and whose Queue "out" keeps what
// leaves; "bad" keeps what leaves output 1 when the configuration routes it there.
struct Harness {
    std::unique_ptr<Router> router;
    Element* in = nullptr;
    Element* out = nullptr;

    explicit Harness(const std::string& element) {
        Diagnostics diagnostics;
        std::string text = "Idle -> in :: " + element + " -> out :: Queue(100) -> Idle;";
        router = Router::create(text, "test.click", {}, diagnostics);
        if (router) {
            in = router->find("in");
            out = router->find("out");
        }
    }
    // Pushes a copy of `bytes` marked as IP, returns the bytes that came out (empty if none).
    std::vector<unsigned char> run(const std::vector<unsigned char>& bytes) {
        WritablePacket* p = Packet::make(bytes.data(), uint32_t(bytes.size()));
        p->set_network_header(p->data(), uint32_t(p->data()[0] & 0x0f) * 4);
        in->push(0, p);
        Packet* q = out->pull(0);
        if (!q)
            return {};
        std::vector<unsigned char> result(q->data(), q->end_data());
        q->kill();
        return result;
    }
};

TEST(IncrementalChecksum, MatchesFullRecomputation) {
    std::mt19937 random(7);
    for (int trial = 0; trial < 2000; ++trial) {
        unsigned char header[20];
        for (unsigned char& byte : header)
            byte = uint8_t(random());
        store_be16(header + 10, 0);
        store_be16(header + 10, checksum_finish(checksum_add(header, 20)));
        // Change one 32-bit field that does not hold the checksum, then check the sum.
        const int fields[] = {0, 4, 12, 16};
        int word = fields[random() % 4];
        uint32_t old_value = load_be32(header + word);
        uint32_t new_value = uint32_t(random());
        store_be32(header + word, new_value);
        update_checksum32(header + 10, old_value, new_value);
        EXPECT_EQ(checksum_finish(checksum_add(header, 20)), 0) << "trial " << trial;
    }
}

TEST(StoreIPAddress, UpdatesChecksumsAndKeepsZeroUdpChecksum) {
    Harness h("StoreIPAddress(192.0.2.9, src)");
    ASSERT_TRUE(h.router);
    auto with_sum = h.run(udp_packet(0x0a000001, 0x0a000002, true));
    ASSERT_EQ(with_sum.size(), 32u);
    EXPECT_EQ(load_be32(&with_sum[12]), 0xc0000209u);
    EXPECT_EQ(checksum_finish(checksum_add(with_sum.data(), 20)), 0);
    EXPECT_EQ(checksum_finish(checksum_add(&with_sum[20], 12, pseudo_header_sum(with_sum.data(), 17, 12))), 0);

    auto without_sum = h.run(udp_packet(0x0a000001, 0x0a000002, false));
    ASSERT_EQ(without_sum.size(), 32u);
    EXPECT_EQ(load_be16(&without_sum[26]), 0);
    EXPECT_EQ(checksum_finish(checksum_add(without_sum.data(), 20)), 0);
}

TEST(StoreIPAddress, LeavesLaterFragmentsPayloadAlone) {
    Harness h("StoreIPAddress(192.0.2.9, dst)");
    ASSERT_TRUE(h.router);
    auto original = udp_packet(0x0a000001, 0x0a000002, true, 0x0003);
    auto stored = h.run(original);
    ASSERT_EQ(stored.size(), original.size());
    EXPECT_EQ(load_be32(&stored[16]), 0xc0000209u);
    EXPECT_EQ(checksum_finish(checksum_add(stored.data(), 20)), 0);
    // Bytes after the IP header belong to the middle of the datagram: untouched.
    EXPECT_TRUE(std::equal(stored.begin() + 20, stored.end(), original.begin() + 20));
}

TEST(DecIPTTL, ChecksumStaysValidForEveryTTL) {
    Harness h("DecIPTTL");
    ASSERT_TRUE(h.router);
    for (int ttl = 2; ttl <= 255; ++ttl) {
        auto packet = udp_packet(0x01020304, 0x05060708, true);
        packet[8] = uint8_t(ttl);
        store_be16(&packet[10], 0);
        store_be16(&packet[10], checksum_finish(checksum_add(packet.data(), 20)));
        auto out = h.run(packet);
        ASSERT_EQ(out.size(), packet.size()) << "ttl " << ttl;
        EXPECT_EQ(out[8], ttl - 1);
        EXPECT_EQ(checksum_finish(checksum_add(out.data(), 20)), 0) << "ttl " << ttl;
    }
    for (int ttl = 0; ttl <= 1; ++ttl) {
        auto packet = udp_packet(0x01020304, 0x05060708, true);
        packet[8] = uint8_t(ttl);
        EXPECT_TRUE(h.run(packet).empty()) << "expired ttl " << ttl << " must not reach output 0";
    }
}

TEST(TcpOptionNotation, RoundTripsClickText) {
    const char* texts[] = {"mss1460", "sackok;wscale7", "sack1-10;sack1-18;sack18-20", "ts1:2",
                           "mss536;sack5-9", "30=1:2:3", "sack1-2;sack3-4;sack5-6"};
    for (const char* text : texts) {
        std::string bytes;
        ASSERT_TRUE(parse_tcp_options(text, bytes)) << text;
        EXPECT_EQ(bytes.size() % 4, 0u) << text;
        EXPECT_EQ(unparse_tcp_options(reinterpret_cast<const unsigned char*>(bytes.data()), uint32_t(bytes.size())),
                  text);
    }
}

TEST(TcpOptionNotation, ParsesClickSyntaxVariants) {
    std::string bytes;
    ASSERT_TRUE(parse_tcp_options("sack1:18", bytes));
    EXPECT_EQ(bytes.size(), 12u);  // one 10-byte option, EOL-padded
    EXPECT_EQ(bytes[0], 5);
    EXPECT_EQ(bytes[1], 10);
    ASSERT_TRUE(parse_tcp_options("sack1-2,sack3-4", bytes));
    EXPECT_EQ(bytes[1], 18);  // ",sack" continues the same option
    ASSERT_TRUE(parse_tcp_options("ts5:6", bytes));
    EXPECT_EQ(bytes.substr(0, 3), std::string("\x01\x01\x08", 3));
    ASSERT_TRUE(parse_tcp_options(".", bytes));
    EXPECT_TRUE(bytes.empty());
    for (const char* bad : {"bogus", "mss", "mss65536", "wscale256", "sack1", "sack1-", "ts1", "mss1;",
                            "sack1-2;sack3-4;sack5-6;sack7-8;sack9-10", "300", "1=2:"}) {
        std::string out;
        EXPECT_FALSE(parse_tcp_options(bad, out)) << bad;
    }
}

TEST(TcpOptionNotation, MalformedOptionsPrintQuestionMark) {
    const unsigned char truncated_mss[] = {2, 4, 5};
    EXPECT_EQ(unparse_tcp_options(truncated_mss, 3), "?");
    const unsigned char zero_length[] = {30, 0, 0, 0};
    EXPECT_EQ(unparse_tcp_options(zero_length, 4), "?");
    const unsigned char padding_only[] = {1, 1, 0, 0};
    EXPECT_EQ(unparse_tcp_options(padding_only, 4), ".");
}

TEST(TcpFlagsNotation, ReadsLettersSynonymsAndNumbers) {
    EXPECT_EQ(parse_tcp_flags("S"), uint16_t(0x02));
    EXPECT_EQ(parse_tcp_flags("SA"), uint16_t(0x12));
    EXPECT_EQ(parse_tcp_flags("ECN"), uint16_t(0x1c0));
    EXPECT_EQ(parse_tcp_flags("WXY"), uint16_t(0xc0));
    EXPECT_EQ(parse_tcp_flags("."), uint16_t(0));
    EXPECT_EQ(parse_tcp_flags("4095"), uint16_t(4095));
    EXPECT_FALSE(parse_tcp_flags("4096"));
    EXPECT_FALSE(parse_tcp_flags("SQ"));
    EXPECT_FALSE(parse_tcp_flags(""));
}

}  // namespace
}  // namespace snf::click
