// TouchTracker and PairCreation: the refresh policy and its memory bound, and the
// creation machine's transitions, without a store.
#include "stateless/touch_tracker.hh"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stateless/pair_creation.hh"

namespace snf::click::stateless {
namespace {

std::vector<uint8_t> bytes(const std::string& text) { return {text.begin(), text.end()}; }

TEST(TouchTracker, RefreshIsDueAfterAQuarterOfTheTtl) {
    TouchTracker tracker(/*ttl_ms=*/1000, /*capacity=*/16);
    EXPECT_EQ(tracker.refresh_interval_ms(), 250u);
    const auto key = bytes("flow");
    EXPECT_TRUE(tracker.refresh_due(key, 1000));  // never written
    tracker.wrote(key, 1000);
    EXPECT_FALSE(tracker.refresh_due(key, 1000));
    EXPECT_FALSE(tracker.refresh_due(key, 1249));
    EXPECT_TRUE(tracker.refresh_due(key, 1250));
    tracker.forget(key);
    EXPECT_TRUE(tracker.refresh_due(key, 1001));
    EXPECT_EQ(tracker.size(), 0u);
}

TEST(TouchTracker, NoTtlMeansNoRefresh) {
    TouchTracker tracker(0, 16);
    tracker.wrote(bytes("flow"), 5);
    EXPECT_FALSE(tracker.refresh_due(bytes("flow"), 1000000));
    EXPECT_FALSE(tracker.refresh_due(bytes("other"), 1000000));
    EXPECT_EQ(tracker.size(), 0u);
}

TEST(TouchTracker, StaysBoundedWithManyFlows) {
    TouchTracker tracker(/*ttl_ms=*/4000, /*capacity=*/1000);
    // A million flows written within one refresh interval: the cap holds.
    for (uint32_t i = 0; i < 1000000; ++i) {
        const std::string key = "flow-" + std::to_string(i);
        tracker.wrote(bytes(key), 10 + i / 1000);
        ASSERT_LE(tracker.size(), 1000u);
    }
    // The newest keys are remembered, the oldest were forgotten (refreshed early, never late).
    EXPECT_FALSE(tracker.refresh_due(bytes("flow-999999"), 1010));
    EXPECT_TRUE(tracker.refresh_due(bytes("flow-0"), 1010));
    // Entries older than the interval are dropped by the next write.
    tracker.wrote(bytes("late"), 1010 + 1000);
    EXPECT_EQ(tracker.size(), 1u);
}

TEST(TouchTracker, RewritingMovesAKeyToTheBack) {
    TouchTracker tracker(/*ttl_ms=*/400, /*capacity=*/2);
    tracker.wrote(bytes("a"), 0);
    tracker.wrote(bytes("b"), 1);
    tracker.wrote(bytes("a"), 2);  // "b" is now the oldest
    tracker.wrote(bytes("c"), 3);  // evicts "b"
    EXPECT_FALSE(tracker.refresh_due(bytes("a"), 4));
    EXPECT_TRUE(tracker.refresh_due(bytes("b"), 4));
    EXPECT_FALSE(tracker.refresh_due(bytes("c"), 4));
}

StoreReply reply(int32_t status, uint64_t version = 0, const std::string& value = "") {
    StoreReply r;
    r.status = status;
    r.version = version;
    r.value = bytes(value);
    if (status != SNF_OK) r.error = snf_status_name(status);
    return r;
}

struct Pair {
    std::vector<uint8_t> pk = bytes("p"), pv = bytes("pv"), sk = bytes("s"), sv = bytes("sv");
};

TEST(PairCreation, CreatesSecondaryThenPrimary) {
    Pair pair;
    PairCreation creation(pair.pk, pair.pv, pair.sk, pair.sv);
    ASSERT_EQ(creation.step(), PairCreation::Step::write_secondary);
    EXPECT_EQ(creation.key().size(), 1u);
    EXPECT_EQ(creation.key()[0], 's');
    EXPECT_EQ(creation.rules().exists, 1);
    creation.advance(reply(SNF_OK, 5));
    ASSERT_EQ(creation.step(), PairCreation::Step::write_primary);
    EXPECT_EQ(creation.key()[0], 'p');
    EXPECT_EQ(creation.value().size(), 2u);
    creation.advance(reply(SNF_OK, 9));
    ASSERT_TRUE(creation.finished());
    EXPECT_EQ(creation.result().status, TierStatus::created);
    EXPECT_EQ(creation.result().version, 9u);
}

TEST(PairCreation, LostRaceReadsTheWinnerAndRemovesOnlyOurSecondary) {
    Pair pair;
    PairCreation creation(pair.pk, pair.pv, pair.sk, pair.sv);
    creation.advance(reply(SNF_OK, 5));
    creation.advance(reply(SNF_ERR_OBJECT_EXISTS));
    ASSERT_EQ(creation.step(), PairCreation::Step::read_primary);
    creation.advance(reply(SNF_OK, 3, "winner"));
    ASSERT_EQ(creation.step(), PairCreation::Step::remove_secondary);
    EXPECT_EQ(creation.key()[0], 's');
    EXPECT_EQ(creation.rules().version_ne_given, 1);
    EXPECT_EQ(creation.rules().given_version, 5u);
    EXPECT_EQ(creation.rules().exists, 0);
    creation.advance(reply(SNF_ERR_CONNECTION));  // the remove's fate does not change the outcome
    ASSERT_TRUE(creation.finished());
    EXPECT_EQ(creation.result().status, TierStatus::lost_race);
    EXPECT_EQ(std::string(creation.result().value.begin(), creation.result().value.end()), "winner");
}

TEST(PairCreation, VanishedWinnerIsRetriedBoundedly) {
    Pair pair;
    PairCreation creation(pair.pk, pair.pv, pair.sk, pair.sv);
    creation.advance(reply(SNF_OK, 5));
    for (int i = 0; i < 3 && !creation.finished(); ++i) {
        ASSERT_EQ(creation.step(), PairCreation::Step::write_primary);
        creation.advance(reply(SNF_ERR_OBJECT_EXISTS));
        ASSERT_EQ(creation.step(), PairCreation::Step::read_primary);
        creation.advance(reply(SNF_ERR_OBJECT_DOESNT_EXIST));
    }
    ASSERT_TRUE(creation.finished());
    EXPECT_EQ(creation.result().status, TierStatus::unavailable);
}

TEST(PairCreation, FailuresAndConflicts) {
    Pair pair;
    PairCreation taken(pair.pk, pair.pv, pair.sk, pair.sv);
    taken.advance(reply(SNF_ERR_OBJECT_EXISTS));
    EXPECT_EQ(taken.result().status, TierStatus::secondary_taken);

    PairCreation down(pair.pk, pair.pv, pair.sk, pair.sv);
    down.advance(reply(SNF_OK, 1));
    down.advance(reply(SNF_ERR_TIMEOUT));
    ASSERT_TRUE(down.finished());
    EXPECT_EQ(down.result().status, TierStatus::unavailable);
    EXPECT_EQ(down.result().error, "SNF_ERR_TIMEOUT");

    PairCreation same(pair.pk, pair.pv, pair.pk, pair.sv);
    EXPECT_TRUE(same.finished());
    EXPECT_EQ(same.result().status, TierStatus::unavailable);
}

}  // namespace
}  // namespace snf::click::stateless
