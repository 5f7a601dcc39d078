// Redis Cluster-specific behaviour of the client, through the C ABI against a real
// 3-master cluster: objects spread over every master, keys sharing a {tag} share a slot,
// a slot moved behind the client's back (MOVED) or in the middle of a migration (ASK), a
// slot no master serves for a while (CLUSTERDOWN, retried within the command timeout),
// dropping a table on every master, and 100,000 objects written and read back.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "client_calls.hh"
#include "redis_cluster.hh"
#include "redis_cluster_slots.hh"
#include "snf/snf_client.h"

namespace {

using snf::redis::object_slot;
using snf::test::RedisCluster;
using snf::test::RedisServer;
using snf::test::read;
using snf::test::write;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct ClientGuard {
    snf_client* client = nullptr;
    ~ClientGuard() { snf_client_free(client); }
};



std::string object_key(uint64_t table, const std::string& key) {
    return "snf:" + std::to_string(table) + ":" + key;
}

long long integer(const std::string& text) { return text.empty() ? -1 : std::stoll(text); }

// How many error replies starting with `code` (MOVED, ASK) the server has sent.
long long errors_sent(const RedisServer& server, const std::string& code) {
    const std::string stats = server.command({"INFO", "errorstats"});
    const std::string field = "errorstat_" + code + ":count=";
    const size_t at = stats.find(field);
    if (at == std::string::npos) return 0;
    return std::stoll(stats.substr(at + field.size()));
}

TEST(RedisClusterOpenTest, UnreachableSeedsAndNonClusterServersFailTheOpen) {
    snf_client* client = reinterpret_cast<snf_client*>(0x1);
    char error[512] = {};
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    EXPECT_EQ(snf_client_open("redis-cluster://127.0.0.1:1,127.0.0.1:2", &client, error, sizeof error),
              SNF_ERR_CONNECTION);
    EXPECT_EQ(client, nullptr);
    EXPECT_NE(std::string(error).find("127.0.0.1:2"), std::string::npos) << error;

    RedisServer plain;
    const std::string started = plain.start();
    ASSERT_EQ(started, "") << started;
    const std::string uri = "redis-cluster://127.0.0.1:" + std::to_string(plain.port());
    EXPECT_EQ(snf_client_open(uri.c_str(), &client, error, sizeof error), SNF_ERR_CONNECTION);
    EXPECT_NE(std::string(error).find("cluster support disabled"), std::string::npos) << error;
}

// One cluster for every test of the suite: starting one takes a second or two.
class RedisClusterBackendTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        cluster_ = new RedisCluster();
        start_error_ = cluster_->start();
    }

    static void TearDownTestSuite() {
        delete cluster_;
        cluster_ = nullptr;
    }

    void SetUp() override {
        ASSERT_EQ(start_error_, "") << start_error_;
        char error[512] = {};
        ASSERT_EQ(snf_client_open(cluster_->uri().c_str(), &guard_.client, error, sizeof error), SNF_OK)
            << error;
        client_ = guard_.client;
        const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        ASSERT_EQ(snf_table_create(client_, name.c_str(), &table_), SNF_OK) << snf_client_last_error(client_);
    }

    void TearDown() override {
        if (client_) {
            const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
            snf_table_drop(client_, name.c_str());
        }
    }

    // The node serving the object (table_, key) as master.
    int owner(const std::string& key) { return cluster_->master_of_slot(object_slot(table_, key)); }

    static inline RedisCluster* cluster_ = nullptr;
    static inline std::string start_error_;
    ClientGuard guard_;
    snf_client* client_ = nullptr;
    uint64_t table_ = 0;
};

TEST_F(RedisClusterBackendTest, BackendNameAndPing) {
    EXPECT_STREQ(snf_client_backend(client_), "redis-cluster");
    EXPECT_EQ(snf_client_ping(client_), SNF_OK) << snf_client_last_error(client_);
}

TEST_F(RedisClusterBackendTest, ObjectsSpreadOverEveryMaster) {
    const std::vector<int> masters = cluster_->masters();
    ASSERT_EQ(masters.size(), 3u);
    std::vector<long long> before;
    for (int m : masters) before.push_back(integer(cluster_->node(m).command({"DBSIZE"})));
    for (int i = 0; i < 300; ++i)
        ASSERT_EQ(write(client_, table_, "key-" + std::to_string(i), "v"), SNF_OK)
            << snf_client_last_error(client_);
    for (size_t k = 0; k < masters.size(); ++k) {
        const long long after = integer(cluster_->node(masters[k]).command({"DBSIZE"}));
        EXPECT_GT(after - before[k], 50) << "master " << masters[k] << " got too few of 300 objects";
    }
    // Each object is on the master of its slot, as the server computes it.
    for (int i = 0; i < 300; i += 37) {
        const std::string key = "key-" + std::to_string(i);
        EXPECT_EQ(integer(cluster_->node(masters[0]).command({"CLUSTER", "KEYSLOT", object_key(table_, key)})),
                  object_slot(table_, key));
        EXPECT_EQ(cluster_->node(owner(key)).command({"EXISTS", object_key(table_, key)}), "1");
    }
}

TEST_F(RedisClusterBackendTest, KeysSharingATagShareASlot) {
    uint64_t reverse_table = 0;
    ASSERT_EQ(snf_table_create(client_, "KeysSharingATagShareASlot-reverse", &reverse_table), SNF_OK);
    for (int flow = 0; flow < 20; ++flow) {
        const std::string tag = "{10.0.0." + std::to_string(flow) + ":4000}";
        ASSERT_EQ(write(client_, table_, tag + "out", "mapping"), SNF_OK);
        ASSERT_EQ(write(client_, reverse_table, tag + "in", "mapping"), SNF_OK);
        const std::string a = object_key(table_, tag + "out");
        const std::string b = object_key(reverse_table, tag + "in");
        // A two-key EXISTS only works when both keys are in one slot of that node.
        const int node = owner(tag + "out");
        ASSERT_GE(node, 0);
        EXPECT_EQ(cluster_->node(node).command({"EXISTS", a, b}), "2") << tag;
    }
    EXPECT_EQ(snf_table_drop(client_, "KeysSharingATagShareASlot-reverse"), SNF_OK);
}

TEST_F(RedisClusterBackendTest, SlotMovedBehindTheClientsBackIsFollowed) {
    const std::string key = "moving";
    uint64_t version = 0;
    ASSERT_EQ(write(client_, table_, key, "before", &version), SNF_OK);
    // Warm the async path's slot knowledge too.
    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_read(client_, table_, key.data(), 6, nullptr, nullptr, &op), SNF_OK);
    ASSERT_EQ(snf_op_wait(op, 5000), SNF_OK) << snf_op_error(op);
    snf_op_free(op);

    const uint16_t slot = object_slot(table_, key);
    const int source = cluster_->master_of_slot(slot);
    int target = -1;
    for (int m : cluster_->masters())
        if (m != source) target = m;
    ASSERT_GE(target, 0);
    ASSERT_EQ(cluster_->move_slot(slot, static_cast<size_t>(target)), "");
    EXPECT_EQ(cluster_->node(target).command({"EXISTS", object_key(table_, key)}), "1");
    const long long moved_before = errors_sent(cluster_->node(source), "MOVED");

    std::string value;
    uint64_t read_version = 0;
    EXPECT_EQ(read(client_, table_, key, &value, &read_version), SNF_OK) << snf_client_last_error(client_);
    EXPECT_EQ(value, "before");
    EXPECT_EQ(read_version, version);
    snf_reject_rules if_version{};
    if_version.doesnt_exist = 1;
    if_version.version_ne_given = 1;
    if_version.given_version = version;
    EXPECT_EQ(write(client_, table_, key, "after", nullptr, &if_version), SNF_OK)
        << snf_client_last_error(client_);

    ASSERT_EQ(snf_async_read(client_, table_, key.data(), 6, nullptr, nullptr, &op), SNF_OK);
    ASSERT_EQ(snf_op_wait(op, 5000), SNF_OK) << snf_op_error(op);
    const void* data = nullptr;
    uint32_t length = 0;
    ASSERT_EQ(snf_op_value(op, &data, &length), SNF_OK);
    EXPECT_EQ(std::string(static_cast<const char*>(data), length), "after");
    snf_op_free(op);
    EXPECT_EQ(cluster_->node(target).command({"GET", object_key(table_, key)}).substr(16), "after");
    // Sent away once; the slot map both paths share knew the new owner from then on.
    EXPECT_EQ(errors_sent(cluster_->node(source), "MOVED") - moved_before, 1);
}

TEST_F(RedisClusterBackendTest, KeysOfASlotInMigrationAreFoundThroughAsk) {
    const std::string tag = "{migrating}";
    const std::string moved = tag + "moved", stayed = tag + "stayed", created = tag + "created";
    ASSERT_EQ(write(client_, table_, moved, "m"), SNF_OK);
    ASSERT_EQ(write(client_, table_, stayed, "s"), SNF_OK);
    const uint16_t slot = object_slot(table_, moved);
    const int source = cluster_->master_of_slot(slot);
    int target = -1;
    for (int m : cluster_->masters())
        if (m != source) target = m;
    ASSERT_GE(source, 0);
    ASSERT_GE(target, 0);
    RedisServer& from = cluster_->node(static_cast<size_t>(source));
    RedisServer& to = cluster_->node(static_cast<size_t>(target));
    const std::string s = std::to_string(slot);
    ASSERT_EQ(to.command({"CLUSTER", "SETSLOT", s, "IMPORTING", cluster_->node_id(source)}), "OK");
    ASSERT_EQ(from.command({"CLUSTER", "SETSLOT", s, "MIGRATING", cluster_->node_id(target)}), "OK");
    ASSERT_EQ(from.command({"MIGRATE", "127.0.0.1", std::to_string(to.port()), "", "0", "5000",
                            "KEYS", object_key(table_, moved)}),
              "OK");

    const long long ask_before = errors_sent(from, "ASK");
    std::string value;
    EXPECT_EQ(read(client_, table_, moved, &value), SNF_OK) << snf_client_last_error(client_);
    EXPECT_EQ(value, "m");
    EXPECT_EQ(errors_sent(from, "ASK") - ask_before, 1);
    EXPECT_EQ(read(client_, table_, stayed, &value), SNF_OK) << snf_client_last_error(client_);
    EXPECT_EQ(value, "s");
    // A new key of a migrating slot is created on the importing node.
    snf_reject_rules create_only{};
    create_only.exists = 1;
    EXPECT_EQ(write(client_, table_, created, "c", nullptr, &create_only), SNF_OK)
        << snf_client_last_error(client_);
    EXPECT_EQ(read(client_, table_, created, &value), SNF_OK) << snf_client_last_error(client_);
    EXPECT_EQ(value, "c");
    EXPECT_EQ(write(client_, table_, created, "again", nullptr, &create_only), SNF_ERR_OBJECT_EXISTS);
    uint64_t removed = 0;
    EXPECT_EQ(snf_remove(client_, table_, moved.data(), static_cast<uint32_t>(moved.size()), nullptr,
                         &removed),
              SNF_OK)
        << snf_client_last_error(client_);
    EXPECT_NE(removed, 0u);
    // Async ops take the same way.
    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_read(client_, table_, created.data(), static_cast<uint32_t>(created.size()),
                             nullptr, nullptr, &op),
              SNF_OK);
    EXPECT_EQ(snf_op_wait(op, 5000), SNF_OK) << snf_op_error(op);
    snf_op_free(op);
    // moved (read, remove), created (create, read, create again, async read): all asked.
    EXPECT_EQ(errors_sent(from, "ASK") - ask_before, 6);

    // Finish the migration; everything is where the cluster says.
    ASSERT_EQ(cluster_->move_slot(slot, static_cast<size_t>(target)), "");
    EXPECT_EQ(to.command({"EXISTS", object_key(table_, stayed), object_key(table_, created)}), "2");
    EXPECT_EQ(read(client_, table_, moved), SNF_ERR_OBJECT_DOESNT_EXIST);
    EXPECT_EQ(read(client_, table_, stayed, &value), SNF_OK);
    EXPECT_EQ(value, "s");
}

TEST_F(RedisClusterBackendTest, UnservedSlotIsRetriedWithinTheCommandTimeout) {
    const std::string key = "orphaned-for-a-while";
    ASSERT_EQ(write(client_, table_, key, "v"), SNF_OK);
    const uint16_t slot = object_slot(table_, key);
    const int owner_node = cluster_->master_of_slot(slot);
    ASSERT_GE(owner_node, 0);
    const std::string owner_id = cluster_->node_id(static_cast<size_t>(owner_node));
    const std::string s = std::to_string(slot);
    // Every node forgets who serves the slot: the cluster answers CLUSTERDOWN.
    for (size_t i = 0; i < cluster_->size(); ++i)
        ASSERT_EQ(cluster_->node(i).command({"CLUSTER", "DELSLOTS", s}), "OK");
    auto give_back = [&] {
        cluster_->node(static_cast<size_t>(owner_node)).command({"CLUSTER", "ADDSLOTS", s});
        for (size_t i = 0; i < cluster_->size(); ++i)
            if (static_cast<int>(i) != owner_node)
                cluster_->node(i).command({"CLUSTER", "SETSLOT", s, "NODE", owner_id});
    };

    // Past the command timeout: the reason is reported (the cluster's CLUSTERDOWN, or,
    // for a client that learned the map after the slot was dropped, the slot itself).
    ClientGuard impatient;
    char error[512] = {};
    ASSERT_EQ(snf_client_open(cluster_->uri("command_timeout_ms=200").c_str(), &impatient.client, error,
                              sizeof error),
              SNF_OK)
        << error;
    EXPECT_EQ(read(impatient.client, table_, key), SNF_ERR_CONNECTION);
    const std::string reason = snf_client_last_error(impatient.client);
    EXPECT_TRUE(reason.find("CLUSTERDOWN") != std::string::npos ||
                reason.find("no master serves slot " + s) != std::string::npos)
        << reason;

    // Within it: the call waits for the slot to be served again.
    std::thread restore([&] {
        std::this_thread::sleep_for(milliseconds(300));
        give_back();
    });
    const auto start = Clock::now();
    const int32_t st = write(client_, table_, key, "after");
    const auto waited = Clock::now() - start;
    restore.join();
    EXPECT_EQ(st, SNF_OK) << snf_client_last_error(client_);
    EXPECT_GE(waited, milliseconds(250));
    std::string value;
    EXPECT_EQ(read(client_, table_, key, &value), SNF_OK);
    EXPECT_EQ(value, "after");
    const std::string ok = cluster_->wait_until_ok(10000);
    EXPECT_EQ(ok, "") << ok;
}

TEST_F(RedisClusterBackendTest, DropDeletesObjectsOnEveryMaster) {
    for (int i = 0; i < 200; ++i) ASSERT_EQ(write(client_, table_, "d" + std::to_string(i), "x"), SNF_OK);
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(snf_table_drop(client_, name.c_str()), SNF_OK) << snf_client_last_error(client_);
    for (int m : cluster_->masters()) {
        const std::string found = cluster_->node(m).command(
            {"SCAN", "0", "MATCH", "snf:" + std::to_string(table_) + ":*", "COUNT", "100000"});
        EXPECT_EQ(found, "0\n") << "master " << m << " kept objects of the dropped table";
    }
    EXPECT_EQ(write(client_, table_, "d0", "x"), SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_EQ(read(client_, table_, "d1"), SNF_ERR_TABLE_DOESNT_EXIST);
}

TEST_F(RedisClusterBackendTest, HundredThousandObjectsWrittenAndReadBack) {
    constexpr int kObjects = 100000;
    constexpr int kBatch = 1000;
    std::vector<std::string> keys, values;
    keys.reserve(kObjects);
    values.reserve(kObjects);
    for (int i = 0; i < kObjects; ++i) {
        keys.push_back("flow-" + std::to_string(i));
        values.push_back("mapping-" + std::to_string(i * 7));
    }
    const auto start = Clock::now();
    std::vector<snf_multi_write_op> writes(kBatch);
    for (int first = 0; first < kObjects; first += kBatch) {
        for (int k = 0; k < kBatch; ++k) {
            snf_multi_write_op& w = writes[static_cast<size_t>(k)];
            w = snf_multi_write_op{};
            w.table_id = table_;
            w.key = keys[static_cast<size_t>(first + k)].data();
            w.key_length = static_cast<uint32_t>(keys[static_cast<size_t>(first + k)].size());
            w.value = values[static_cast<size_t>(first + k)].data();
            w.value_length = static_cast<uint32_t>(values[static_cast<size_t>(first + k)].size());
        }
        ASSERT_EQ(snf_multi_write(client_, writes.data(), kBatch), SNF_OK) << snf_client_last_error(client_);
        for (const auto& w : writes) ASSERT_EQ(w.status, SNF_OK);
    }
    const auto written = Clock::now();
    std::vector<snf_multi_read_op> reads(kBatch);
    std::vector<std::string> buffers(kBatch, std::string(64, '\0'));
    int matched = 0;
    for (int first = 0; first < kObjects; first += kBatch) {
        for (int k = 0; k < kBatch; ++k) {
            snf_multi_read_op& r = reads[static_cast<size_t>(k)];
            r = snf_multi_read_op{};
            r.table_id = table_;
            r.key = keys[static_cast<size_t>(first + k)].data();
            r.key_length = static_cast<uint32_t>(keys[static_cast<size_t>(first + k)].size());
            r.buffer = buffers[static_cast<size_t>(k)].data();
            r.buffer_capacity = 64;
        }
        ASSERT_EQ(snf_multi_read(client_, reads.data(), kBatch), SNF_OK) << snf_client_last_error(client_);
        for (int k = 0; k < kBatch; ++k) {
            const auto& r = reads[static_cast<size_t>(k)];
            if (r.status == SNF_OK &&
                std::string(static_cast<const char*>(r.buffer), r.value_length) ==
                    values[static_cast<size_t>(first + k)])
                ++matched;
        }
    }
    const auto done = Clock::now();
    EXPECT_EQ(matched, kObjects);
    long long stored = 0;
    for (int m : cluster_->masters()) stored += integer(cluster_->node(m).command({"DBSIZE"}));
    EXPECT_GE(stored, kObjects);
    std::printf("[ cluster  ] 100000 objects: written in %lld ms, read back in %lld ms\n",
                static_cast<long long>(std::chrono::duration_cast<milliseconds>(written - start).count()),
                static_cast<long long>(std::chrono::duration_cast<milliseconds>(done - written).count()));
}

}  // namespace
