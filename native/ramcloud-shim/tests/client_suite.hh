// ClientSuite: the behaviour every store backend must show, checked through the public C
// ABI only (snf/snf_client.h). The tests live in client_suite_test.cc; a backend runs
// them by instantiating the suite with a StoreTarget.
//
// How to instantiate (from any tests/*.cc of the same test binary):
//
//   #include "client_suite.hh"
//
//   std::string redis_uri();  // e.g. starts one redis-server per process, returns its URI
//
//   INSTANTIATE_TEST_SUITE_P(Redis, ClientSuite,
//                            ::testing::Values(snf::test::StoreTarget{"redis", &redis_uri}),
//                            snf::test::StoreTargetName);
//
// StoreTarget::uri is called in each test's SetUp, never while tests are being listed
// (gtest_discover_tests lists them without running anything), so it may start a server
// lazily. It must return the same store for every call within a process, because some
// tests open a second client on it. Returning "" skips the test; put the reason in
// StoreTarget::skip_reason. Every test works in a table of its own, named after the test
// and the process id, and drops it afterwards, so instances may share one server.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "snf/snf_client.h"

namespace snf::test {

struct StoreTarget {
    std::string label;                 // test-name suffix: letters, digits, '_'
    std::function<std::string()> uri;  // the store's URI; "" to skip
    std::string skip_reason = "store not available";
};

inline std::string StoreTargetName(const ::testing::TestParamInfo<StoreTarget>& info) {
    return info.param.label;
}

inline void PrintTo(const StoreTarget& target, std::ostream* os) { *os << target.label; }

}  // namespace snf::test

class ClientSuite : public ::testing::TestWithParam<snf::test::StoreTarget> {
protected:
    void SetUp() override;
    void TearDown() override;

    // Another client on the same store; freed in TearDown.
    snf_client* open_another_client();

    // A table for this test only (dropped in TearDown). `suffix` tells several apart.
    uint64_t make_table(const std::string& suffix = "");
    std::string table_name(const std::string& suffix = "") const;

    // Shorthands over the C ABI with `client_` and `table_`.
    int32_t write(const std::string& key, const std::string& value, uint64_t* version = nullptr,
                  const snf_reject_rules* rules = nullptr, uint64_t ttl_ms = 0);
    int32_t read(const std::string& key, std::string* value = nullptr, uint64_t* version = nullptr,
                 const snf_reject_rules* rules = nullptr);
    int32_t remove(const std::string& key, uint64_t* version = nullptr,
                   const snf_reject_rules* rules = nullptr);

    std::string uri_;
    snf_client* client_ = nullptr;
    uint64_t table_ = 0;

private:
    std::vector<snf_client*> extra_clients_;
    std::vector<std::string> tables_;
};
