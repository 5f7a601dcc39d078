// The socket=PATH option of redis:// URIs: parsing, and a client reaching real
// redis-server processes over a Unix-domain socket (reads, writes, writes that wait for a
// replica, async ops, reconnecting after the server restarts).
#include <gtest/gtest.h>

#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "redis_cluster_options.hh"
#include "redis_options.hh"
#include "client_calls.hh"
#include "redis_server.hh"
#include "snf/snf_client.h"
#include "uri.hh"

namespace {

using snf::StoreUri;
using snf::parse_store_uri;
using snf::redis::RedisOptions;
using snf::redis::parse_redis_options;
using snf::test::RedisServer;
using snf::test::read;
using snf::test::write;
using Clock = std::chrono::steady_clock;

int32_t parse(const std::string& text, RedisOptions& o, std::string& error) {
    StoreUri uri;
    if (int32_t st = parse_store_uri(text, uri, error)) return st;
    return parse_redis_options(uri, o, error);
}

TEST(RedisUnixSocketOption, IsParsedAndNamesTheEndpoint) {
    RedisOptions o;
    std::string error;
    ASSERT_EQ(parse("redis://localhost?socket=/run/redis/redis.sock&wait_replicas=1", o, error),
              SNF_OK)
        << error;
    EXPECT_EQ(o.unix_socket, "/run/redis/redis.sock");
    EXPECT_EQ(o.wait_replicas, 1u);
    EXPECT_EQ(o.endpoint(), "unix:/run/redis/redis.sock");

    ASSERT_EQ(parse("redis://localhost?socket=%2Ftmp%2Fa%20b.sock", o, error), SNF_OK) << error;
    EXPECT_EQ(o.unix_socket, "/tmp/a b.sock");

    ASSERT_EQ(parse("redis://h:7000", o, error), SNF_OK) << error;
    EXPECT_EQ(o.unix_socket, "");
    EXPECT_EQ(o.endpoint(), "h:7000");
}

TEST(RedisUnixSocketOption, RejectsRelativeEmptyAndTooLongPaths) {
    const std::string too_long = "/" + std::string(200, 'x');
    for (const std::string& text :
         {std::string("redis://h?socket=redis.sock"), std::string("redis://h?socket="),
          std::string("redis://h?socket=") + too_long}) {
        RedisOptions o;
        std::string error;
        EXPECT_EQ(parse(text, o, error), SNF_ERR_BAD_URI) << text;
        EXPECT_NE(error.find("socket"), std::string::npos) << error;
    }
}

TEST(RedisUnixSocketOption, IsNotAClusterOption) {
    StoreUri uri;
    std::string error;
    ASSERT_EQ(parse_store_uri("redis-cluster://127.0.0.1:7000?socket=/tmp/r.sock", uri, error),
              SNF_OK)
        << error;
    snf::redis::ClusterOptions o;
    EXPECT_EQ(snf::redis::parse_redis_cluster_options(uri, o, error), SNF_ERR_BAD_URI);
    EXPECT_NE(error.find("socket"), std::string::npos) << error;
}

// Servers listening on Unix-domain sockets in a temporary folder of the test's own.
class RedisUnixSocketTest : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/snf-unix-socket-XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        folder_ = pattern;
    }

    void TearDown() override {
        for (snf_client* c : clients_) snf_client_free(c);
        servers_.clear();
        std::error_code ec;
        std::filesystem::remove_all(folder_, ec);
    }

    // Starts a server that also listens on folder/NAME; replica_of_port 0 for a master.
    RedisServer* start(const std::string& name, uint16_t replica_of_port = 0) {
        RedisServer::Options options;
        options.replica_of_port = replica_of_port;
        options.extra_args = {"--unixsocket", socket_path(name), "--unixsocketperm", "700"};
        servers_.push_back(std::make_unique<RedisServer>(std::move(options)));
        std::string error = servers_.back()->start();
        EXPECT_EQ(error, "") << error;
        return error.empty() ? servers_.back().get() : nullptr;
    }

    std::string socket_path(const std::string& name) const { return folder_ + "/" + name; }

    // Port 1 has nothing listening: only the socket can make the client work.
    snf_client* open(const std::string& name, const std::string& more_options = "") {
        const std::string uri = "redis://127.0.0.1:1?socket=" + socket_path(name) + more_options;
        snf_client* c = nullptr;
        char error[512] = {};
        EXPECT_EQ(snf_client_open(uri.c_str(), &c, error, sizeof error), SNF_OK) << error;
        if (c) clients_.push_back(c);
        return c;
    }

    std::string folder_;
    std::vector<std::unique_ptr<RedisServer>> servers_;
    std::vector<snf_client*> clients_;
};



TEST_F(RedisUnixSocketTest, ReadsAndWritesGoThroughTheSocket) {
    RedisServer* server = start("master.sock");
    ASSERT_NE(server, nullptr);
    snf_client* c = open("master.sock");
    ASSERT_NE(c, nullptr);
    uint64_t t = 0;
    ASSERT_EQ(snf_table_create(c, "t", &t), SNF_OK) << snf_client_last_error(c);
    ASSERT_EQ(write(c, t, "k", "v1"), SNF_OK) << snf_client_last_error(c);
    std::string value;
    ASSERT_EQ(read(c, t, "k", &value), SNF_OK) << snf_client_last_error(c);
    EXPECT_EQ(value, "v1");
    // The server lists Unix-socket clients with the socket's path as their address.
    const std::string clients = server->command({"CLIENT", "LIST"});
    EXPECT_NE(clients.find(socket_path("master.sock")), std::string::npos) << clients;
}

TEST_F(RedisUnixSocketTest, WritesWaitForAReplica) {
    RedisServer* master = start("master.sock");
    ASSERT_NE(master, nullptr);
    RedisServer* replica = start("replica.sock", master->port());
    ASSERT_NE(replica, nullptr);
    snf_client* c = open("master.sock", "&wait_replicas=1&wait_timeout_ms=5000");
    ASSERT_NE(c, nullptr);
    uint64_t t = 0;
    ASSERT_EQ(snf_table_create(c, "t", &t), SNF_OK) << snf_client_last_error(c);
    // The replica may still be syncing; a write that waited for it is on it.
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    int32_t st = SNF_ERR_PENDING;
    while (Clock::now() < deadline && (st = write(c, t, "k", "v")) != SNF_OK)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_EQ(st, SNF_OK) << snf_client_last_error(c);
    snf_client* on_replica = open("replica.sock");
    ASSERT_NE(on_replica, nullptr);
    std::string value;
    uint64_t replica_table = 0;
    ASSERT_EQ(snf_table_get_id(on_replica, "t", &replica_table), SNF_OK)
        << snf_client_last_error(on_replica);
    ASSERT_EQ(read(on_replica, replica_table, "k", &value), SNF_OK)
        << snf_client_last_error(on_replica);
    EXPECT_EQ(value, "v");
}

// Completions run on the client's I/O thread.
void record_status(snf_op*, int32_t status, void* user_data) {
    static_cast<std::atomic<int32_t>*>(user_data)->store(status);
}

TEST_F(RedisUnixSocketTest, AsyncOpsUseTheSocket) {
    ASSERT_NE(start("master.sock"), nullptr);
    snf_client* c = open("master.sock");
    ASSERT_NE(c, nullptr);
    uint64_t t = 0;
    ASSERT_EQ(snf_table_create(c, "t", &t), SNF_OK) << snf_client_last_error(c);
    std::atomic<int32_t> wrote{SNF_ERR_PENDING};
    ASSERT_EQ(snf_async_write(c, t, "k", 1, "v", 1, nullptr, 0, record_status, &wrote, nullptr),
              SNF_OK);
    ASSERT_EQ(snf_client_drain(c, 10000), SNF_OK);
    EXPECT_EQ(wrote.load(), SNF_OK);
    std::atomic<int32_t> read_status{SNF_ERR_PENDING};
    ASSERT_EQ(snf_async_read(c, t, "k", 1, record_status, &read_status, nullptr), SNF_OK);
    ASSERT_EQ(snf_client_drain(c, 10000), SNF_OK);
    EXPECT_EQ(read_status.load(), SNF_OK);
}

TEST_F(RedisUnixSocketTest, ReconnectsAfterTheServerRestarts) {
    RedisServer* server = start("master.sock");
    ASSERT_NE(server, nullptr);
    snf_client* c = open("master.sock");
    ASSERT_NE(c, nullptr);
    uint64_t t = 0;
    ASSERT_EQ(snf_table_create(c, "t", &t), SNF_OK) << snf_client_last_error(c);
    server->kill9();
    std::string value;
    EXPECT_NE(read(c, t, "k", &value), SNF_OK);
    EXPECT_NE(std::string(snf_client_last_error(c)).find("unix:" + socket_path("master.sock")),
              std::string::npos)
        << snf_client_last_error(c);
    ASSERT_EQ(server->restart(), "");
    // The table's metadata went with the server (no persistence): recreate it.
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    int32_t st = SNF_ERR_PENDING;
    while (Clock::now() < deadline && (st = snf_table_create(c, "t", &t)) != SNF_OK)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_EQ(st, SNF_OK) << snf_client_last_error(c);
    EXPECT_EQ(write(c, t, "k", "again"), SNF_OK) << snf_client_last_error(c);
    ASSERT_EQ(read(c, t, "k", &value), SNF_OK) << snf_client_last_error(c);
    EXPECT_EQ(value, "again");
}

}  // namespace
