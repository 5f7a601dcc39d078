// Unit tests of the client statistics (stats.hh).
#include "stats.hh"

#include <gtest/gtest.h>

#include <numeric>
#include <thread>
#include <vector>

namespace snf {
namespace {

TEST(Stats, LatencyBucketBoundaries) {
    EXPECT_EQ(Stats::bucket_of(0), 0u);
    EXPECT_EQ(Stats::bucket_of(999), 0u);
    EXPECT_EQ(Stats::bucket_of(1000), 1u);    // [1, 2) us
    EXPECT_EQ(Stats::bucket_of(1999), 1u);
    EXPECT_EQ(Stats::bucket_of(2000), 2u);    // [2, 4) us
    EXPECT_EQ(Stats::bucket_of(3999), 2u);
    EXPECT_EQ(Stats::bucket_of(4000), 3u);
    EXPECT_EQ(Stats::bucket_of(30000), 5u);   // 30 us in [16, 32)
    EXPECT_EQ(Stats::bucket_of((uint64_t{1} << 29) * 1000), 30u);
    EXPECT_EQ(Stats::bucket_of((uint64_t{1} << 30) * 1000), 31u);
    EXPECT_EQ(Stats::bucket_of(UINT64_MAX), 31u) << "the last bucket takes everything slower";
}

TEST(Stats, RecordAndSnapshot) {
    Stats stats;
    stats.record(OpKind::Write, 5000, 30, true);
    stats.record(OpKind::Read, 800, 20, true);
    stats.record(OpKind::Read, 1500, 99, false);  // failed: no bytes
    stats.record(OpKind::Remove, 2500, 0, true);
    stats.record_error();
    stats.record_async_submitted();
    stats.record_async_completed();

    snf_client_stats out{};
    stats.snapshot(out, 4);
    EXPECT_EQ(out.reads, 2u);
    EXPECT_EQ(out.writes, 1u);
    EXPECT_EQ(out.removes, 1u);
    EXPECT_EQ(out.errors, 2u);
    EXPECT_EQ(out.bytes_written, 30u);
    EXPECT_EQ(out.bytes_read, 20u);
    EXPECT_EQ(out.async_submitted, 1u);
    EXPECT_EQ(out.async_completed, 1u);
    EXPECT_EQ(out.reconnects, 4u);
    EXPECT_EQ(out.latency_min_ns, 800u);
    EXPECT_EQ(out.latency_max_ns, 5000u);
    EXPECT_EQ(out.latency_total_ns, 9800u);
    EXPECT_EQ(out.latency_buckets[0], 1u);
    EXPECT_EQ(out.latency_buckets[1], 1u);
    EXPECT_EQ(out.latency_buckets[2], 1u);
    EXPECT_EQ(out.latency_buckets[3], 1u);
}

TEST(Stats, ResetZeroesAndRebasesReconnects) {
    Stats stats;
    stats.record(OpKind::Read, 10, 1, true);
    stats.reset(10);
    snf_client_stats out{};
    stats.snapshot(out, 13);
    EXPECT_EQ(out.reads, 0u);
    EXPECT_EQ(out.reconnects, 3u);
    EXPECT_EQ(out.latency_min_ns, 0u) << "no sample yet reads as 0";
    EXPECT_EQ(out.latency_max_ns, 0u);
    EXPECT_EQ(std::accumulate(std::begin(out.latency_buckets), std::end(out.latency_buckets), uint64_t{0}), 0u);
}

TEST(Stats, ConcurrentRecordsAllCount) {
    Stats stats;
    constexpr int kThreads = 4, kOps = 20000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kOps; ++i)
                stats.record(i % 2 ? OpKind::Read : OpKind::Write, 100 + t * 1000 + i, 1, true);
        });
    }
    for (auto& thread : threads) thread.join();
    snf_client_stats out{};
    stats.snapshot(out, 0);
    EXPECT_EQ(out.reads + out.writes, uint64_t{kThreads} * kOps);
    EXPECT_EQ(std::accumulate(std::begin(out.latency_buckets), std::end(out.latency_buckets), uint64_t{0}),
              uint64_t{kThreads} * kOps);
    EXPECT_EQ(out.latency_min_ns, 100u);
    EXPECT_EQ(out.latency_max_ns, uint64_t{100 + 3 * 1000 + kOps - 1});
}

}  // namespace
}  // namespace snf
