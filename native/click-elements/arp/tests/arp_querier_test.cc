// ARPQuerier in a router built in-process: packets pushed straight into its inputs,
// results pulled from queues after its outputs. Covers the limits, expiry, refresh
// queries and handlers that need precise control of time and input.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "arp/arp_packet.hh"
#include "router_test_support.hh"

namespace snf::click {
namespace {

using testing::build;
using testing::read;
using testing::write;

constexpr const char* two_outputs = R"(
    Idle -> aq :: ARPQuerier(10.0.0.1/24, 02:00:00:00:00:01%s);
    Idle -> [1]aq;
    aq[0] -> out :: Queue(100) -> Idle;
    aq[1] -> queries :: Queue(100) -> Idle;
)";

std::string config(const std::string& keywords) {
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, two_outputs, keywords.c_str());
    return buffer;
}

// A 20-byte IPv4 header to 10.0.0.x, with the destination annotation set.
Packet* ip_packet(uint8_t last_octet) {
    unsigned char header[20] = {0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, last_octet};
    WritablePacket* p = Packet::make(header, sizeof header);
    p->set_dst_ip_anno(IPAddress::from_host_order(0x0A000000u | last_octet).addr);
    return p;
}

Packet* arp_reply(uint8_t last_octet, uint8_t mac_last) {
    EtherAddress them, me;
    them.bytes = {2, 0, 0, 0, 0, mac_last};
    me.bytes = {2, 0, 0, 0, 0, 1};
    return arp::make_frame(arp::opcode_reply, me, them, IPAddress::from_host_order(0x0A000000u | last_octet), me,
                           IPAddress::from_host_order(0x0A000001u));
}

int drain(Router& r, const char* queue, std::string* first_bytes = nullptr) {
    int n = 0;
    while (Packet* p = r.find(queue)->pull(0)) {
        if (first_bytes && n == 0)
            *first_bytes = std::string(reinterpret_cast<const char*>(p->data()), p->length());
        ++n;
        p->kill();
    }
    return n;
}

TEST(ARPQuerierTest, QueriesGoToTheSecondOutputAtMostTenTimesASecond) {
    auto b = build(config(""));
    ASSERT_TRUE(b.router) << b.errors();
    Element* aq = b.router->find("aq");
    for (int i = 0; i < 3; ++i)
        aq->push(0, ip_packet(2));
    std::string query;
    EXPECT_EQ(drain(*b.router, "queries", &query), 1);
    ASSERT_EQ(query.size(), arp::frame_length);
    EXPECT_EQ(query.substr(0, 6), std::string(6, '\xff'));
    EXPECT_EQ(read(*b.router, "aq.length"), "3");
    std::this_thread::sleep_for(std::chrono::milliseconds(110));
    aq->push(0, ip_packet(2));
    EXPECT_EQ(drain(*b.router, "queries"), 1);
    aq->push(1, arp_reply(2, 2));
    EXPECT_EQ(drain(*b.router, "out"), 4);
    EXPECT_EQ(read(*b.router, "aq.queries"), "2");
    EXPECT_EQ(read(*b.router, "aq.length"), "0");
}

TEST(ARPQuerierTest, EntryPacketCapacityAndCapacityDropWaitingPackets) {
    auto b = build(config(", ENTRY_PACKET_CAPACITY 2, CAPACITY 4"));
    ASSERT_TRUE(b.router) << b.errors();
    Element* aq = b.router->find("aq");
    for (int i = 0; i < 3; ++i)
        aq->push(0, ip_packet(2));
    EXPECT_EQ(read(*b.router, "aq.length"), "2");
    for (uint8_t host = 3; host <= 5; ++host)
        aq->push(0, ip_packet(host));
    // The fifth waiting packet overflows CAPACITY 4: half the capacity is freed from the
    // oldest entries first.
    EXPECT_LE(std::stoi(read(*b.router, "aq.length")), 4);
    EXPECT_NE(read(*b.router, "aq.stats").find("ARP queries sent"), std::string::npos);
    const int killed = std::stoi(read(*b.router, "aq.stats"));
    EXPECT_EQ(killed + std::stoi(read(*b.router, "aq.length")), 6);
}

TEST(ARPQuerierTest, PollTimeoutRefreshesAKnownEntryWithAUnicastQuery) {
    auto b = build(config(", POLL_TIMEOUT 50ms"));
    ASSERT_TRUE(b.router) << b.errors();
    Element* aq = b.router->find("aq");
    aq->push(1, arp_reply(2, 2));
    aq->push(0, ip_packet(2));
    EXPECT_EQ(drain(*b.router, "out"), 1);
    EXPECT_EQ(drain(*b.router, "queries"), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    aq->push(0, ip_packet(2));
    std::string query;
    EXPECT_EQ(drain(*b.router, "queries", &query), 1);
    EXPECT_EQ(query.substr(0, 6), std::string("\x02\x00\x00\x00\x00\x02", 6));
    EXPECT_EQ(drain(*b.router, "out"), 1);
}

TEST(ARPQuerierTest, EntriesExpireAfterTimeout) {
    auto b = build(config(", TIMEOUT 50ms"));
    ASSERT_TRUE(b.router) << b.errors();
    Element* aq = b.router->find("aq");
    aq->push(1, arp_reply(2, 2));
    EXPECT_EQ(read(*b.router, "aq.table").substr(0, 29), "10.0.0.2 1 02:00:00:00:00:02 ");
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    EXPECT_EQ(read(*b.router, "aq.table").substr(0, 11), "10.0.0.2 0 ");
    aq->push(0, ip_packet(2));
    EXPECT_EQ(drain(*b.router, "out"), 0);
    EXPECT_EQ(drain(*b.router, "queries"), 1);
}

TEST(ARPQuerierTest, TruncatedAndForeignResponsesTeachNothing) {
    auto b = build(config(""));
    ASSERT_TRUE(b.router) << b.errors();
    Element* aq = b.router->find("aq");
    aq->push(1, Packet::make("\x02\x00", 2));
    // A request, and a reply claiming a group address: both ignored.
    Packet* request = arp_reply(3, 3);
    WritablePacket* w = request->uniqueify();
    w->data()[arp::off_opcode + 1] = 1;
    aq->push(1, w);
    Packet* group = arp_reply(4, 4);
    w = group->uniqueify();
    w->data()[arp::off_sender_ether] = 0x01;
    aq->push(1, w);
    EXPECT_EQ(read(*b.router, "aq.count"), "0");
    EXPECT_EQ(read(*b.router, "aq.drops"), "1");
    EXPECT_EQ(read(*b.router, "aq.responses"), "2");
}

TEST(ARPQuerierTest, InsertDeleteAndClearHandlers) {
    auto b = build(config(""));
    ASSERT_TRUE(b.router) << b.errors();
    Element* aq = b.router->find("aq");
    aq->push(0, ip_packet(7));
    EXPECT_EQ(drain(*b.router, "queries"), 1);
    ASSERT_TRUE(write(*b.router, "aq.insert", "10.0.0.7 02:00:00:00:00:07"));
    EXPECT_EQ(drain(*b.router, "out"), 1);  // the waiting packet went out
    EXPECT_FALSE(write(*b.router, "aq.insert", "10.0.0.7"));
    ASSERT_TRUE(write(*b.router, "aq.delete", "10.0.0.7"));
    EXPECT_EQ(read(*b.router, "aq.table").substr(0, 29), "10.0.0.7 0 ff:ff:ff:ff:ff:ff ");
    ASSERT_TRUE(write(*b.router, "aq.ipaddr", "10.0.0.9"));
    EXPECT_EQ(read(*b.router, "aq.ipaddr"), "10.0.0.9");
    EXPECT_FALSE(write(*b.router, "aq.ipaddr", "ten"));
    ASSERT_TRUE(write(*b.router, "aq.clear"));
    EXPECT_EQ(read(*b.router, "aq.count"), "0");
    EXPECT_EQ(read(*b.router, "aq.queries"), "0");
}

TEST(ARPQuerierTest, DeleteLeavesWaitingPacketsWaitingForTheNextReply) {
    auto b = build(config(""));
    ASSERT_TRUE(b.router) << b.errors();
    Element* aq = b.router->find("aq");
    aq->push(0, ip_packet(8));
    aq->push(0, ip_packet(8));
    ASSERT_TRUE(write(*b.router, "aq.delete", "10.0.0.8"));
    EXPECT_EQ(read(*b.router, "aq.length"), "2");
    EXPECT_EQ(drain(*b.router, "out"), 0);
    aq->push(1, arp_reply(8, 8));
    EXPECT_EQ(read(*b.router, "aq.length"), "0");
    EXPECT_EQ(drain(*b.router, "out"), 2);
    EXPECT_EQ(read(*b.router, "aq.stats"), "0 packets killed\n1 ARP queries sent\n");
}

TEST(ARPQuerierTest, BroadcastComesFromThePrefixUnlessGiven) {
    auto b = build(config(""));
    ASSERT_TRUE(b.router) << b.errors();
    EXPECT_EQ(read(*b.router, "aq.broadcast"), "10.0.0.255");
    auto given = build(config(", BROADCAST 10.0.0.127"));
    ASSERT_TRUE(given.router) << given.errors();
    EXPECT_EQ(read(*given.router, "aq.broadcast"), "10.0.0.127");
    auto bare = build("Idle -> aq :: ARPQuerier(10.0.0.1, 02:00:00:00:00:01) -> Discard; Idle -> [1]aq;");
    ASSERT_TRUE(bare.router) << bare.errors();
    EXPECT_EQ(read(*bare.router, "aq.broadcast"), "255.255.255.255");
}

}  // namespace
}  // namespace snf::click
