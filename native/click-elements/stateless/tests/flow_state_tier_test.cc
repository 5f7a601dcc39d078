// FlowStateTier: every behaviour of the tier in every mode (sync, async, cache) against
// both the embedded store and a real redis-server started for the suite.
#include "stateless/flow_state_tier.hh"

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "redis_server.hh"

namespace snf::click::stateless {
namespace {

using namespace std::chrono_literals;
using Bytes = std::vector<uint8_t>;
using Clock = std::chrono::steady_clock;

Bytes bytes(const std::string& text) { return Bytes(text.begin(), text.end()); }
std::string text(const Bytes& data) { return std::string(data.begin(), data.end()); }

enum class Backend { embedded, redis };

struct Delivery {
    uint64_t cookie;
    TierResult result;
};

void record_delivery(void* context, uint64_t cookie, const TierResult& result) {
    static_cast<std::vector<Delivery>*>(context)->push_back({cookie, result});
}

class FlowStateTierTest : public ::testing::TestWithParam<std::tuple<StateMode, Backend>> {
protected:
    static void SetUpTestSuite() {
        redis_ = new ::snf::test::RedisServer();
        redis_error_ = redis_->start();
    }
    static void TearDownTestSuite() {
        delete redis_;
        redis_ = nullptr;
    }

    void SetUp() override {
        if (backend_kind() == Backend::redis) {
            ASSERT_EQ(redis_error_, "");
        }
        static std::atomic<int> next_namespace{0};
        const int id = next_namespace++;
        // Each test gets its own table (Redis) or its own store (embedded).
        table_ = "tier_test_" + std::to_string(id);
        embedded_uri_ = "embedded:tier-test-" + std::to_string(id);
    }

    StateMode mode() const { return std::get<0>(GetParam()); }
    Backend backend_kind() const { return std::get<1>(GetParam()); }
    bool redis() const { return backend_kind() == Backend::redis; }

    std::string store_uri() const {
        return redis() ? redis_->uri("command_timeout_ms=2000") : embedded_uri_;
    }

    TierOptions options(StateMode mode_of_tier, uint32_t ttl_ms = 0) const {
        TierOptions o;
        o.store_uri = store_uri();
        o.table = table_;
        o.mode = mode_of_tier;
        o.ttl_ms = ttl_ms;
        return o;
    }

    std::unique_ptr<FlowStateTier> open(TierOptions o) {
        std::string error;
        auto tier = FlowStateTier::open(o, error);
        EXPECT_NE(tier, nullptr) << error;
        EXPECT_EQ(error, "");
        return tier;
    }
    std::unique_ptr<FlowStateTier> open_tier(uint32_t ttl_ms = 0) { return open(options(mode(), ttl_ms)); }
    // A second instance on the same store, without a cache, to look at the store itself.
    std::unique_ptr<FlowStateTier> open_observer() { return open(options(StateMode::sync)); }

    // Creates a pair through the interface of the tier's mode (async: submit + drain).
    TierResult create(FlowStateTier& tier, const std::string& primary, const std::string& primary_value,
                      const std::string& secondary, const std::string& secondary_value) {
        if (tier.mode() != StateMode::async)
            return tier.create_pair(bytes(primary), bytes(primary_value), bytes(secondary),
                                    bytes(secondary_value));
        std::vector<Delivery> deliveries;
        EXPECT_TRUE(tier.create_pair_async(bytes(primary), bytes(primary_value), bytes(secondary),
                                           bytes(secondary_value), record_delivery, &deliveries, 7));
        EXPECT_TRUE(tier.drain(5000));
        if (deliveries.size() != 1) return TierResult{};
        EXPECT_EQ(deliveries[0].cookie, 7u);
        return deliveries[0].result;
    }

    // Gets through the interface of the tier's mode.
    TierResult lookup(FlowStateTier& tier, const std::string& key) {
        if (tier.mode() != StateMode::async) return tier.get(bytes(key));
        std::vector<Delivery> deliveries;
        EXPECT_TRUE(tier.get_async(bytes(key), record_delivery, &deliveries, 3));
        EXPECT_TRUE(tier.drain(5000));
        if (deliveries.size() != 1) return TierResult{};
        return deliveries[0].result;
    }

    static ::snf::test::RedisServer* redis_;
    static std::string redis_error_;
    std::string table_;
    std::string embedded_uri_;
};

::snf::test::RedisServer* FlowStateTierTest::redis_ = nullptr;
std::string FlowStateTierTest::redis_error_;

TEST_P(FlowStateTierTest, OpensWithModeAndBackend) {
    auto tier = open_tier();
    ASSERT_TRUE(tier);
    EXPECT_EQ(tier->mode(), mode());
    EXPECT_EQ(tier->backend(), redis() ? "redis" : "embedded");
    EXPECT_EQ(tier->in_flight(), 0u);
}

TEST_P(FlowStateTierTest, GetMissingThenCreatedPairIsFound) {
    auto tier = open_tier();
    ASSERT_TRUE(tier);
    EXPECT_EQ(lookup(*tier, "flow-a").status, TierStatus::missing);

    TierResult created = create(*tier, "flow-a", "map-a", "reply-a", "rmap-a");
    ASSERT_EQ(created.status, TierStatus::created) << created.error;
    EXPECT_GT(created.version, 0u);

    TierResult primary = lookup(*tier, "flow-a");
    ASSERT_EQ(primary.status, TierStatus::found) << primary.error;
    EXPECT_EQ(text(primary.value), "map-a");
    TierResult secondary = tier->get(bytes("reply-a"));
    ASSERT_EQ(secondary.status, TierStatus::found);
    EXPECT_EQ(text(secondary.value), "rmap-a");

    TierCounters counters = tier->counters();
    EXPECT_EQ(counters.gets, 3u);
    EXPECT_EQ(counters.creates, 1u);
    EXPECT_EQ(counters.failures, 0u);
    EXPECT_EQ(counters.in_flight, 0u);
}

TEST_P(FlowStateTierTest, SecondaryTakenWritesNothing) {
    auto tier = open_tier();
    ASSERT_TRUE(tier);
    ASSERT_EQ(create(*tier, "flow-1", "m1", "reply", "r1").status, TierStatus::created);
    TierResult second = create(*tier, "flow-2", "m2", "reply", "r2");
    EXPECT_EQ(second.status, TierStatus::secondary_taken);
    EXPECT_EQ(tier->get(bytes("flow-2")).status, TierStatus::missing);
    TierResult reply = tier->get(bytes("reply"));
    ASSERT_EQ(reply.status, TierStatus::found);
    EXPECT_EQ(text(reply.value), "r1");
    EXPECT_EQ(tier->counters().secondary_conflicts, 1u);
}

TEST_P(FlowStateTierTest, LostRaceReturnsWinnerAndRemovesOwnSecondary) {
    auto winner = open_tier();
    auto loser = open_tier();
    ASSERT_TRUE(winner && loser);
    ASSERT_EQ(create(*winner, "flow", "winner-map", "reply-w", "rw").status, TierStatus::created);
    TierResult lost = create(*loser, "flow", "loser-map", "reply-l", "rl");
    ASSERT_EQ(lost.status, TierStatus::lost_race) << lost.error;
    EXPECT_EQ(text(lost.value), "winner-map");
    EXPECT_GT(lost.version, 0u);
    EXPECT_EQ(loser->counters().races_lost, 1u);

    auto observer = open_observer();
    EXPECT_EQ(observer->get(bytes("reply-l")).status, TierStatus::missing);
    EXPECT_EQ(text(observer->get(bytes("flow")).value), "winner-map");
    EXPECT_EQ(text(observer->get(bytes("reply-w")).value), "rw");
    // The loser adopted the winner's mapping: its own lookups agree.
    EXPECT_EQ(text(loser->get(bytes("flow")).value), "winner-map");
}

TEST_P(FlowStateTierTest, ConcurrentCreatesOfOneFlowHaveExactlyOneWinner) {
    auto tier_a = open_tier();
    auto tier_b = open_tier();
    ASSERT_TRUE(tier_a && tier_b);
    constexpr int kIterations = 200;
    std::vector<TierResult> results_a(kIterations), results_b(kIterations);
    std::barrier start(2);
    auto race = [&](FlowStateTier& tier, std::vector<TierResult>& results, const std::string& name) {
        for (int i = 0; i < kIterations; ++i) {
            const std::string flow = "flow-" + std::to_string(i);
            start.arrive_and_wait();
            results[i] = create(tier, flow, name + "-map-" + std::to_string(i), flow + "-reply-" + name,
                                name);
        }
    };
    std::thread thread_b([&] { race(*tier_b, results_b, "b"); });
    race(*tier_a, results_a, "a");
    thread_b.join();

    auto observer = open_observer();
    int wins_a = 0, wins_b = 0;
    for (int i = 0; i < kIterations; ++i) {
        const TierResult& a = results_a[i];
        const TierResult& b = results_b[i];
        const bool a_won = a.status == TierStatus::created;
        const bool b_won = b.status == TierStatus::created;
        ASSERT_NE(a_won, b_won) << "iteration " << i << ": " << tier_status_name(a.status) << " / "
                                << tier_status_name(b.status);
        const TierResult& loss = a_won ? b : a;
        const std::string winner = a_won ? "a" : "b";
        ASSERT_EQ(loss.status, TierStatus::lost_race) << loss.error;
        EXPECT_EQ(text(loss.value), winner + "-map-" + std::to_string(i));
        const std::string flow = "flow-" + std::to_string(i);
        EXPECT_EQ(text(observer->get(bytes(flow)).value), winner + "-map-" + std::to_string(i));
        // Only the winner's reply key is left.
        EXPECT_EQ(observer->get(bytes(flow + "-reply-a")).status,
                  a_won ? TierStatus::found : TierStatus::missing);
        EXPECT_EQ(observer->get(bytes(flow + "-reply-b")).status,
                  b_won ? TierStatus::found : TierStatus::missing);
        (a_won ? wins_a : wins_b)++;
    }
    EXPECT_EQ(wins_a + wins_b, kIterations);
    EXPECT_EQ(tier_a->counters().races_lost + tier_b->counters().races_lost,
              static_cast<uint64_t>(kIterations));
}

TEST_P(FlowStateTierTest, PutOverwritesAndRemoveDeletes) {
    auto tier = open_tier();
    ASSERT_TRUE(tier);
    TierResult created = create(*tier, "flow", "v1", "reply", "r");
    ASSERT_EQ(created.status, TierStatus::created);
    TierResult put = tier->put(bytes("flow"), bytes("v2"));
    ASSERT_EQ(put.status, TierStatus::updated) << put.error;
    EXPECT_GT(put.version, created.version);
    TierResult read = lookup(*tier, "flow");
    EXPECT_EQ(text(read.value), "v2");
    EXPECT_EQ(read.version, put.version);
    EXPECT_EQ(text(open_observer()->get(bytes("flow")).value), "v2");

    TierResult removed = tier->remove(bytes("flow"));
    EXPECT_EQ(removed.status, TierStatus::updated);
    EXPECT_EQ(removed.version, put.version);
    EXPECT_EQ(lookup(*tier, "flow").status, TierStatus::missing);
    EXPECT_EQ(open_observer()->get(bytes("flow")).status, TierStatus::missing);
    TierResult again = tier->remove(bytes("flow"));
    EXPECT_EQ(again.status, TierStatus::updated);
    EXPECT_EQ(again.version, 0u);  // nothing was there

    TierCounters counters = tier->counters();
    EXPECT_EQ(counters.puts, 1u);
    EXPECT_EQ(counters.removes, 2u);
}

TEST_P(FlowStateTierTest, TouchRefreshesOnlyAfterAQuarterOfTheTtl) {
    auto tier = open_tier(/*ttl_ms=*/2000);  // refresh at most every 500 ms
    ASSERT_TRUE(tier);
    TierResult created = create(*tier, "flow", "m", "reply", "r");
    ASSERT_EQ(created.status, TierStatus::created);

    TierResult early = tier->touch(bytes("flow"), bytes("m"));
    EXPECT_EQ(early.status, TierStatus::updated);
    EXPECT_EQ(tier->counters().touches, 0u);
    EXPECT_EQ(open_observer()->get(bytes("flow")).version, created.version);

    std::this_thread::sleep_for(550ms);
    TierResult refreshed = tier->touch(bytes("flow"), bytes("m"));
    ASSERT_EQ(refreshed.status, TierStatus::updated) << refreshed.error;
    EXPECT_GT(refreshed.version, created.version);
    EXPECT_EQ(tier->counters().touches, 1u);
    EXPECT_EQ(tier->touch(bytes("flow"), bytes("m")).version, 0u);  // just refreshed
    EXPECT_EQ(tier->counters().touches, 1u);

    // A key this tier never wrote is refreshed at once.
    ASSERT_EQ(tier->touch(bytes("other"), bytes("o")).status, TierStatus::updated);
    EXPECT_EQ(tier->counters().touches, 2u);
}

TEST_P(FlowStateTierTest, TouchWithoutRefreshTrackingWritesWhenever) {
    // The element keeps its own refresh times: every touch it makes is written.
    TierOptions o = options(mode(), /*ttl_ms=*/60000);
    o.refresh_tracking = false;
    auto tier = open(o);
    ASSERT_TRUE(tier);
    TierResult created = create(*tier, "flow", "m", "reply", "r");
    ASSERT_EQ(created.status, TierStatus::created);

    TierResult first = tier->touch(bytes("flow"), bytes("m"));
    ASSERT_EQ(first.status, TierStatus::updated) << first.error;
    EXPECT_GT(first.version, created.version);
    TierResult second = tier->touch(bytes("flow"), bytes("m"));
    ASSERT_EQ(second.status, TierStatus::updated) << second.error;
    EXPECT_GT(second.version, first.version);
    EXPECT_EQ(tier->counters().touches, 2u);
    EXPECT_EQ(open_observer()->get(bytes("flow")).version, second.version);

    // Without a TTL nothing expires, so there is still nothing to refresh.
    TierOptions no_ttl = options(mode());
    no_ttl.refresh_tracking = false;
    auto untimed = open(no_ttl);
    ASSERT_TRUE(untimed);
    EXPECT_EQ(untimed->touch(bytes("flow"), bytes("m")).version, 0u);
    EXPECT_EQ(untimed->counters().touches, 0u);
}

TEST_P(FlowStateTierTest, ShortTtlExpiresObjectsAndTouchKeepsThemAlive) {
    // A TTL long enough that a loaded machine's scheduling hiccups (hundreds of ms) cannot
    // let a touched object lapse between two refreshes, short enough to see expiry.
    auto tier = open_tier(/*ttl_ms=*/1000);  // refreshed at most every 250 ms
    ASSERT_TRUE(tier);
    ASSERT_EQ(create(*tier, "kept", "m", "kept-reply", "r").status, TierStatus::created);
    ASSERT_EQ(create(*tier, "dropped", "m", "dropped-reply", "r").status, TierStatus::created);
    const auto start = Clock::now();
    // Touch "kept" for well past its TTL; leave "dropped" alone.
    while (Clock::now() - start < 2500ms) {
        ASSERT_EQ(tier->touch(bytes("kept"), bytes("m")).status, TierStatus::updated);
        std::this_thread::sleep_for(25ms);
    }
    // "kept" first: the checks below take time of their own.
    EXPECT_EQ(lookup(*tier, "kept").status, TierStatus::found);
    EXPECT_EQ(lookup(*tier, "dropped").status, TierStatus::missing);
    EXPECT_EQ(tier->get(bytes("dropped-reply")).status, TierStatus::missing);
    EXPECT_EQ(open_observer()->get(bytes("dropped")).status, TierStatus::missing);
    EXPECT_GE(tier->counters().touches, 3u);
    EXPECT_LE(tier->counters().touches, 13u);  // about every 250 ms, not every 25 ms
}

TEST_P(FlowStateTierTest, AsyncCallbacksRunFromPollInSubmissionOrder) {
    auto tier = open_tier();
    ASSERT_TRUE(tier);
    ASSERT_EQ(tier->create_pair(bytes("known"), bytes("k"), bytes("known-r"), bytes("kr")).status,
              TierStatus::created);
    std::vector<Delivery> deliveries;
    constexpr uint64_t kSubmissions = 60;
    for (uint64_t i = 0; i < kSubmissions; ++i) {
        bool accepted = false;
        switch (i % 3) {
            case 0:
                accepted = tier->get_async(bytes("known"), record_delivery, &deliveries, i);
                break;
            case 1:
                accepted = tier->create_pair_async(bytes("new-" + std::to_string(i)), bytes("n"),
                                                   bytes("new-r-" + std::to_string(i)), bytes("nr"),
                                                   record_delivery, &deliveries, i);
                break;
            case 2:
                accepted = tier->get_async(bytes("absent"), record_delivery, &deliveries, i);
                break;
        }
        ASSERT_TRUE(accepted);
    }
    EXPECT_TRUE(deliveries.empty());  // nothing runs outside poll()
    EXPECT_EQ(tier->counters().in_flight + deliveries.size(), kSubmissions);

    const auto deadline = Clock::now() + 5s;
    while (deliveries.size() < kSubmissions && Clock::now() < deadline) {
        std::size_t before = deliveries.size();
        std::size_t ran = tier->poll(7);
        EXPECT_LE(ran, 7u);
        EXPECT_EQ(deliveries.size(), before + ran);
        if (ran == 0) std::this_thread::sleep_for(1ms);
    }
    ASSERT_EQ(deliveries.size(), kSubmissions);
    for (uint64_t i = 0; i < kSubmissions; ++i) {
        ASSERT_EQ(deliveries[i].cookie, i);
        const TierStatus expected = i % 3 == 0   ? TierStatus::found
                                    : i % 3 == 1 ? TierStatus::created
                                                 : TierStatus::missing;
        EXPECT_EQ(deliveries[i].result.status, expected) << i << ": " << deliveries[i].result.error;
        if (i % 3 == 0) {
            EXPECT_EQ(text(deliveries[i].result.value), "k");
        }
    }
    EXPECT_EQ(tier->poll(), 0u);
    EXPECT_EQ(tier->in_flight(), 0u);
    TierCounters counters = tier->counters();
    EXPECT_EQ(counters.gets, 40u);
    EXPECT_EQ(counters.creates, 21u);
}

TEST_P(FlowStateTierTest, OverloadedWhenMaxInFlightIsReached) {
    TierOptions o = options(mode());
    o.max_in_flight = 4;
    auto tier = open(o);
    ASSERT_TRUE(tier);
    std::vector<Delivery> deliveries;
    for (uint64_t i = 0; i < 4; ++i)
        ASSERT_TRUE(tier->get_async(bytes("k" + std::to_string(i)), record_delivery, &deliveries, i));
    EXPECT_FALSE(tier->get_async(bytes("k4"), record_delivery, &deliveries, 4));
    EXPECT_FALSE(tier->create_pair_async(bytes("p"), bytes("v"), bytes("s"), bytes("v"),
                                         record_delivery, &deliveries, 5));
    EXPECT_EQ(tier->counters().gets, 4u);  // refused submissions count nothing
    EXPECT_EQ(tier->counters().creates, 0u);
    EXPECT_EQ(tier->in_flight(), 4u);
    ASSERT_TRUE(tier->drain(5000));
    EXPECT_EQ(deliveries.size(), 4u);
    EXPECT_TRUE(tier->get_async(bytes("k4"), record_delivery, &deliveries, 4));
    ASSERT_TRUE(tier->drain(5000));
    EXPECT_EQ(deliveries.size(), 5u);
}

TEST_P(FlowStateTierTest, DrainDeliversEverything) {
    auto tier = open_tier();
    ASSERT_TRUE(tier);
    EXPECT_TRUE(tier->drain(0));
    std::vector<Delivery> deliveries;
    for (uint64_t i = 0; i < 100; ++i) {
        const std::string flow = "f" + std::to_string(i);
        ASSERT_TRUE(tier->create_pair_async(bytes(flow), bytes("v"), bytes(flow + "r"), bytes("r"),
                                            record_delivery, &deliveries, i));
    }
    ASSERT_TRUE(tier->drain(5000));
    EXPECT_EQ(tier->in_flight(), 0u);
    ASSERT_EQ(deliveries.size(), 100u);
    for (const Delivery& d : deliveries) EXPECT_EQ(d.result.status, TierStatus::created);
}

TEST_P(FlowStateTierTest, BlockingCallsFollowEarlierSubmissionsOfTheSameKey) {
    auto tier = open_tier();
    ASSERT_TRUE(tier);
    std::vector<Delivery> deliveries;
    ASSERT_TRUE(tier->create_pair_async(bytes("flow"), bytes("m"), bytes("reply"), bytes("r"),
                                        record_delivery, &deliveries, 1));
    // Not yet delivered, but the blocking read must see the creation.
    TierResult read = tier->get(bytes("flow"));
    ASSERT_EQ(read.status, TierStatus::found) << read.error;
    EXPECT_EQ(text(read.value), "m");
    ASSERT_TRUE(tier->remove(bytes("reply")).status == TierStatus::updated);
    ASSERT_TRUE(tier->drain(5000));
    ASSERT_EQ(deliveries.size(), 1u);
    EXPECT_EQ(deliveries[0].result.status, TierStatus::created);
}

TEST_P(FlowStateTierTest, AnotherInstancesStateIsFoundOnAMiss) {
    auto tier = open_tier();
    auto other = open(options(StateMode::sync));
    ASSERT_TRUE(tier && other);
    EXPECT_EQ(tier->get(bytes("flow")).status, TierStatus::missing);
    ASSERT_EQ(other->create_pair(bytes("flow"), bytes("theirs"), bytes("reply"), bytes("r")).status,
              TierStatus::created);
    TierResult first = tier->get(bytes("flow"));
    ASSERT_EQ(first.status, TierStatus::found);
    EXPECT_EQ(text(first.value), "theirs");
    TierResult second = tier->get(bytes("flow"));
    EXPECT_EQ(text(second.value), "theirs");
    EXPECT_EQ(second.version, first.version);

    TierCounters counters = tier->counters();
    if (mode() == StateMode::cache) {
        EXPECT_EQ(counters.misses, 2u);  // the absent read and the first read of the flow
        EXPECT_EQ(counters.hits, 1u);
    } else {
        EXPECT_EQ(counters.hits, 0u);
        EXPECT_EQ(counters.misses, 0u);
    }
}

TEST_P(FlowStateTierTest, CacheModeAdoptsAndCachesTheWinnersValue) {
    auto winner = open(options(StateMode::sync));
    auto tier = open_tier();
    ASSERT_TRUE(winner && tier);
    ASSERT_EQ(winner->create_pair(bytes("flow"), bytes("w"), bytes("reply-w"), bytes("r")).status,
              TierStatus::created);
    TierResult lost = create(*tier, "flow", "mine", "reply-mine", "r");
    ASSERT_EQ(lost.status, TierStatus::lost_race);
    EXPECT_EQ(text(lost.value), "w");
    const uint64_t hits_before = tier->counters().hits;
    TierResult read = tier->get(bytes("flow"));
    EXPECT_EQ(text(read.value), "w");
    if (mode() == StateMode::cache) {
        EXPECT_EQ(tier->counters().hits, hits_before + 1);
    }
}

TEST_P(FlowStateTierTest, BadKeysAreUnavailableNotCrashes) {
    auto tier = open_tier();
    ASSERT_TRUE(tier);
    TierResult empty = tier->get({});
    EXPECT_EQ(empty.status, TierStatus::unavailable);
    EXPECT_NE(empty.error, "");
    TierResult same = tier->create_pair(bytes("k"), bytes("v"), bytes("k"), bytes("v"));
    EXPECT_EQ(same.status, TierStatus::unavailable);
    Bytes huge(70000, 'x');
    EXPECT_EQ(tier->put(huge, bytes("v")).status, TierStatus::unavailable);
    std::vector<Delivery> deliveries;
    ASSERT_TRUE(tier->get_async({}, record_delivery, &deliveries, 9));
    ASSERT_TRUE(tier->create_pair_async(huge, bytes("v"), bytes("s"), bytes("v"), record_delivery,
                                        &deliveries, 10));
    ASSERT_TRUE(tier->drain(5000));
    ASSERT_EQ(deliveries.size(), 2u);
    EXPECT_EQ(deliveries[0].result.status, TierStatus::unavailable);
    EXPECT_EQ(deliveries[1].result.status, TierStatus::unavailable);
    EXPECT_EQ(tier->counters().failures, 5u);
}

TEST_P(FlowStateTierTest, StoreOutageIsUnavailableAndRecoversWithoutLosingCreates) {
    if (!redis()) GTEST_SKIP() << "the embedded store cannot go down";
    ::snf::test::RedisServer server({.append_only = true});
    ASSERT_EQ(server.start(), "");
    TierOptions o = options(mode());
    o.store_uri = server.uri("command_timeout_ms=500&connect_timeout_ms=500");
    auto tier = open(o);
    ASSERT_TRUE(tier);

    std::vector<std::string> acknowledged;
    for (int i = 0; i < 20; ++i) {
        const std::string flow = "flow-" + std::to_string(i);
        TierResult r = create(*tier, flow, "m" + std::to_string(i), flow + "-r", "r");
        ASSERT_EQ(r.status, TierStatus::created) << r.error;
        acknowledged.push_back(flow);
    }

    server.kill9();
    const uint64_t failures_before = tier->counters().failures;
    TierResult during = tier->create_pair(bytes("late"), bytes("m"), bytes("late-r"), bytes("r"));
    EXPECT_EQ(during.status, TierStatus::unavailable);
    EXPECT_NE(during.error, "");
    // The cache may still answer from memory; the store may not.
    if (mode() != StateMode::cache) {
        EXPECT_EQ(tier->get(bytes("flow-0")).status, TierStatus::unavailable);
    }
    EXPECT_EQ(tier->get(bytes("never-cached")).status, TierStatus::unavailable);
    EXPECT_EQ(tier->put(bytes("flow-1"), bytes("x")).status, TierStatus::unavailable);
    std::vector<Delivery> deliveries;
    ASSERT_TRUE(tier->get_async(bytes("never-cached"), record_delivery, &deliveries, 1));
    ASSERT_TRUE(tier->create_pair_async(bytes("late2"), bytes("m"), bytes("late2-r"), bytes("r"),
                                        record_delivery, &deliveries, 2));
    ASSERT_TRUE(tier->drain(5000));
    ASSERT_EQ(deliveries.size(), 2u);
    EXPECT_EQ(deliveries[0].result.status, TierStatus::unavailable);
    EXPECT_EQ(deliveries[1].result.status, TierStatus::unavailable);
    EXPECT_NE(deliveries[1].result.error, "");
    EXPECT_GE(tier->counters().failures, failures_before + 5);

    ASSERT_EQ(server.restart(), "");
    // The client reconnects by itself (its backoff is at most a second).
    TierResult after;
    const auto deadline = Clock::now() + 8s;
    do {
        after = tier->create_pair(bytes("after"), bytes("m"), bytes("after-r"), bytes("r"));
        if (after.status != TierStatus::unavailable) break;
        std::this_thread::sleep_for(50ms);
    } while (Clock::now() < deadline);
    ASSERT_EQ(after.status, TierStatus::created) << after.error;
    // Async lookups ride a second connection, which may still be in its backoff.
    TierResult found;
    do {
        found = lookup(*tier, "after");
        if (found.status != TierStatus::unavailable) break;
        std::this_thread::sleep_for(50ms);
    } while (Clock::now() < deadline);
    EXPECT_EQ(found.status, TierStatus::found) << found.error;

    TierOptions fresh = o;
    fresh.mode = StateMode::sync;
    auto observer = open(fresh);
    ASSERT_TRUE(observer);
    for (size_t i = 0; i < acknowledged.size(); ++i) {
        TierResult r = observer->get(bytes(acknowledged[i]));
        ASSERT_EQ(r.status, TierStatus::found) << acknowledged[i] << ": " << r.error;
        EXPECT_EQ(text(r.value), "m" + std::to_string(i));
    }
}

TEST_P(FlowStateTierTest, TableLostWithAStoreRestartIsCreatedAgain) {
    if (!redis()) GTEST_SKIP() << "the embedded store cannot restart";
    ::snf::test::RedisServer server;  // no persistence: a restart forgets the table too
    ASSERT_EQ(server.start(), "");
    TierOptions o = options(mode());
    o.store_uri = server.uri("command_timeout_ms=500&connect_timeout_ms=500");
    auto tier = open(o);
    ASSERT_TRUE(tier);
    ASSERT_EQ(create(*tier, "before", "m", "before-r", "r").status, TierStatus::created);
    server.kill9();
    ASSERT_EQ(server.restart(), "");

    // The first answers may be connection errors or the missing table; then the tier
    // has created its table again and works on the (empty) store.
    TierResult read;
    const auto deadline = Clock::now() + 8s;
    do {
        read = lookup(*tier, "never-seen");
        if (read.status != TierStatus::unavailable) break;
        std::this_thread::sleep_for(50ms);
    } while (Clock::now() < deadline);
    EXPECT_EQ(read.status, TierStatus::missing) << read.error;
    TierResult created = create(*tier, "after", "m", "after-r", "r");
    EXPECT_EQ(created.status, TierStatus::created) << created.error;
    EXPECT_EQ(text(lookup(*tier, "after").value), "m");
}

TEST_P(FlowStateTierTest, OpenReportsBadStores) {
    std::string error;
    TierOptions o = options(mode());
    o.store_uri = redis() ? "redis://127.0.0.1:1?connect_timeout_ms=200" : "nonsense:";
    EXPECT_EQ(FlowStateTier::open(o, error), nullptr);
    EXPECT_NE(error, "");
    o = options(mode());
    o.table = "";
    error.clear();
    EXPECT_EQ(FlowStateTier::open(o, error), nullptr);
    EXPECT_NE(error, "");
    o = options(mode());
    o.max_in_flight = 0;
    error.clear();
    EXPECT_EQ(FlowStateTier::open(o, error), nullptr);
    EXPECT_NE(error, "");
}

std::string param_name(const ::testing::TestParamInfo<FlowStateTierTest::ParamType>& info) {
    return std::string(state_mode_name(std::get<0>(info.param))) + "_" +
           (std::get<1>(info.param) == Backend::redis ? "redis" : "embedded");
}

INSTANTIATE_TEST_SUITE_P(AllModes, FlowStateTierTest,
                         ::testing::Combine(::testing::Values(StateMode::sync, StateMode::async,
                                                              StateMode::cache),
                                            ::testing::Values(Backend::embedded, Backend::redis)),
                         param_name);

TEST(FlowStateTierNames, ModesParseAndPrint) {
    StateMode mode = StateMode::sync;
    EXPECT_TRUE(parse_state_mode("async", mode));
    EXPECT_EQ(mode, StateMode::async);
    EXPECT_TRUE(parse_state_mode("cache", mode));
    EXPECT_EQ(mode, StateMode::cache);
    EXPECT_TRUE(parse_state_mode("sync", mode));
    EXPECT_EQ(mode, StateMode::sync);
    EXPECT_FALSE(parse_state_mode("Sync", mode));
    EXPECT_FALSE(parse_state_mode("", mode));
    EXPECT_EQ(mode, StateMode::sync);
    EXPECT_STREQ(state_mode_name(StateMode::async), "async");
    EXPECT_STREQ(tier_status_name(TierStatus::lost_race), "lost_race");
    EXPECT_STREQ(tier_status_name(TierStatus::secondary_taken), "secondary_taken");
    EXPECT_STREQ(tier_status_name(TierStatus::overloaded), "overloaded");
}

}  // namespace
}  // namespace snf::click::stateless
