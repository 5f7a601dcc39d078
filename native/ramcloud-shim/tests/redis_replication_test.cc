// wait_replicas against a real master and replica: writes wait until the replica has
// them, and fewer replicas than asked for is SNF_ERR_REPLICATION after wait_timeout_ms,
// for blocking, batched and async writes alike.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "client_calls.hh"
#include "redis_server.hh"
#include "snf/snf_client.h"

namespace {

using snf::test::RedisServer;
using snf::test::read;
using snf::test::write;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct ClientGuard {
    snf_client* client = nullptr;
    ~ClientGuard() { snf_client_free(client); }
};

snf_client* open_client(const std::string& uri, ClientGuard& guard) {
    char error[512] = {};
    EXPECT_EQ(snf_client_open(uri.c_str(), &guard.client, error, sizeof error), SNF_OK) << error;
    return guard.client;
}


class RedisReplicationTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string error = master_.start();
        ASSERT_EQ(error, "") << error;
        RedisServer::Options options;
        options.replica_of_port = master_.port();
        replica_ = std::make_unique<RedisServer>(options);
        error = replica_->start();
        ASSERT_EQ(error, "") << error;
        // Linked, and streaming: the master counts the replica online once the initial copy
        // is across, but sends it writes only after its first acknowledgement (up to a
        // second later). A probe written after "online" can only arrive by that stream.
        const auto deadline = Clock::now() + std::chrono::seconds(15);
        std::string master_info;
        while (Clock::now() < deadline &&
               master_info.find("state=online") == std::string::npos) {
            std::this_thread::sleep_for(milliseconds(20));
            master_info = master_.command({"INFO", "replication"});
        }
        ASSERT_NE(master_info.find("state=online"), std::string::npos)
            << "replica never came online:\n" << master_info << "\n" << replica_->log();
        ASSERT_EQ(master_.command({"SET", "probe", "streamed"}), "OK");
        while (Clock::now() < deadline) {
            if (replica_->command({"GET", "probe"}) == "streamed") return;
            std::this_thread::sleep_for(milliseconds(20));
        }
        FAIL() << "replica never received writes from its master:\n"
               << master_.command({"INFO", "replication"}) << "\n" << replica_->log();
    }

    std::string replica_value(uint64_t table, const std::string& key) {
        return replica_->command({"GET", "snf:" + std::to_string(table) + ":" + key});
    }

    RedisServer master_;
    std::unique_ptr<RedisServer> replica_;
};

TEST_F(RedisReplicationTest, WritesWaitForTheReplica) {
    ClientGuard guard;
    snf_client* c = open_client(master_.uri("wait_replicas=1&wait_timeout_ms=3000"), guard);
    ASSERT_NE(c, nullptr);
    uint64_t table = 0;
    ASSERT_EQ(snf_table_create(c, "replicated", &table), SNF_OK);
    for (int i = 0; i < 20; ++i) {
        const std::string key = "k" + std::to_string(i), value = "v" + std::to_string(i);
        uint64_t version = 0;
        ASSERT_EQ(write(c, table, key, value, &version), SNF_OK) << snf_client_last_error(c);
        // Acknowledged means on the replica already: no waiting here.
        const std::string stored = replica_value(table, key);
        ASSERT_EQ(stored.size(), 16 + value.size()) << stored;
        EXPECT_EQ(stored.substr(16), value);
    }

    snf_multi_write_op ops[3] = {};
    const char* keys[3] = {"m0", "m1", "m2"};
    for (int i = 0; i < 3; ++i) {
        ops[i].table_id = table;
        ops[i].key = keys[i];
        ops[i].key_length = 2;
        ops[i].value = "batch";
        ops[i].value_length = 5;
    }
    ASSERT_EQ(snf_multi_write(c, ops, 3), SNF_OK) << snf_client_last_error(c);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(ops[i].status, SNF_OK);
        EXPECT_EQ(replica_value(table, keys[i]).substr(16), "batch");
    }

    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_write(c, table, "async", 5, "a", 1, nullptr, 0, nullptr, nullptr, &op),
              SNF_OK);
    EXPECT_EQ(snf_op_wait(op, 5000), SNF_OK) << snf_op_error(op);
    snf_op_free(op);
    EXPECT_EQ(replica_value(table, "async").substr(16), "a");

    uint64_t removed = 0;
    ASSERT_EQ(snf_remove(c, table, "k0", 2, nullptr, &removed), SNF_OK);
    EXPECT_EQ(replica_value(table, "k0"), "(nil)");
}

TEST_F(RedisReplicationTest, TooFewReplicasIsAReplicationError) {
    ClientGuard guard;
    snf_client* c = open_client(master_.uri("wait_replicas=2&wait_timeout_ms=300"), guard);
    ASSERT_NE(c, nullptr);
    uint64_t table = 0;
    ASSERT_EQ(snf_table_create(c, "underreplicated", &table), SNF_OK);

    auto begin = Clock::now();
    EXPECT_EQ(write(c, table, "k", "v"), SNF_ERR_REPLICATION);
    auto elapsed = Clock::now() - begin;
    EXPECT_GE(elapsed, milliseconds(250));
    EXPECT_LT(elapsed, milliseconds(3000));
    const std::string error = snf_client_last_error(c);
    EXPECT_NE(error.find("only 1 of 2 replicas"), std::string::npos) << error;
    // Written on the master (and the one replica) all the same.
    EXPECT_EQ(master_.command({"GET", "snf:" + std::to_string(table) + ":k"}).substr(16), "v");

    snf_multi_write_op ops[2] = {};
    for (int i = 0; i < 2; ++i) {
        ops[i].table_id = table;
        ops[i].key = i ? "b" : "a";
        ops[i].key_length = 1;
        ops[i].value = "x";
        ops[i].value_length = 1;
    }
    ops[1].reject.exists = 1;  // rejected by its rule: the WAIT verdict does not apply
    ASSERT_EQ(write(c, table, "b", "present"), SNF_ERR_REPLICATION);
    begin = Clock::now();
    ASSERT_EQ(snf_multi_write(c, ops, 2), SNF_OK) << snf_client_last_error(c);
    EXPECT_LT(Clock::now() - begin, milliseconds(3000));
    EXPECT_EQ(ops[0].status, SNF_ERR_REPLICATION);
    EXPECT_EQ(ops[1].status, SNF_ERR_OBJECT_EXISTS);

    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_write(c, table, "async", 5, "a", 1, nullptr, 0, nullptr, nullptr, &op),
              SNF_OK);
    EXPECT_EQ(snf_op_wait(op, 5000), SNF_ERR_REPLICATION) << snf_op_error(op);
    EXPECT_NE(std::string(snf_op_error(op)).find("only 1 of 2"), std::string::npos);
    snf_op_free(op);

    // Reads do not wait for anything.
    begin = Clock::now();
    std::string buffer(16, '\0');
    uint32_t length = 0;
    EXPECT_EQ(snf_read(c, table, "k", 1, nullptr, buffer.data(), 16, &length, nullptr), SNF_OK);
    EXPECT_LT(Clock::now() - begin, milliseconds(250));
}

}  // namespace
