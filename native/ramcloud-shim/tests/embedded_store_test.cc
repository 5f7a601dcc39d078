// Unit tests of the in-process store (embedded_store.hh): tables, versions, TTL expiry
// and reclaiming, the expiry queue (embedded_expiry.hh), and concurrent writers racing a
// table drop.
#include "embedded_store.hh"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <vector>

namespace snf {
namespace {

Result run(EmbeddedStore& store, Request::Kind kind, uint64_t table, std::string_view key,
           std::string_view value = {}, uint64_t ttl_ms = 0, snf_reject_rules rules = {}) {
    Request request;
    request.kind = kind;
    request.table_id = table;
    request.key = key;
    request.value = value;
    request.ttl_ms = ttl_ms;
    request.rules = rules;
    Result result;
    store.execute(request, result);
    return result;
}

uint64_t table(EmbeddedStore& store, const std::string& name) {
    uint64_t id = 0;
    std::string error;
    EXPECT_EQ(store.create_table(name, id, error), SNF_OK);
    return id;
}

TEST(EmbeddedStore, TableIdsStartAtOneAndAreNeverReused) {
    EmbeddedStore store;
    std::string error;
    const uint64_t a = table(store, "a");
    EXPECT_EQ(a, 1u);
    EXPECT_EQ(table(store, "a"), a);
    const uint64_t b = table(store, "b");
    EXPECT_EQ(b, 2u);
    ASSERT_EQ(store.drop_table("a", error), SNF_OK);
    const uint64_t a2 = table(store, "a");
    EXPECT_EQ(a2, 3u);
    EXPECT_EQ(run(store, Request::Kind::Write, a, "k", "v").status, SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_EQ(run(store, Request::Kind::Write, a2, "k", "v").status, SNF_OK);
    EXPECT_EQ(run(store, Request::Kind::Read, 0, "k").status, SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_EQ(run(store, Request::Kind::Read, 999, "k").status, SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_EQ(run(store, Request::Kind::Read, TableLiveness::kMaxTableId + 5, "k").status,
              SNF_ERR_TABLE_DOESNT_EXIST);
    uint64_t id = 0;
    EXPECT_EQ(store.get_table_id("nope", id, error), SNF_ERR_TABLE_DOESNT_EXIST);
    EXPECT_NE(error.find("nope"), std::string::npos);
}

TEST(EmbeddedStore, DropRemovesOnlyThatTablesObjects) {
    EmbeddedStore store;
    const uint64_t a = table(store, "a"), b = table(store, "b");
    for (int i = 0; i < 500; ++i) {
        const std::string key = "k" + std::to_string(i);
        ASSERT_EQ(run(store, Request::Kind::Write, a, key, "v").status, SNF_OK);
        ASSERT_EQ(run(store, Request::Kind::Write, b, key, "v", i % 2 ? 100000 : 0).status, SNF_OK);
    }
    EXPECT_EQ(store.object_count(), 1000u);
    std::string error;
    ASSERT_EQ(store.drop_table("b", error), SNF_OK);
    EXPECT_EQ(store.object_count(), 500u);
    EXPECT_EQ(run(store, Request::Kind::Read, a, "k7").status, SNF_OK);
    EXPECT_EQ(store.drop_table("b", error), SNF_OK) << "dropping an absent table is fine";
}

TEST(EmbeddedStore, VersionsOfAKeyNeverRepeat) {
    EmbeddedStore store;
    const uint64_t t = table(store, "t");
    std::set<uint64_t> seen;
    uint64_t last = 0;
    for (int i = 0; i < 100; ++i) {
        const Result written = run(store, Request::Kind::Write, t, "k", "v");
        ASSERT_EQ(written.status, SNF_OK);
        EXPECT_GT(written.version, last);
        last = written.version;
        EXPECT_TRUE(seen.insert(written.version).second);
        if (i % 3 == 0) {
            const Result removed = run(store, Request::Kind::Remove, t, "k");
            EXPECT_EQ(removed.version, written.version);
        }
    }
}

TEST(EmbeddedStore, ConcurrentWritersGetDistinctVersions) {
    EmbeddedStore store;
    const uint64_t t = table(store, "t");
    constexpr int kThreads = 4, kWrites = 2000;
    std::vector<std::vector<uint64_t>> versions(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            for (int n = 0; n < kWrites; ++n) {
                const Result r = run(store, Request::Kind::Write, t, "hot", "v");
                if (r.status == SNF_OK) versions[i].push_back(r.version);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    std::set<uint64_t> all;
    for (const auto& list : versions) {
        EXPECT_EQ(list.size(), static_cast<size_t>(kWrites));
        all.insert(list.begin(), list.end());
    }
    EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kWrites));
}

TEST(EmbeddedStore, ExpiredObjectsAreAbsentAndSweptWithoutBeingTouched) {
    EmbeddedStore store;
    const uint64_t t = table(store, "t");
    // Long enough that the objects are all still there once written, even on a slow
    // machine: each write reclaims whatever has expired by then.
    for (int i = 0; i < 300; ++i)
        ASSERT_EQ(run(store, Request::Kind::Write, t, "ttl-" + std::to_string(i), "v", 20).status, SNF_OK);
    EXPECT_EQ(store.object_count(), 300u);
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
    EXPECT_EQ(run(store, Request::Kind::Read, t, "ttl-0").status, SNF_ERR_OBJECT_DOESNT_EXIST);
    snf_reject_rules must_exist{};
    must_exist.doesnt_exist = 1;
    EXPECT_EQ(run(store, Request::Kind::Remove, t, "ttl-1", {}, 0, must_exist).status,
              SNF_ERR_OBJECT_DOESNT_EXIST);

    // Writes of other keys reclaim a few expired objects each; the untouched ones go.
    size_t writes = 0;
    while (store.object_count() > writes && writes < 20000) {
        for (int i = 0; i < 100; ++i, ++writes)
            ASSERT_EQ(run(store, Request::Kind::Write, t, "live-" + std::to_string(writes), "v").status,
                      SNF_OK);
    }
    EXPECT_EQ(store.object_count(), writes) << "after " << writes << " writes";
}

TEST(EmbeddedStore, OverwriteChangesOrClearsTheTtl) {
    EmbeddedStore store;
    const uint64_t t = table(store, "t");
    ASSERT_EQ(run(store, Request::Kind::Write, t, "a", "v", 1).status, SNF_OK);
    ASSERT_EQ(run(store, Request::Kind::Write, t, "a", "v", 0).status, SNF_OK);
    ASSERT_EQ(run(store, Request::Kind::Write, t, "b", "v", 0).status, SNF_OK);
    ASSERT_EQ(run(store, Request::Kind::Write, t, "b", "v", 1).status, SNF_OK);
    ASSERT_EQ(run(store, Request::Kind::Write, t, "c", "v",
                  std::numeric_limits<uint64_t>::max()).status,
              SNF_OK)
        << "an absurd TTL saturates instead of overflowing";
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(run(store, Request::Kind::Read, t, "a").status, SNF_OK);
    EXPECT_EQ(run(store, Request::Kind::Read, t, "b").status, SNF_ERR_OBJECT_DOESNT_EXIST);
    EXPECT_EQ(run(store, Request::Kind::Read, t, "c").status, SNF_OK);
}

TEST(EmbeddedStore, WritersRacingADropLeaveNothingBehind) {
    for (int round = 0; round < 20; ++round) {
        EmbeddedStore store;
        const uint64_t t = table(store, "t");
        std::atomic<bool> stop{false};
        std::vector<std::thread> writers;
        for (int w = 0; w < 2; ++w) {
            writers.emplace_back([&, w] {
                for (int i = 0; !stop.load() && i < 100000; ++i)
                    run(store, Request::Kind::Write, t, std::to_string(w) + "-" + std::to_string(i), "v");
            });
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        std::string error;
        ASSERT_EQ(store.drop_table("t", error), SNF_OK);
        stop = true;
        for (auto& writer : writers) writer.join();
        EXPECT_EQ(store.object_count(), 0u) << "round " << round;
    }
}

TEST(EmbeddedStore, ShortTtlObjectsNeverReadAgainAreReclaimedInBoundedOperations) {
    EmbeddedStore store;
    const uint64_t t = table(store, "t");
    constexpr int kObjects = 10000;
    for (int i = 0; i < kObjects; ++i)
        ASSERT_EQ(run(store, Request::Kind::Write, t, "flow-" + std::to_string(i), "v", 5).status, SNF_OK);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));

    // Removes of absent keys spread over every shard; each takes a few expired objects
    // off its shard's queue, so as many operations as there were objects are plenty.
    int removes = 0;
    while (store.object_count() != 0 && removes < kObjects) {
        for (int i = 0; i < 100; ++i, ++removes)
            EXPECT_EQ(run(store, Request::Kind::Remove, t, "probe-" + std::to_string(removes)).status,
                      SNF_OK);
    }
    EXPECT_EQ(store.object_count(), 0u) << "after " << removes << " removes";
}

TEST(EmbeddedStore, ReadsWithAStampedTimeReclaimExpiredObjects) {
    EmbeddedStore store;
    const uint64_t t = table(store, "t");
    constexpr int kObjects = 5000;
    for (int i = 0; i < kObjects; ++i)
        ASSERT_EQ(run(store, Request::Kind::Write, t, "flow-" + std::to_string(i), "v", 5).status, SNF_OK);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));

    // Reads through the client carry the time it read for its latency figure, so they
    // reclaim as writes do; reads of other keys, never the expired ones.
    int reads = 0;
    while (store.object_count() != 0 && reads < kObjects) {
        for (int i = 0; i < 100; ++i, ++reads) {
            const OperationClock operation_time(std::chrono::steady_clock::now());
            EXPECT_EQ(run(store, Request::Kind::Read, t, "probe-" + std::to_string(reads)).status,
                      SNF_ERR_OBJECT_DOESNT_EXIST);
        }
    }
    EXPECT_EQ(store.object_count(), 0u) << "after " << reads << " reads";
}

TEST(EmbeddedStore, RewrittenObjectKeepsItsNewTtl) {
    EmbeddedStore store;
    const uint64_t t = table(store, "t");
    ASSERT_EQ(run(store, Request::Kind::Write, t, "longer", "v", 15).status, SNF_OK);
    const Result longer = run(store, Request::Kind::Write, t, "longer", "w", 60000);
    ASSERT_EQ(longer.status, SNF_OK);
    ASSERT_EQ(run(store, Request::Kind::Write, t, "cleared", "v", 15).status, SNF_OK);
    const Result cleared = run(store, Request::Kind::Write, t, "cleared", "w", 0);
    ASSERT_EQ(run(store, Request::Kind::Write, t, "shorter", "v", 60000).status, SNF_OK);
    ASSERT_EQ(run(store, Request::Kind::Write, t, "shorter", "w", 1).status, SNF_OK);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));

    // Churn in every shard: other keys expiring and being reclaimed around the two.
    for (int i = 0; i < 5000; ++i)
        ASSERT_EQ(run(store, Request::Kind::Write, t, "churn-" + std::to_string(i), "v", 1).status, SNF_OK);
    const Result read_longer = run(store, Request::Kind::Read, t, "longer");
    EXPECT_EQ(read_longer.status, SNF_OK);
    EXPECT_EQ(read_longer.version, longer.version);
    EXPECT_EQ(read_longer.value, "w");
    const Result read_cleared = run(store, Request::Kind::Read, t, "cleared");
    EXPECT_EQ(read_cleared.status, SNF_OK);
    EXPECT_EQ(read_cleared.version, cleared.version);
    EXPECT_EQ(run(store, Request::Kind::Read, t, "shorter").status, SNF_ERR_OBJECT_DOESNT_EXIST);
}

TEST(EmbeddedStore, RemovedAndDroppedObjectsLeaveTheExpiryQueue) {
    EmbeddedStore store;
    uint64_t t = table(store, "t");
    for (int i = 0; i < 2000; ++i)
        ASSERT_EQ(run(store, Request::Kind::Write, t, "k" + std::to_string(i), "v", 60000 + i).status,
                  SNF_OK);
    for (int i = 0; i < 2000; i += 2)
        ASSERT_EQ(run(store, Request::Kind::Remove, t, "k" + std::to_string(i)).status, SNF_OK);
    EXPECT_EQ(store.object_count(), 1000u);
    std::string error;
    ASSERT_EQ(store.drop_table("t", error), SNF_OK);
    EXPECT_EQ(store.object_count(), 0u);

    // The same keys again in a new table, with short TTLs this time: they expire and are
    // reclaimed through a queue that kept nothing of the removed or dropped objects.
    t = table(store, "t");
    for (int i = 0; i < 2000; ++i)
        ASSERT_EQ(run(store, Request::Kind::Write, t, "k" + std::to_string(i), "v", 1).status, SNF_OK);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (int i = 0; i < 2000; ++i)
        ASSERT_EQ(run(store, Request::Kind::Remove, t, "other-" + std::to_string(i)).status, SNF_OK);
    EXPECT_EQ(store.object_count(), 0u);
}

// ExpiryQueue against a model: after any mix of schedules and cancels, the queue holds
// exactly the scheduled objects, each knows its slot, and the front is the earliest.
struct QueuedThing {
    size_t slot = kNotQueued;
};
struct QueuedThingSlot {
    size_t& operator()(QueuedThing& thing) const noexcept { return thing.slot; }
};

TEST(ExpiryQueue, MatchesAModelUnderRandomSchedulesAndCancels) {
    std::mt19937 random(12345);
    std::vector<QueuedThing> things(200);
    std::map<size_t, int64_t> model;  // thing index -> deadline
    ExpiryQueue<QueuedThing, QueuedThingSlot> queue;
    for (int step = 0; step < 20000; ++step) {
        const size_t i = random() % things.size();
        if (random() % 3 == 0) {
            queue.cancel(things[i]);
            model.erase(i);
        } else {
            const int64_t deadline = 1 + static_cast<int64_t>(random() % 1000);
            queue.reserve_one_more();
            queue.schedule(things[i], deadline);
            model[i] = deadline;
        }
        ASSERT_EQ(queue.size(), model.size());
        for (size_t n = 0; n < things.size(); ++n)
            ASSERT_EQ(things[n].slot != kNotQueued, model.count(n) == 1) << "thing " << n;
        if (model.empty()) continue;
        int64_t earliest = std::numeric_limits<int64_t>::max();
        for (const auto& [index, deadline] : model) earliest = std::min(earliest, deadline);
        EXPECT_TRUE(queue.due(earliest));
        EXPECT_FALSE(queue.due(earliest - 1));
        EXPECT_EQ(model.at(static_cast<size_t>(&queue.earliest() - things.data())), earliest);
    }
    // Draining in order gives non-decreasing deadlines.
    int64_t last = 0;
    while (!queue.empty()) {
        QueuedThing& front = queue.earliest();
        const int64_t deadline = model.at(static_cast<size_t>(&front - things.data()));
        EXPECT_GE(deadline, last);
        last = deadline;
        queue.cancel(front);
    }
}

}  // namespace
}  // namespace snf
