// Tests of the C ABI's library-level functions and guarantees: version, status tables,
// struct sizes the bindings rely on, and that exceptions never cross the ABI.
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "c_api_internal.hh"
#include "snf/snf_client.h"

namespace {

TEST(CApi, Version) { EXPECT_STREQ(snf_version(), "0.1.0"); }

TEST(CApi, EveryStatusHasANameAndAMessage) {
    std::set<std::string> names;
    for (int32_t status = 0; status < SNF_STATUS_COUNT; ++status) {
        const std::string name = snf_status_name(status);
        EXPECT_EQ(name.rfind("SNF_", 0), 0u) << status;
        EXPECT_TRUE(names.insert(name).second) << name << " is used twice";
        EXPECT_STRNE(snf_status_message(status), "") << status;
    }
    EXPECT_STREQ(snf_status_name(SNF_OK), "SNF_OK");
    EXPECT_STREQ(snf_status_name(SNF_ERR_OBJECT_EXISTS), "SNF_ERR_OBJECT_EXISTS");
    EXPECT_STREQ(snf_status_name(SNF_ERR_INTERNAL), "SNF_ERR_INTERNAL");
    EXPECT_STREQ(snf_status_name(SNF_STATUS_COUNT), "SNF_ERR_UNKNOWN");
    EXPECT_STREQ(snf_status_name(-1), "SNF_ERR_UNKNOWN");
    EXPECT_STRNE(snf_status_message(12345), "");
}

TEST(CApi, StructSizesMatchTheLayoutBindingsExpect) {
    EXPECT_EQ(snf_struct_size("snf_reject_rules"), 16u);
    EXPECT_EQ(snf_struct_size("snf_multi_read_op"), 48u);
    EXPECT_EQ(snf_struct_size("snf_multi_write_op"), 72u);
    EXPECT_EQ(snf_struct_size("snf_client_stats"), 352u);
    EXPECT_EQ(snf_struct_size("snf_cache_stats"), 48u);
    EXPECT_EQ(snf_struct_size("snf_client"), 0u) << "opaque handles have no public size";
    EXPECT_EQ(snf_struct_size("nonsense"), 0u);
    EXPECT_EQ(snf_struct_size(nullptr), 0u);
}

TEST(CApi, ExceptionsBecomeStatusesAndMessages) {
    int handle = 0;
    EXPECT_EQ(snf::guarded(&handle, [](std::string&) -> int32_t { throw std::bad_alloc(); }),
              SNF_ERR_NO_MEMORY);
    EXPECT_STRNE(snf::last_error(&handle), "");
    EXPECT_EQ(snf::guarded(&handle, [](std::string&) -> int32_t { throw std::runtime_error("boom"); }),
              SNF_ERR_INTERNAL);
    EXPECT_NE(std::string(snf::last_error(&handle)).find("boom"), std::string::npos);
    EXPECT_EQ(snf::guarded(&handle, [](std::string&) -> int32_t { throw 42; }), SNF_ERR_INTERNAL);
    EXPECT_STRNE(snf::last_error(&handle), "");
    EXPECT_EQ(snf::guarded(&handle, [](std::string& error) {
                  error = "explained";
                  return int32_t{SNF_ERR_PROTOCOL};
              }),
              SNF_ERR_PROTOCOL);
    EXPECT_STREQ(snf::last_error(&handle), "explained");
    EXPECT_EQ(snf::guarded(&handle, [](std::string&) { return int32_t{SNF_ERR_TIMEOUT}; }),
              SNF_ERR_TIMEOUT);
    EXPECT_STREQ(snf::last_error(&handle), snf_status_message(SNF_ERR_TIMEOUT))
        << "a failure without a message gets the status's description";
    snf::forget_last_error(&handle);
    EXPECT_STREQ(snf::last_error(&handle), "");
}

TEST(CApi, NullHandleFailuresAreReadableThroughNull) {
    EXPECT_EQ(snf_client_ping(nullptr), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_STRNE(snf_client_last_error(nullptr), "");
    EXPECT_EQ(snf_cache_clear(nullptr), SNF_ERR_INVALID_ARGUMENT);
    EXPECT_STRNE(snf_cache_last_error(nullptr), "");
}

}  // namespace
