// Packet: buffer arithmetic, clones and copies, annotations, and the per-thread pool
// (a warmed-up make/kill cycle must not touch the heap).
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <thread>

#include "snf/click/packet.hh"

namespace snf::click {
namespace {

std::string bytes(const Packet* p) {
    return std::string(reinterpret_cast<const char*>(p->data()), p->length());
}

TEST(RouterPacket, MakeCopiesDataWithDefaultHeadroom) {
    WritablePacket* p = Packet::make("hello", 5);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(bytes(p), "hello");
    EXPECT_EQ(p->headroom(), Packet::default_headroom);
    EXPECT_GE(p->tailroom(), 0u);
    EXPECT_FALSE(p->shared());
    p->kill();
}

TEST(RouterPacket, PullPushTakePut) {
    WritablePacket* p = Packet::make("0123456789", 10);
    p->pull(4);
    EXPECT_EQ(bytes(p), "456789");
    p = p->push(2);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(bytes(p), "23456789");  // the stripped bytes are still in the headroom
    p->take(3);
    EXPECT_EQ(bytes(p), "23456");
    p = p->put(2);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->length(), 7u);
    p->pull(100);  // clamped
    EXPECT_EQ(p->length(), 0u);
    p->kill();
}

TEST(RouterPacket, PushBeyondHeadroomMovesBytesAndKeepsHeaders) {
    WritablePacket* p = Packet::make(4, "abcdef", 6, 0);
    p->set_network_header(p->data() + 2, 2);
    p = p->push(100);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->length(), 106u);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(p->data()) + 100, 6), "abcdef");
    ASSERT_TRUE(p->has_network_header());
    EXPECT_EQ(p->network_header_offset(), 102);
    EXPECT_EQ(p->network_header_length(), 2u);
    EXPECT_EQ(p->network_header()[0], 'c');
    p->kill();
}

TEST(RouterPacket, CloneSharesBytesAndUniqueifyCopies) {
    WritablePacket* p = Packet::make("shared", 6);
    p->set_paint_anno(7);
    Packet* c = p->clone();
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(p->shared());
    EXPECT_EQ(c->data(), p->data());
    EXPECT_EQ(c->paint_anno(), 7);
    c->set_paint_anno(9);
    EXPECT_EQ(p->paint_anno(), 7);  // annotations are per packet

    WritablePacket* w = c->uniqueify();
    ASSERT_NE(w, nullptr);
    EXPECT_NE(w->data(), p->data());
    w->data()[0] = 'S';
    EXPECT_EQ(bytes(p), "shared");
    EXPECT_EQ(bytes(w), "Shared");
    EXPECT_FALSE(p->shared());
    w->kill();
    p->kill();
}

TEST(RouterPacket, AnnotationsAndTimestamp) {
    WritablePacket* p = Packet::make(0);
    p->set_dst_ip_anno(0x0100000a);
    p->set_anno_u32(20, 0xdeadbeef);
    p->set_anno_u64(40, 42);
    p->set_timestamp_anno(Timestamp::make_sec(1000000000, 5));
    EXPECT_EQ(p->dst_ip_anno(), 0x0100000au);
    EXPECT_EQ(p->anno_u32(20), 0xdeadbeefu);
    EXPECT_EQ(p->anno_u64(40), 42u);
    EXPECT_EQ(p->timestamp_anno().unparse(), "1000000000.000005");
    // Offsets past the area are clamped, never written outside it.
    p->set_anno_u64(1000, 1);
    EXPECT_EQ(p->anno_u64(Packet::anno_size - 8), 1u);
    p->clear_annotations();
    EXPECT_EQ(p->dst_ip_anno(), 0u);
    EXPECT_TRUE(p->timestamp_anno().zero());
    p->kill();
}

TEST(RouterPacket, TooLargeRequestsFail) {
    EXPECT_EQ(Packet::make(0, nullptr, Packet::max_buffer_capacity + 1, 0), nullptr);
    WritablePacket* p = Packet::make(10);
    EXPECT_EQ(p->put(Packet::max_buffer_capacity), nullptr);  // freed on failure
}

TEST(RouterPacket, WarmPoolServesPacketsWithoutHeapAllocations) {
    // Warm up the calling thread's free lists.
    std::vector<Packet*> held;
    for (int i = 0; i < 64; ++i)
        held.push_back(Packet::make(nullptr, 1500));
    for (Packet* p : held)
        p->kill();
    PacketPoolStats before = Packet::pool_stats();
    for (int i = 0; i < 100000; ++i) {
        WritablePacket* p = Packet::make(nullptr, 1500);
        Packet* c = p->clone();
        p->pull(14);
        c->kill();
        p->kill();
    }
    PacketPoolStats after = Packet::pool_stats();
    EXPECT_EQ(after.packet_allocations, before.packet_allocations);
    EXPECT_EQ(after.buffer_allocations, before.buffer_allocations);
    EXPECT_GE(after.packets_reused - before.packets_reused, 200000u);
}

TEST(RouterPacket, PoolIsPerThreadAndTrimmable) {
    std::thread t([] {
        Packet::make(100)->kill();
        PacketPoolStats s = Packet::pool_stats();
        EXPECT_EQ(s.free_packets, 1u);
        EXPECT_EQ(s.free_buffers, 1u);
        Packet::trim_pool();
        EXPECT_EQ(Packet::pool_stats().free_packets, 0u);
    });
    t.join();
}

}  // namespace
}  // namespace snf::click
