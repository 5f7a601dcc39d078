// Runs the backend-independent client suite (client_suite.hh) on the RAMCloud backend:
// always through the in-memory implementation of RAMCloud's C binding built for the tests
// (tests/ramcloud_double), and against a real RAMCloud cluster when SNF_RAMCLOUD_LOCATOR
// names one (with SNF_RAMCLOUD_LIB pointing at its libramcloud.so if the loader cannot
// find it), e.g. (one command line)
//   SNF_RAMCLOUD_LOCATOR=tcp:host=127.0.0.1,port=12246 SNF_RAMCLOUD_LIB=/path/libramcloud.so
//   ctest --test-dir build/native -R ramcloud
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "client_suite.hh"

namespace {

std::string ramcloud_double_uri() { return std::string("ramcloud:test?lib=") + SNF_TEST_RAMCLOUD_LIB; }

std::string ramcloud_cluster_uri() {
    const char* locator = std::getenv("SNF_RAMCLOUD_LOCATOR");
    return locator && *locator ? std::string("ramcloud:") + locator : std::string();
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(RamCloud, ClientSuite,
                         ::testing::Values(
                             snf::test::StoreTarget{"ramcloud_binding_in_memory", &ramcloud_double_uri},
                             snf::test::StoreTarget{"ramcloud_cluster", &ramcloud_cluster_uri,
                                                    "SNF_RAMCLOUD_LOCATOR is not set"}),
                         snf::test::StoreTargetName);
