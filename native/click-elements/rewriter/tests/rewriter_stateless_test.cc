// Rewriters with their mappings in the StatelessNF store: routers sharing one store
// (embedded and a real redis-server) continue each other's flows, race on new flows
// without ever making two mappings, keep to their port slices, let mappings expire by
// the store's TTL, survive a store restart, and (async) keep per-flow order and bound
// the packets they park. FTPPortMapper's sequence deltas travel through the store.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "rewriter/tests/rewriter_test_support.hh"
#include "redis_server.hh"

namespace snf::click::rewriter::test {
namespace {

std::atomic<int> store_counter{0};

// A private embedded store per test, so tests never see each other's mappings.
std::string fresh_embedded() { return "embedded:rewriter-test-" + std::to_string(store_counter++); }

std::string nat(const std::string& mode, const std::string& store, const std::string& extra = "",
                const std::string& pattern = "1.0.0.1 1024-65535#") {
    return "rw :: IPRewriter(pattern " + pattern + " - - 0 1, drop, MODE " + mode + ", STORE \"" + store +
           "\", TABLE nat" + extra + ");\n"
           "Idle -> [0]rw; Idle -> [1]rw; rw[0] -> out0 :: RewriterTestSink(0); rw[1] -> out1 :: RewriterTestSink(1);\n";
}

const uint32_t inside = ip(10, 0, 0, 4);
const uint32_t outside = ip(198, 51, 100, 9);
const uint32_t public_address = ip(1, 0, 0, 1);

// Pushes and, in async mode, runs the router until `count` packets reached `sink`.
void push_and_settle(TestRouter& t, int port, const PacketSpec& spec, const char* sink, std::size_t count) {
    t.push("rw", port, spec);
    EXPECT_TRUE(t.run_until([&] { return t.sink(sink)->seen.size() >= count && t.read("rw.parked") == "0"; }, 100000))
        << "the packet did not leave " << sink << " in time";
}

void flows_move_between_routers(const std::string& mode, const std::string& store) {
    // A table of its own per run keeps earlier runs' mappings out of the way.
    std::string table = ", TABLE moving" + std::to_string(store_counter++);
    TestRouter a(nat(mode, store, table + ", PORT_SLICE 0/2"));
    TestRouter b(nat(mode, store, table + ", PORT_SLICE 1/2"));
    ASSERT_TRUE(a.router) << a.errors;
    ASSERT_TRUE(b.router) << b.errors;
    // Flow 1 starts on A, continues on B; flow 2 starts on B; replies cross over.
    push_and_settle(a, 0, udp(inside, 40, outside, 53, "a1"), "out0", 1);
    push_and_settle(b, 0, udp(inside, 40, outside, 53, "a2"), "out0", 1);
    push_and_settle(b, 0, udp(inside, 41, outside, 53, "b1"), "out0", 2);
    push_and_settle(a, 0, udp(inside, 41, outside, 53, "b2"), "out0", 2);
    ASSERT_EQ(a.sink("out0")->seen.size(), 2u) << a.read("rw.store_failures") << ' ' << a.read("rw.store_stats");
    ASSERT_EQ(b.sink("out0")->seen.size(), 2u) << b.read("rw.store_failures");
    uint16_t port1 = a.sink("out0")->seen[0].sport, port2 = b.sink("out0")->seen[1].sport;
    EXPECT_EQ(b.sink("out0")->seen[0].sport, port1);
    EXPECT_EQ(a.sink("out0")->seen[1].sport, port2);
    EXPECT_EQ(a.sink("out0")->seen[1].src, public_address);
    // Each instance chose from its own half of the range.
    EXPECT_LT(port1, 1024 + 32256);
    EXPECT_GE(port2, 1024 + 32256);
    push_and_settle(b, 1, udp(outside, 53, public_address, port1, "r1"), "out1", 1);
    push_and_settle(a, 1, udp(outside, 53, public_address, port2, "r2"), "out1", 1);
    ASSERT_EQ(b.sink("out1")->seen.size(), 1u);
    ASSERT_EQ(a.sink("out1")->seen.size(), 1u);
    EXPECT_EQ(b.sink("out1")->seen[0].dport, 40);
    EXPECT_EQ(a.sink("out1")->seen[0].dport, 41);
    for (const Seen& s : b.sink("out1")->seen)
        EXPECT_TRUE(s.ip_checksum_ok && s.transport_checksum_ok);
}

TEST(RewriterStateless, FlowsMoveBetweenRoutersEmbedded) {
    for (const char* mode : {"sync", "cache", "async"}) {
        SCOPED_TRACE(mode);
        flows_move_between_routers(mode, fresh_embedded());
    }
}

TEST(RewriterStateless, FlowsMoveBetweenRoutersRedis) {
    ::snf::test::RedisServer redis;
    ASSERT_EQ(redis.start(), "");
    for (const char* mode : {"sync", "cache", "async"}) {
        SCOPED_TRACE(mode);
        flows_move_between_routers(mode, redis.uri());
    }
}

TEST(RewriterStateless, ConcurrentCreationMakesOneMapping) {
    ::snf::test::RedisServer redis;
    ASSERT_EQ(redis.start(), "");
    for (const std::string& store : {fresh_embedded(), redis.uri()}) {
        SCOPED_TRACE(store);
        constexpr int flows = 150;
        std::string table = "race" + std::to_string(store_counter++);
        std::vector<uint16_t> ports[2];
        std::atomic<int> ready{0};
        auto instance = [&](int which) {
            TestRouter t(nat("sync", store, ", TABLE " + table + ", PORT_SLICE " + std::to_string(which) + "/2"));
            // Counted even when the router failed, so the other instance never waits
            // forever; the missing flows then fail the test.
            ready.fetch_add(1);
            if (!t.router)
                return;
            while (ready.load() < 2)
                std::this_thread::yield();
            for (int i = 0; i < flows; ++i)
                t.push("rw", 0, udp(inside, uint16_t(2000 + i), outside, 53));
            for (const Seen& s : t.sink("out0")->seen)
                ports[which].push_back(s.sport);
        };
        std::thread first(instance, 0), second(instance, 1);
        first.join();
        second.join();
        ASSERT_EQ(ports[0].size(), std::size_t(flows));
        ASSERT_EQ(ports[1].size(), std::size_t(flows));
        EXPECT_EQ(ports[0], ports[1]);  // whoever created a flow, both use its mapping
    }
}

TEST(RewriterStateless, PortSliceExhaustionAndTakenReplyKeys) {
    std::string store = fresh_embedded();
    TestRouter a(nat("sync", store, ", PORT_SLICE 0/2", "1.0.0.1 1000-1003#"));
    TestRouter b(nat("sync", store, ", PORT_SLICE 1/2", "1.0.0.1 1000-1003#"));
    TestRouter c(nat("sync", store, ", PORT_SLICE 0/2", "1.0.0.1 1000-1003#"));
    ASSERT_TRUE(a.router && b.router && c.router) << a.errors;
    for (uint16_t port = 1; port <= 3; ++port)
        a.push("rw", 0, udp(inside, port, outside, 53));
    ASSERT_EQ(a.sink("out0")->seen.size(), 2u);
    EXPECT_EQ(a.sink("out0")->seen[0].sport, 1000);
    EXPECT_EQ(a.sink("out0")->seen[1].sport, 1001);
    EXPECT_EQ(a.read("rw.mapping_failures"), "1");
    b.push("rw", 0, udp(inside, 9, outside, 53));
    ASSERT_EQ(b.sink("out0")->seen.size(), 1u);
    EXPECT_EQ(b.sink("out0")->seen[0].sport, 1002);
    // A misconfigured instance on A's slice finds A's reply keys taken in the store.
    c.push("rw", 0, udp(ip(10, 0, 0, 5), 7, ip(198, 51, 100, 10), 53));
    c.push("rw", 0, udp(ip(10, 0, 0, 5), 8, outside, 53));
    ASSERT_EQ(c.sink("out0")->seen.size(), 1u);
    EXPECT_EQ(c.sink("out0")->seen[0].sport, 1000);  // another destination: free
    EXPECT_EQ(c.read("rw.mapping_failures"), "1");    // to A's destination: both taken
}

TEST(RewriterStateless, MappingsExpireByStoreTtlUnlessUsed) {
    ::snf::test::RedisServer redis;
    ASSERT_EQ(redis.start(), "");
    // Cache mode refreshes the TTL of flows it holds locally without reading the store.
    for (const char* mode : {"sync", "cache"})
        for (const std::string& store : {redis.uri(), fresh_embedded()}) {
            SCOPED_TRACE(std::string(mode) + ' ' + store);
            std::string table = ", STATE_TTL 1s, TABLE ttl" + std::to_string(store_counter++);
            TestRouter t(nat(mode, store, table));
            ASSERT_TRUE(t.router) << t.errors;
            t.push("rw", 0, udp(inside, 40, outside, 53));  // idle flow
            t.push("rw", 0, udp(inside, 41, outside, 53));  // busy flow
            ASSERT_EQ(t.sink("out0")->seen.size(), 2u);
            uint16_t idle_port = t.sink("out0")->seen[0].sport, busy_port = t.sink("out0")->seen[1].sport;
            auto start = std::chrono::steady_clock::now();
            while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1800)) {
                t.router->run(1);  // keeps the coarse clock moving
                t.push("rw", 0, udp(inside, 41, outside, 53));
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
            // Replies go through an instance that knows only what the store still holds.
            TestRouter probe(nat("sync", store, table));
            ASSERT_TRUE(probe.router) << probe.errors;
            probe.push("rw", 1, udp(outside, 53, public_address, idle_port));
            probe.push("rw", 1, udp(outside, 53, public_address, busy_port));
            ASSERT_EQ(probe.sink("out1")->seen.size(), 1u);
            EXPECT_EQ(probe.sink("out1")->seen[0].dport, 41);
        }
}

// The refreshes a flow's TTL needs are due once per TTL/4. Sync and async hold no flows,
// and the path's memo of recent refreshes is lossy (flows sharing a memo set evict each
// other), so the tier's record of its own writes must keep a memo miss from becoming a
// blocking store write on a busy flow's packets. (Sync only: async shares the setting and
// the tier's refresh check, and creating this many flows one settled round after another
// would take it tens of seconds.)
TEST(RewriterStateless, BusyFlowsAreNotRefreshedOnEveryPacket) {
    TestRouter t(nat("sync", fresh_embedded(), ", STATE_TTL 60s"));
    ASSERT_TRUE(t.router) << t.errors;
    constexpr int flows = 12000;  // enough for memo sets shared by three or more flows
    for (int round = 1; round <= 3; ++round) {
        for (int f = 0; f < flows; ++f)
            t.push("rw", 0, udp(ip(10, 1, uint8_t(f >> 8), uint8_t(f)), 40, outside, 53));
        ASSERT_TRUE(t.run_until([&] { return t.sink("out0")->seen.size() >= std::size_t(round * flows); }))
            << "round " << round << ": " << t.sink("out0")->seen.size() << " packets out";
    }
    std::string stats = t.read("rw.store_stats");
    EXPECT_NE(stats.find("touches 0\n"), std::string::npos) << stats;
}

TEST(RewriterStateless, StoreRestartDropsThenRecovers) {
    ::snf::test::RedisServer redis;
    ASSERT_EQ(redis.start(), "");
    TestRouter t(nat("sync", redis.uri()));
    TestRouter cached(nat("cache", redis.uri()));
    ASSERT_TRUE(t.router && cached.router) << t.errors;
    t.push("rw", 0, udp(inside, 40, outside, 53));
    cached.push("rw", 0, udp(inside, 40, outside, 53));
    ASSERT_EQ(t.sink("out0")->seen.size(), 1u);
    ASSERT_EQ(cached.sink("out0")->seen.size(), 1u);
    redis.kill9();
    t.push("rw", 0, udp(inside, 41, outside, 53));
    EXPECT_EQ(t.sink("out0")->seen.size(), 1u);
    EXPECT_EQ(t.read("rw.store_failures"), "1");
    cached.push("rw", 0, udp(inside, 40, outside, 53));  // held locally: still forwarded
    EXPECT_EQ(cached.sink("out0")->seen.size(), 2u);
    ASSERT_EQ(redis.restart(), "");
    bool recovered = false;
    for (int i = 0; i < 100 && !recovered; ++i) {
        t.push("rw", 0, udp(inside, 42, outside, 53));
        recovered = t.sink("out0")->seen.size() == 2;
        if (!recovered)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(recovered) << t.read("rw.store_failures");
}

TEST(RewriterStateless, StoreUnreachableAtStart) {
    TestRouter t(nat("sync", "redis://127.0.0.1:1"));
    ASSERT_TRUE(t.router) << t.errors;
    t.push("rw", 0, udp(inside, 40, outside, 53));
    EXPECT_EQ(t.sink("out0")->seen.size(), 0u);
    EXPECT_EQ(t.read("rw.store_failures"), "1");
}

TEST(RewriterStateless, AsyncKeepsPerFlowOrderAndBoundsParking) {
    TestRouter t(nat("async", fresh_embedded(), ", MAX_PARKED 6"));
    ASSERT_TRUE(t.router) << t.errors;
    const char* order[] = {"a1", "b1", "a2", "c1", "b2", "a3", "a4", "b3"};
    for (const char* payload : order) {
        uint16_t port = payload[0] == 'a' ? 40 : payload[0] == 'b' ? 41 : 42;
        t.push("rw", 0, udp(inside, port, outside, 53, payload));
    }
    EXPECT_EQ(t.read("rw.parked"), "6");
    EXPECT_EQ(t.read("rw.parked_drops"), "2");  // a4 and b3
    EXPECT_TRUE(t.run_until([&] { return t.sink("out0")->seen.size() == 6; }));
    std::string a, b;
    for (const Seen& s : t.sink("out0")->seen)
        (s.payload[0] == 'a' ? a : s.payload[0] == 'b' ? b : a) += s.payload[0] == 'c' ? "" : s.payload;
    EXPECT_EQ(a, "a1a2a3");
    EXPECT_EQ(b, "b1b2");
    EXPECT_EQ(t.read("rw.parked"), "0");
}

TEST(RewriterStateless, FtpSequenceDeltasLiveInTheStore) {
    std::string store = fresh_embedded();
    auto config = [&](const char* slice) {
        return "rw :: TCPRewriter(pattern 1.0.0.1 2000-2999# - - 0 1, drop, MODE sync, STORE \"" + store +
               "\", TABLE ftp, PORT_SLICE " + slice + ");\n"
               "ftp :: FTPPortMapper(rw, rw, 0);\n"
               "Idle -> ftp -> [0]rw; Idle -> [1]rw; rw[0] -> out0 :: RewriterTestSink(0);"
               "rw[1] -> out1 :: RewriterTestSink(1);\n";
    };
    TestRouter a(config("0/2")), b(config("1/2"));
    ASSERT_TRUE(a.router && b.router) << a.errors;
    a.push("ftp", 0, tcp(inside, 3000, outside, 21, 100, 0, "USER x\r\n"));
    a.push("ftp", 0, tcp(inside, 3000, outside, 21, 108, 0, "PORT 10,0,0,4,200,200\r\n"));
    ASSERT_EQ(a.sink("out0")->seen.size(), 2u);
    EXPECT_EQ(a.sink("out0")->seen[1].payload, "PORT 1,0,0,1,7,209\r\n");
    // Instance B takes over: the client's next segment and the server's ack use the delta.
    b.push("ftp", 0, tcp(inside, 3000, outside, 21, 131, 0, "LIST\r\n"));
    b.push("rw", 1, tcp(outside, 21, public_address, 2000, 9, 133, ""));
    ASSERT_EQ(b.sink("out0")->seen.size(), 1u);
    EXPECT_EQ(b.sink("out0")->seen[0].seq, 128u);  // 16-byte argument became 13
    ASSERT_EQ(b.sink("out1")->seen.size(), 1u);
    EXPECT_EQ(b.sink("out1")->seen[0].ack, 136u);
    EXPECT_TRUE(b.sink("out1")->seen[0].transport_checksum_ok);
    // And the data connection mapping made on A works on B.
    b.push("rw", 1, tcp(outside, 20, public_address, 2001, 1, 0, ""));
    ASSERT_EQ(b.sink("out1")->seen.size(), 2u);
    EXPECT_EQ(b.sink("out1")->seen[1].dport, 200 * 256 + 200);
}

}  // namespace
}  // namespace snf::click::rewriter::test
