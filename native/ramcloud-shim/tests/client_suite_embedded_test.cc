// Runs the client suite against the in-process store: the process-wide default store
// and a named one.
#include "client_suite.hh"

INSTANTIATE_TEST_SUITE_P(
    Embedded, ClientSuite,
    ::testing::Values(snf::test::StoreTarget{"default_store", [] { return std::string("embedded:"); }},
                      snf::test::StoreTarget{"named_store", [] { return std::string("embedded:suite"); }}),
    snf::test::StoreTargetName);
