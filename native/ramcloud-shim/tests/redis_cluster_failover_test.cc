// A Redis Cluster master killed with SIGKILL under a steady stream of writes: its replica
// takes over (on its own once cluster-node-timeout passed, or told to by CLUSTER
// FAILOVER TAKEOVER if the election is slow) and the client finds the new master. With
// wait_replicas=1 every write it acknowledged is still there, blocking and async alike;
// the new master has no replica of its own until the old one comes back as one, so
// writes to its slots are SNF_ERR_REPLICATION (applied, not replicated) until then and
// acknowledged again after.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "redis_cluster.hh"
#include "redis_cluster_slots.hh"
#include "snf/snf_client.h"

namespace {

using snf::redis::object_slot;
using snf::test::RedisCluster;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct ClientGuard {
    snf_client* client = nullptr;
    ~ClientGuard() { snf_client_free(client); }
};

constexpr auto kWriteWindow = std::chrono::seconds(20);
constexpr auto kPromotionTimeout = std::chrono::seconds(15);
constexpr auto kElectionGrace = std::chrono::seconds(4);

TEST(RedisClusterFailoverTest, ReplicaTakesOverAndNoAcknowledgedWriteIsLost) {
    RedisCluster::Options options;
    options.replicas_per_master = 1;
    options.node_timeout_ms = 1000;
    RedisCluster cluster(options);
    const std::string start_error = cluster.start();
    ASSERT_EQ(start_error, "") << start_error;

    ClientGuard guard;
    char error[512] = {};
    const std::string uri =
        cluster.uri("wait_replicas=1&wait_timeout_ms=1000&command_timeout_ms=3000");
    ASSERT_EQ(snf_client_open(uri.c_str(), &guard.client, error, sizeof error), SNF_OK) << error;
    snf_client* client = guard.client;
    uint64_t table = 0;
    ASSERT_EQ(snf_table_create(client, "failover", &table), SNF_OK) << snf_client_last_error(client);

    const uint16_t victim_slot = object_slot(table, "k0");
    const int victim = cluster.master_of_slot(victim_slot);
    ASSERT_GE(victim, 0);
    const int heir = cluster.replica_of(static_cast<size_t>(victim));
    ASSERT_GE(heir, 0) << "the victim has no replica";
    const std::vector<int> owners_before = cluster.slot_owners();
    auto on_victim = [&](const std::string& key) {
        return owners_before[object_slot(table, key)] == victim;
    };

    // Writer: blocking writes of k<i> = v<i>, plus one async write per 10, remembering
    // what was acknowledged and when the victim's slot took a write again.
    std::map<std::string, uint64_t> acknowledged;
    std::atomic<bool> killed{false};
    std::atomic<int> acked_before_kill{0};
    std::atomic<int64_t> first_victim_write_after_kill_ns{-1};  // acknowledged
    std::atomic<int64_t> first_victim_reach_after_kill_ns{-1};  // applied by the new master
    Clock::time_point kill_time{};
    std::atomic<int> failures{0};
    std::thread writer([&] {
        std::vector<std::pair<std::string, snf_op*>> async_ops;
        const auto deadline = Clock::now() + kWriteWindow;
        for (int i = 0; Clock::now() < deadline; ++i) {
            const std::string key = "k" + std::to_string(i);
            const std::string value = "v" + std::to_string(i);
            uint64_t version = 0;
            const bool was_killed = killed.load();
            const int32_t st = snf_write(client, table, key.data(), static_cast<uint32_t>(key.size()),
                                         value.data(), static_cast<uint32_t>(value.size()), nullptr, 0,
                                         &version);
            // kill_time is read only once `killed` says it was written.
            const int64_t since_kill_ns =
                was_killed ? std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - kill_time).count()
                           : -1;
            if (was_killed && on_victim(key) && (st == SNF_OK || st == SNF_ERR_REPLICATION) &&
                first_victim_reach_after_kill_ns < 0)
                first_victim_reach_after_kill_ns = since_kill_ns;
            if (st == SNF_OK) {
                acknowledged[key] = version;
                if (!was_killed) ++acked_before_kill;
                if (was_killed && on_victim(key) && first_victim_write_after_kill_ns < 0)
                    first_victim_write_after_kill_ns = since_kill_ns;
            } else {
                if (st != SNF_ERR_REPLICATION && failures++ < 5)
                    std::printf("[ failover ] %s at %lld ms: %s\n", key.c_str(),
                                static_cast<long long>(std::chrono::duration_cast<milliseconds>(
                                                           Clock::now() - kill_time)
                                                           .count()),
                                snf_client_last_error(client));
            }
            if (i % 10 == 0) {
                const std::string akey = "a" + std::to_string(i);
                snf_op* op = nullptr;
                if (snf_async_write(client, table, akey.data(), static_cast<uint32_t>(akey.size()),
                                    "async", 5, nullptr, 0, nullptr, nullptr, &op) == SNF_OK)
                    async_ops.emplace_back(akey, op);
            }
            // Keep writing for a second after the new master took its first write.
            if (first_victim_write_after_kill_ns >= 0 &&
                Clock::now() - kill_time >
                    std::chrono::nanoseconds(first_victim_write_after_kill_ns.load()) + std::chrono::seconds(1))
                break;
        }
        for (auto& [key, op] : async_ops) {
            if (snf_op_wait(op, 10000) == SNF_OK) acknowledged[key] = snf_op_version(op);
            snf_op_free(op);
        }
    });

    // Let some writes land everywhere, then kill the victim.
    const auto warmup_deadline = Clock::now() + std::chrono::seconds(10);
    while (acked_before_kill < 300 && Clock::now() < warmup_deadline)
        std::this_thread::sleep_for(milliseconds(5));
    kill_time = Clock::now();
    killed = true;
    cluster.node(static_cast<size_t>(victim)).kill9();

    // Promotion: automatic, or forced if the election takes too long.
    const auto promotion_deadline = kill_time + kPromotionTimeout;
    bool forced = false;
    int owner = -1;
    while (Clock::now() < promotion_deadline) {
        owner = cluster.master_of_slot(victim_slot);
        if (owner >= 0 && owner != victim) break;
        if (!forced && Clock::now() - kill_time > kElectionGrace) {
            cluster.node(static_cast<size_t>(heir)).command({"CLUSTER", "FAILOVER", "TAKEOVER"});
            forced = true;
        }
        std::this_thread::sleep_for(milliseconds(50));
    }
    const auto promoted_after = Clock::now() - kill_time;
    EXPECT_EQ(owner, heir) << "the replica was not promoted";
    const std::string ok_error = cluster.wait_until_ok(10000);
    EXPECT_EQ(ok_error, "") << ok_error;
    // The old master comes back and joins as the new master's replica.
    const std::string restart_error = cluster.node(static_cast<size_t>(victim)).restart();
    EXPECT_EQ(restart_error, "") << restart_error;

    writer.join();
    ASSERT_GE(acked_before_kill.load(), 300) << "too few writes before the kill";
    ASSERT_GE(first_victim_write_after_kill_ns.load(), 0)
        << "no write reached the victim's slots after the failover (" << failures << " failed)";

    // Every acknowledged write is readable with the version the write returned.
    const std::vector<int> owners_after = cluster.slot_owners();
    size_t lost = 0, victim_keys = 0;
    std::string buffer(64, '\0');
    for (const auto& [key, version] : acknowledged) {
        uint32_t length = 0;
        uint64_t read_version = 0;
        const int32_t st = snf_read(client, table, key.data(), static_cast<uint32_t>(key.size()), nullptr,
                                    buffer.data(), static_cast<uint32_t>(buffer.size()), &length,
                                    &read_version);
        if (st != SNF_OK || read_version < version) {
            ++lost;
            ADD_FAILURE() << key << ": " << snf_status_name(st) << " version " << read_version
                          << " < acknowledged " << version;
        }
        if (on_victim(key)) {
            ++victim_keys;
            EXPECT_EQ(owners_after[object_slot(table, key)], heir) << key;
        }
        if (lost > 10) break;
    }
    EXPECT_EQ(lost, 0u);
    EXPECT_GT(victim_keys, 0u);
    snf_client_stats stats{};
    ASSERT_EQ(snf_client_stats_get(client, &stats), SNF_OK);
    std::printf("[ failover ] %zu acknowledged writes (%zu on the failed master's slots), %d failed; "
                "replica promoted %lld ms after kill -9%s; its slots took writes again after %lld "
                "ms, acknowledged by a replica after %lld ms\n",
                acknowledged.size(), victim_keys, failures.load(),
                static_cast<long long>(std::chrono::duration_cast<milliseconds>(promoted_after).count()),
                forced ? " (forced with CLUSTER FAILOVER TAKEOVER)" : "",
                static_cast<long long>(first_victim_reach_after_kill_ns.load() / 1000000),
                static_cast<long long>(first_victim_write_after_kill_ns.load() / 1000000));
    EXPECT_EQ(snf_table_drop(client, "failover"), SNF_OK) << snf_client_last_error(client);
}

}  // namespace
