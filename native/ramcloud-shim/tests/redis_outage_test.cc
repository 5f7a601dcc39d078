// What the client does when its Redis server fails: killed with SIGKILL and restarted
// (with appendfsync always, so nothing it acknowledged may be lost), stalled past the
// command timeout, or down while calls keep coming (fail fast inside the backoff window,
// reconnect on their own, retry reads but never writes).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "client_calls.hh"
#include "redis_server.hh"
#include "snf/snf_client.h"

namespace {

using snf::test::RedisServer;
using snf::test::read;
using snf::test::write;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;



template <class Predicate>
bool eventually(Predicate done, milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(milliseconds(10));
    }
    return done();
}

uint64_t reconnects(snf_client* c) {
    snf_client_stats stats{};
    EXPECT_EQ(snf_client_stats_get(c, &stats), SNF_OK);
    return stats.reconnects;
}

// Frees the client when the test ends, however it ends.
struct ClientGuard {
    snf_client* client = nullptr;
    ~ClientGuard() { snf_client_free(client); }
};

snf_client* open_client(const std::string& uri, ClientGuard& guard) {
    char error[512] = {};
    EXPECT_EQ(snf_client_open(uri.c_str(), &guard.client, error, sizeof error), SNF_OK) << error;
    return guard.client;
}

// Per-op outcome of an async write, filled in by its completion callback.
struct AsyncWrite {
    std::string key;
    std::string value;
    std::atomic<int32_t> status{SNF_ERR_PENDING};
};

void record_async(snf_op*, int32_t status, void* user_data) {
    static_cast<AsyncWrite*>(user_data)->status.store(status);
}

TEST(RedisOutage, KillNineAndRestartLosesNoAcknowledgedWrite) {
    RedisServer::Options options;
    options.append_only = true;
    RedisServer server(options);
    const std::string started = server.start();
    ASSERT_EQ(started, "") << started;
    ClientGuard guard;
    snf_client* c = open_client(server.uri("command_timeout_ms=500&connect_timeout_ms=300"), guard);
    ASSERT_NE(c, nullptr);
    uint64_t table = 0;
    ASSERT_EQ(snf_table_create(c, "outage", &table), SNF_OK);

    std::mutex mutex;
    std::map<std::string, std::string> acknowledged;
    std::map<std::string, std::string> failed;
    std::vector<int32_t> failure_statuses;
    for (int i = 0; i < 200; ++i) {
        const std::string key = "before" + std::to_string(i), value = "value" + std::to_string(i);
        ASSERT_EQ(write(c, table, key, value), SNF_OK);
        acknowledged[key] = value;
    }

    // A blocking writer and an async submitter keep going through the kill and restart.
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        for (int i = 0; !stop.load() && i < 200000; ++i) {
            const std::string key = "race" + std::to_string(i), value = "value" + std::to_string(i);
            const int32_t st = write(c, table, key, value);
            std::lock_guard<std::mutex> lock(mutex);
            if (st == SNF_OK) {
                acknowledged[key] = value;
            } else {
                failed[key] = value;
                failure_statuses.push_back(st);
                std::this_thread::sleep_for(milliseconds(1));
            }
        }
    });
    constexpr size_t kAsyncOps = 40000;
    std::vector<std::unique_ptr<AsyncWrite>> async_writes;
    async_writes.reserve(kAsyncOps);
    std::thread submitter([&] {
        for (size_t i = 0; i < kAsyncOps && !stop.load(); ++i) {
            auto w = std::make_unique<AsyncWrite>();
            w->key = "async" + std::to_string(i);
            w->value = "value" + std::to_string(i);
            AsyncWrite* raw = w.get();
            async_writes.push_back(std::move(w));
            int32_t st = snf_async_write(c, table, raw->key.data(),
                                         static_cast<uint32_t>(raw->key.size()), raw->value.data(),
                                         static_cast<uint32_t>(raw->value.size()), nullptr, 0,
                                         record_async, raw, nullptr);
            if (st != SNF_OK) raw->status.store(st);
            if (i % 200 == 199) std::this_thread::sleep_for(milliseconds(2));
        }
    });

    std::this_thread::sleep_for(milliseconds(300));
    server.kill9();

    // During the outage every call fails, quickly, with SNF_ERR_CONNECTION.
    for (int i = 0; i < 20; ++i) {
        const auto begin = Clock::now();
        EXPECT_EQ(write(c, table, "during", "x"), SNF_ERR_CONNECTION);
        EXPECT_EQ(read(c, table, "before1"), SNF_ERR_CONNECTION);
        EXPECT_EQ(snf_client_ping(c), SNF_ERR_CONNECTION);
        EXPECT_LT(Clock::now() - begin, milliseconds(1500));
        std::this_thread::sleep_for(milliseconds(10));
    }
    EXPECT_NE(std::string(snf_client_last_error(c)), "");

    const std::string restarted = server.restart();
    ASSERT_EQ(restarted, "") << restarted;
    EXPECT_TRUE(eventually([&] { return snf_client_ping(c) == SNF_OK; }, milliseconds(5000)))
        << snf_client_last_error(c);
    std::this_thread::sleep_for(milliseconds(300));  // more writes after the restart
    stop.store(true);
    writer.join();
    submitter.join();
    ASSERT_EQ(snf_client_drain(c, 15000), SNF_OK) << "no async op may hang";

    EXPECT_GT(reconnects(c), 0u);
    for (int32_t st : failure_statuses)
        EXPECT_TRUE(st == SNF_ERR_CONNECTION || st == SNF_ERR_TIMEOUT) << snf_status_name(st);
    EXPECT_FALSE(failed.empty()) << "the writer kept writing through the outage";

    // Nothing acknowledged is lost; a failed write is either fully there or absent.
    size_t checked = 0;
    for (const auto& [key, value] : acknowledged) {
        std::string got;
        ASSERT_EQ(read(c, table, key, &got), SNF_OK) << key << ": " << snf_client_last_error(c);
        EXPECT_EQ(got, value) << key;
        ++checked;
    }
    for (const auto& [key, value] : failed) {
        std::string got;
        const int32_t st = read(c, table, key, &got);
        EXPECT_TRUE(st == SNF_OK || st == SNF_ERR_OBJECT_DOESNT_EXIST) << key;
        if (st == SNF_OK) {
            EXPECT_EQ(got, value) << key;
        }
    }
    size_t async_ok = 0, async_failed = 0;
    for (const auto& w : async_writes) {
        const int32_t st = w->status.load();
        ASSERT_NE(st, SNF_ERR_PENDING) << w->key << " never completed";
        std::string got;
        const int32_t read_status = read(c, table, w->key, &got);
        if (st == SNF_OK) {
            ++async_ok;
            ASSERT_EQ(read_status, SNF_OK) << w->key << " was acknowledged but is lost";
            EXPECT_EQ(got, w->value);
        } else {
            ++async_failed;
            EXPECT_TRUE(st == SNF_ERR_CONNECTION || st == SNF_ERR_TIMEOUT) << snf_status_name(st);
            EXPECT_TRUE(read_status == SNF_OK || read_status == SNF_ERR_OBJECT_DOESNT_EXIST);
            if (read_status == SNF_OK) {
                EXPECT_EQ(got, w->value);
            }
        }
    }
    EXPECT_GT(async_ok, 0u);
    EXPECT_GT(async_failed, 0u);
    std::printf("acknowledged %zu blocking writes (%zu failed), %zu async (%zu failed)\n", checked,
                failed.size(), async_ok, async_failed);
}

TEST(RedisOutage, StalledServerTimesOut) {
    RedisServer server;
    const std::string started = server.start();
    ASSERT_EQ(started, "") << started;
    ClientGuard guard;
    snf_client* c = open_client(server.uri("command_timeout_ms=200"), guard);
    ASSERT_NE(c, nullptr);
    uint64_t table = 0;
    ASSERT_EQ(snf_table_create(c, "slow", &table), SNF_OK);
    ASSERT_EQ(write(c, table, "k", "v"), SNF_OK);
    // Let the async connection exist before the stall, so the op times out in flight.
    snf_op* warm = nullptr;
    ASSERT_EQ(snf_async_read(c, table, "k", 1, nullptr, nullptr, &warm), SNF_OK);
    ASSERT_EQ(snf_op_wait(warm, 5000), SNF_OK);
    snf_op_free(warm);

    std::thread sleeper([&] { server.command({"DEBUG", "SLEEP", "2"}); });
    std::this_thread::sleep_for(milliseconds(200));  // the server is asleep now

    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_read(c, table, "k", 1, nullptr, nullptr, &op), SNF_OK);
    auto begin = Clock::now();
    EXPECT_EQ(write(c, table, "k", "v2"), SNF_ERR_TIMEOUT) << snf_client_last_error(c);
    auto elapsed = Clock::now() - begin;
    EXPECT_GE(elapsed, milliseconds(150));
    EXPECT_LT(elapsed, milliseconds(1500));
    EXPECT_NE(std::string(snf_client_last_error(c)).find("may or may not"), std::string::npos)
        << snf_client_last_error(c);
    EXPECT_EQ(snf_op_wait(op, 3000), SNF_ERR_TIMEOUT) << snf_op_error(op);
    snf_op_free(op);

    sleeper.join();
    EXPECT_TRUE(eventually([&] { return read(c, table, "k") == SNF_OK; }, milliseconds(5000)))
        << snf_client_last_error(c);
}

TEST(RedisOutage, DownServerFailsFastAndTheClientReconnectsByItself) {
    RedisServer server;
    const std::string started = server.start();
    ASSERT_EQ(started, "") << started;
    ClientGuard guard;
    snf_client* c = open_client(server.uri("read_retries=0"), guard);
    ASSERT_NE(c, nullptr);
    uint64_t table = 0;
    ASSERT_EQ(snf_table_create(c, "down", &table), SNF_OK);
    ASSERT_EQ(write(c, table, "k", "v"), SNF_OK);

    server.kill9();
    EXPECT_EQ(read(c, table, "k"), SNF_ERR_CONNECTION);
    // Inside the backoff window calls do not even try, and say when the next attempt is.
    const auto begin = Clock::now();
    int fast = 0;
    for (int i = 0; i < 100; ++i) {
        if (read(c, table, "k") == SNF_ERR_CONNECTION) ++fast;
    }
    EXPECT_EQ(fast, 100);
    EXPECT_LT(Clock::now() - begin, milliseconds(1000));
    EXPECT_NE(std::string(snf_client_last_error(c)).find("next connection attempt"),
              std::string::npos)
        << snf_client_last_error(c);
    // The async path fails fast too.
    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_read(c, table, "k", 1, nullptr, nullptr, &op), SNF_OK);
    EXPECT_EQ(snf_op_wait(op, 3000), SNF_ERR_CONNECTION);
    snf_op_free(op);

    // Backoff is capped at one second: calls reconnect by themselves soon after restart.
    const std::string restarted = server.restart();
    ASSERT_EQ(restarted, "") << restarted;
    const uint64_t before = reconnects(c);
    // Without persistence the restarted server is empty, so the table is gone.
    EXPECT_TRUE(eventually([&] { return read(c, table, "k") == SNF_ERR_TABLE_DOESNT_EXIST; },
                           milliseconds(3000)))
        << snf_client_last_error(c);
    EXPECT_GT(reconnects(c), before);
}

TEST(RedisOutage, ReadsAreRetriedAfterReconnectWritesAreNot) {
    RedisServer::Options options;
    options.append_only = true;
    RedisServer server(options);
    const std::string started = server.start();
    ASSERT_EQ(started, "") << started;
    ClientGuard retrying_guard, plain_guard;
    snf_client* retrying = open_client(server.uri("read_retries=1"), retrying_guard);
    snf_client* plain = open_client(server.uri("read_retries=0"), plain_guard);
    ASSERT_TRUE(retrying && plain);
    uint64_t table = 0;
    ASSERT_EQ(snf_table_create(retrying, "retry", &table), SNF_OK);
    ASSERT_EQ(write(retrying, table, "k", "v"), SNF_OK);
    ASSERT_EQ(snf_client_ping(plain), SNF_OK);

    // Restarted while both clients were idle: their connections are dead but look fine.
    const std::string restarted = server.restart();
    ASSERT_EQ(restarted, "") << restarted;

    std::string value;
    EXPECT_EQ(read(retrying, table, "k", &value), SNF_OK) << snf_client_last_error(retrying);
    EXPECT_EQ(value, "v");
    EXPECT_EQ(read(plain, table, "k"), SNF_ERR_CONNECTION);
    EXPECT_EQ(read(plain, table, "k"), SNF_OK) << snf_client_last_error(plain);

    ASSERT_EQ(server.restart(), "");
    EXPECT_EQ(write(retrying, table, "k", "w"), SNF_ERR_CONNECTION) << "writes are never retried";
    EXPECT_NE(std::string(snf_client_last_error(retrying)).find("may or may not"), std::string::npos)
        << snf_client_last_error(retrying);
    EXPECT_EQ(write(retrying, table, "k", "w"), SNF_OK);
    EXPECT_GE(reconnects(retrying), 2u);
}

}  // namespace
