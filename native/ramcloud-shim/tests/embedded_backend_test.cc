// Tests of `embedded:` stores through the C ABI: which clients share a store, how long a
// store lives, and which URIs the embedded and RAMCloud schemes accept.
#include <gtest/gtest.h>

#include <string>

#include "snf/snf_client.h"

namespace {

struct ClientGuard {
    snf_client* client = nullptr;
    explicit ClientGuard(const char* uri) {
        char error[256] = {};
        EXPECT_EQ(snf_client_open(uri, &client, error, sizeof error), SNF_OK) << uri << ": " << error;
    }
    ~ClientGuard() { snf_client_free(client); }
    ClientGuard(const ClientGuard&) = delete;
    ClientGuard& operator=(const ClientGuard&) = delete;
};

bool has_table(snf_client* client, const char* name) {
    uint64_t id = 0;
    return snf_table_get_id(client, name, &id) == SNF_OK;
}

TEST(EmbeddedStores, DefaultStoreIsSharedAndOutlivesItsClients) {
    {
        ClientGuard first("embedded:");
        uint64_t id = 0;
        ASSERT_EQ(snf_table_create(first.client, "shared-default", &id), SNF_OK);
        ClientGuard second("embedded:");
        EXPECT_TRUE(has_table(second.client, "shared-default"));
        EXPECT_STREQ(snf_client_backend(second.client), "embedded");
    }
    ClientGuard later("embedded:");
    EXPECT_TRUE(has_table(later.client, "shared-default")) << "the default store lives on";
    EXPECT_EQ(snf_table_drop(later.client, "shared-default"), SNF_OK);
}

TEST(EmbeddedStores, NamedStoresAreSeparate) {
    ClientGuard a("embedded:alpha"), a2("embedded:alpha"), b("embedded:beta"), def("embedded:");
    uint64_t id = 0;
    ASSERT_EQ(snf_table_create(a.client, "only-in-alpha", &id), SNF_OK);
    EXPECT_TRUE(has_table(a2.client, "only-in-alpha"));
    EXPECT_FALSE(has_table(b.client, "only-in-alpha"));
    EXPECT_FALSE(has_table(def.client, "only-in-alpha"));
}

TEST(EmbeddedStores, NamedStoreEndsWithItsLastClient) {
    {
        ClientGuard first("embedded:ephemeral");
        uint64_t id = 0;
        ASSERT_EQ(snf_table_create(first.client, "t", &id), SNF_OK);
        ASSERT_EQ(snf_write(first.client, id, "k", 1, "v", 1, nullptr, 0, nullptr), SNF_OK);
    }
    ClientGuard again("embedded:ephemeral");
    EXPECT_FALSE(has_table(again.client, "t"));
}

TEST(EmbeddedStores, AsyncOpsCompleteBeforeSubmitReturns) {
    ClientGuard c("embedded:async-inline");
    uint64_t id = 0;
    ASSERT_EQ(snf_table_create(c.client, "t", &id), SNF_OK);
    int calls = 0;
    auto count = [](snf_op*, int32_t, void* n) { ++*static_cast<int*>(n); };
    snf_op* op = nullptr;
    ASSERT_EQ(snf_async_write(c.client, id, "k", 1, "v", 1, nullptr, 0, count, &calls, &op), SNF_OK);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(snf_op_poll(op), SNF_OK);
    snf_op_free(op);
}

TEST(EmbeddedStores, OptionsAreRejected) {
    snf_client* client = nullptr;
    char error[256] = {};
    EXPECT_EQ(snf_client_open("embedded:x?shards=8", &client, error, sizeof error), SNF_ERR_BAD_URI);
    EXPECT_NE(std::string(error).find("shards"), std::string::npos) << error;
}

}  // namespace
