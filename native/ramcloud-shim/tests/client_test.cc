// Tests of the client core (client.hh) that need a programmable backend: whole-batch
// failures, reconnect counting, nested reads on one thread, and cache/client lifetime.
#include "client.hh"

#include <gtest/gtest.h>

#include "fake_backend.hh"

namespace snf {
namespace {

class ClientCore : public ::testing::Test {
protected:
    void SetUp() override {
        auto backend = std::make_unique<test::FakeBackend>();
        fake_ = backend.get();
        client_ = std::make_unique<Client>(std::move(backend));
        std::string error;
        ASSERT_EQ(client_->create_table("t", table_, error), SNF_OK);
    }

    test::FakeBackend* fake_ = nullptr;
    std::unique_ptr<Client> client_;
    uint64_t table_ = 0;
};

TEST_F(ClientCore, BatchFailureFailsTheWholeMultiOp) {
    std::string error;
    ASSERT_EQ(client_->write(table_, "k", 1, "v", 1, nullptr, 0, nullptr, error), SNF_OK);
    fake_->batch_status = SNF_ERR_CONNECTION;
    char buffer[8];
    snf_multi_read_op ops[2] = {};
    for (auto& op : ops) {
        op.table_id = table_;
        op.key = "k";
        op.key_length = 1;
        op.buffer = buffer;
        op.buffer_capacity = sizeof buffer;
    }
    EXPECT_EQ(client_->multi_read(ops, 2, error), SNF_ERR_CONNECTION);
    EXPECT_EQ(error, "fake batch failure");
    error.clear();
    EXPECT_EQ(client_->read(table_, "k", 1, nullptr, buffer, sizeof buffer, nullptr, nullptr, error),
              SNF_ERR_CONNECTION);
    snf_client_stats stats{};
    client_->stats(stats);
    EXPECT_EQ(stats.reads, 3u);
    EXPECT_EQ(stats.errors, 3u);
}

TEST_F(ClientCore, ReconnectsAreCountedSinceTheLastReset) {
    fake_->reconnect_count = 5;
    snf_client_stats stats{};
    client_->stats(stats);
    EXPECT_EQ(stats.reconnects, 5u);
    client_->reset_stats();
    fake_->reconnect_count = 7;
    client_->stats(stats);
    EXPECT_EQ(stats.reconnects, 2u);
}

TEST_F(ClientCore, NestedReadOnTheSameThreadKeepsBothValues) {
    std::string error;
    ASSERT_EQ(client_->write(table_, "outer", 5, "outer value", 11, nullptr, 0, nullptr, error), SNF_OK);
    ASSERT_EQ(client_->write(table_, "inner", 5, "inner value", 11, nullptr, 0, nullptr, error), SNF_OK);
    std::string inner;
    bool fired = false;
    // A backend may run a completion callback inside a blocking call; that callback may
    // read again on the same thread.
    fake_->after_request = [&](const Request&) {
        if (fired) return;
        fired = true;
        char buffer[32];
        uint32_t length = 0;
        std::string nested_error;
        ASSERT_EQ(client_->read(table_, "inner", 5, nullptr, buffer, sizeof buffer, &length, nullptr,
                                nested_error),
                  SNF_OK);
        inner.assign(buffer, length);
    };
    char buffer[32];
    uint32_t length = 0;
    ASSERT_EQ(client_->read(table_, "outer", 5, nullptr, buffer, sizeof buffer, &length, nullptr, error),
              SNF_OK);
    EXPECT_EQ(std::string(buffer, length), "outer value");
    EXPECT_EQ(inner, "inner value");
}

TEST_F(ClientCore, LargeValuesDoNotStayInTheReadBuffer) {
    std::string error;
    const std::string big(512 * 1024, 'b');
    ASSERT_EQ(client_->write(table_, "big", 3, big.data(), static_cast<uint32_t>(big.size()), nullptr, 0,
                             nullptr, error),
              SNF_OK);
    std::string buffer(big.size(), '\0');
    uint32_t length = 0;
    for (int i = 0; i < 3; ++i) {
        ASSERT_EQ(client_->read(table_, "big", 3, nullptr, buffer.data(),
                                static_cast<uint32_t>(buffer.size()), &length, nullptr, error),
                  SNF_OK);
        EXPECT_EQ(length, big.size());
    }
    EXPECT_TRUE(buffer == big);
}

TEST_F(ClientCore, MultiWriteChecksReservedFields) {
    snf_multi_write_op op{};
    op.table_id = table_;
    op.key = "k";
    op.key_length = 1;
    op.value = "v";
    op.value_length = 1;
    op.reserved = 1;
    std::string error;
    ASSERT_EQ(client_->multi_write(&op, 1, error), SNF_OK);
    EXPECT_EQ(op.status, SNF_ERR_INVALID_ARGUMENT);
    op.reserved = 0;
    op.reject.reserved[0] = 9;
    ASSERT_EQ(client_->multi_write(&op, 1, error), SNF_OK);
    EXPECT_EQ(op.status, SNF_ERR_INVALID_ARGUMENT);
    op.reject.reserved[0] = 0;
    ASSERT_EQ(client_->multi_write(&op, 1, error), SNF_OK);
    EXPECT_EQ(op.status, SNF_OK);
}

TEST_F(ClientCore, TableNamesWithNulAreRejected) {
    uint64_t id = 0;
    std::string error;
    EXPECT_EQ(client_->create_table(std::string_view("a\0b", 3), id, error), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_NE(error.find("NUL"), std::string::npos);
}

}  // namespace
}  // namespace snf
