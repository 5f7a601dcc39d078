// Tests of async operations that stay in flight (a FakeBackend holds them): polling and
// waiting on pending ops, freeing them early, draining, and closing the client under them.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "c_api_internal.hh"
#include "fake_backend.hh"

namespace snf {
namespace {

class AsyncInFlight : public ::testing::Test {
protected:
    void SetUp() override {
        auto backend = std::make_unique<test::FakeBackend>();
        fake_ = backend.get();
        fake_->hold_async = true;
        client_ = new snf_client{std::make_shared<Client>(std::move(backend))};
        ASSERT_EQ(snf_table_create(client_, "t", &table_), SNF_OK);
    }
    void TearDown() override { snf_client_free(client_); }

    static void count(snf_op*, int32_t status, void* calls) {
        static_cast<std::atomic<int>*>(calls)->fetch_add(1);
    }

    test::FakeBackend* fake_ = nullptr;
    snf_client* client_ = nullptr;
    uint64_t table_ = 0;
};

TEST_F(AsyncInFlight, PendingOpReportsPending) {
    std::atomic<int> calls{0};
    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_write(client_, table_, "k", 1, "v", 1, nullptr, 0, count, &calls, &op), SNF_OK);
    EXPECT_EQ(snf_op_poll(op), SNF_ERR_PENDING);
    EXPECT_EQ(snf_op_wait(op, 20), SNF_ERR_TIMEOUT);
    EXPECT_EQ(snf_op_version(op), 0u);
    EXPECT_STREQ(snf_op_error(op), "");
    const void* data = nullptr;
    uint32_t length = 0;
    EXPECT_EQ(snf_op_value(op, &data, &length), SNF_ERR_PENDING);
    EXPECT_EQ(calls.load(), 0);

    fake_->release_held();
    EXPECT_EQ(snf_op_wait(op, 1000), SNF_OK);
    EXPECT_EQ(calls.load(), 1);
    EXPECT_GE(snf_op_version(op), 1u);
    snf_op_free(op);
}

TEST_F(AsyncInFlight, WaiterOnAnotherThreadWakesAtCompletion) {
    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_write(client_, table_, "k", 1, "v", 1, nullptr, 0, nullptr, nullptr, &op), SNF_OK);
    std::atomic<int32_t> waited{-1};
    std::thread waiter([&] { waited = snf_op_wait(op, -1); });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(waited.load(), -1);
    fake_->release_held();
    waiter.join();
    EXPECT_EQ(waited.load(), SNF_OK);
    snf_op_free(op);
}

TEST_F(AsyncInFlight, FreeingAPendingOpStillRunsItsCallback) {
    std::atomic<int> calls{0};
    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_read(client_, table_, "k", 1, count, &calls, &op), SNF_OK);
    snf_op_free(op);  // the backend's reference keeps it alive until it completes
    ASSERT_EQ(snf_async_read(client_, table_, "k", 1, count, &calls, nullptr), SNF_OK);
    EXPECT_EQ(fake_->held_count(), 2u);
    fake_->release_held();
    EXPECT_EQ(calls.load(), 2);
}

TEST_F(AsyncInFlight, DrainTimesOutWhileOpsAreHeld) {
    ASSERT_EQ(snf_async_write(client_, table_, "k", 1, "v", 1, nullptr, 0, nullptr, nullptr, nullptr),
              SNF_OK);
    EXPECT_EQ(snf_client_drain(client_, 20), SNF_ERR_TIMEOUT);
    EXPECT_STRNE(snf_client_last_error(client_), "");
    fake_->release_held();
    EXPECT_EQ(snf_client_drain(client_, 1000), SNF_OK);
}

TEST_F(AsyncInFlight, ClosingTheClientCompletesPendingOpsAsClosed) {
    std::atomic<int> calls{0};
    snf_op* kept = nullptr;
    ASSERT_EQ(snf_async_write(client_, table_, "k", 1, "v", 1, nullptr, 0, count, &calls, &kept), SNF_OK);
    ASSERT_EQ(snf_async_read(client_, table_, "k", 1, count, &calls, nullptr), SNF_OK);
    snf_client_free(client_);
    client_ = nullptr;
    EXPECT_EQ(calls.load(), 2);
    EXPECT_EQ(snf_op_poll(kept), SNF_ERR_CLOSED);
    EXPECT_STREQ(snf_op_error(kept), "client closed");
    snf_op_free(kept);  // an op outlives its client
}

TEST_F(AsyncInFlight, StatsCountSubmittedAndCompleted) {
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(snf_async_read(client_, table_, "k", 1, nullptr, nullptr, nullptr), SNF_OK);
    snf_client_stats stats{};
    ASSERT_EQ(snf_client_stats_get(client_, &stats), SNF_OK);
    EXPECT_EQ(stats.async_submitted, 3u);
    EXPECT_EQ(stats.async_completed, 0u);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    fake_->release_held();
    ASSERT_EQ(snf_client_stats_get(client_, &stats), SNF_OK);
    EXPECT_EQ(stats.async_completed, 3u);
    EXPECT_EQ(stats.reads, 3u);
    EXPECT_EQ(stats.errors, 3u) << "the key does not exist";
    EXPECT_GE(stats.latency_min_ns, 2000000u) << "latency runs from submission";
}

}  // namespace
}  // namespace snf
