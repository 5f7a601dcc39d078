// Router checks and initialization: Click's messages for port counts, push/pull
// mismatches, agnostic conflicts, unused and reused ports, configuration and
// initialization errors, and the order elements are configured and cleaned up in.
#include <gtest/gtest.h>

#include "router_test_support.hh"

namespace snf::click {
namespace {

using testing::build;

TEST(RouterCheck, ValidConfigurationInitializes) {
    auto b = build("InfiniteSource(LIMIT 3) -> q :: Queue -> Unqueue -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    EXPECT_TRUE(b.router->initialized());
    EXPECT_TRUE(b.errors().empty()) << b.errors();
}

TEST(RouterCheck, PushOutputConnectedToPullInput) {
    auto b = build("i :: Idle -> q1 :: Queue;\nq1 -> q2 :: Queue -> Discard;");
    ASSERT_FALSE(b.router);
    EXPECT_EQ(b.errors(),
              "test.click:2: 'q1 :: Queue' pull output 0 connected to 'q2 :: Queue' push input 0\n"
              "Router could not be initialized!\n");
}

TEST(RouterCheck, AgnosticElementInMixedContext) {
    auto b = build("src :: InfiniteSource -> c :: Counter -> Queue -> Discard;\n"
                   "Idle -> u :: Unqueue -> c2 :: Counter -> d :: Discard;\n"
                   "q :: Queue -> p :: Counter -> Unqueue -> Discard; Idle -> q;\n"
                   "x :: Counter; Idle -> Queue -> [0]x; x -> Queue -> Discard;");
    ASSERT_FALSE(b.router);
    EXPECT_NE(b.errors().find("agnostic 'x :: Counter' in mixed context: pull input 0, push output 0"),
              std::string::npos)
        << b.errors();
}

TEST(RouterCheck, PortRangeErrors) {
    auto b = build("i :: Idle; d :: Discard;\ni -> [1]d;\nc :: Counter; i -> c; c [1] -> d; c -> i;");
    ASSERT_FALSE(b.router);
    EXPECT_NE(b.errors().find("test.click:1: 'd :: Discard' has no input 1\n"), std::string::npos) << b.errors();
    EXPECT_NE(b.errors().find("test.click:3: 'c :: Counter' has no output 1\n"), std::string::npos) << b.errors();
    EXPECT_NE(b.errors().find("Router could not be initialized!"), std::string::npos);
}

TEST(RouterCheck, UnusedAndReusedPorts) {
    auto unused = build("q :: Queue; Idle -> q;\nd :: Discard;");
    ASSERT_FALSE(unused.router);
    EXPECT_EQ(unused.errors(),
              "test.click:2: 'd :: Discard' input 0 unused\n"
              "test.click:1: 'q :: Queue' output 0 unused\n"
              "Router could not be initialized!\n");
    auto reused = build("s :: InfiniteSource; s -> Discard; s -> Discard;");
    ASSERT_FALSE(reused.router);
    EXPECT_NE(reused.errors().find("illegal reuse of 's :: InfiniteSource' push output 0"), std::string::npos)
        << reused.errors();
    auto pull_reuse = build("q :: Queue; Idle -> q; u :: Unqueue -> Discard; q -> u; Idle -> u;");
    ASSERT_FALSE(pull_reuse.router);
    EXPECT_NE(pull_reuse.errors().find("illegal reuse of 'u :: Unqueue' pull input 0"), std::string::npos)
        << pull_reuse.errors();
}

TEST(RouterCheck, EveryConfigurationErrorIsReportedWithContext) {
    auto b = build("q :: Queue(lots);\nIdle -> q -> Unqueue(BURST 0) -> s :: Strip -> Discard;");
    ASSERT_FALSE(b.router);
    EXPECT_EQ(b.errors(),
              "test.click:1: While configuring 'q :: Queue':\n"
              "  CAPACITY: expected unsigned integer\n"
              "test.click:2: While configuring 'Unqueue@3 :: Unqueue':\n"
              "  BURST: must be at least 1\n"
              "test.click:2: While configuring 's :: Strip':\n"
              "  LENGTH: required argument missing\n"
              "Router could not be initialized!\n");
    // Each diagnostic keeps its landmark; the message holds the context line.
    ASSERT_GE(b.diagnostics.entries().size(), 1u);
    EXPECT_EQ(b.diagnostics.entries()[0].landmark, "test.click:1");
    EXPECT_EQ(b.diagnostics.entries()[0].to_string(),
              "test.click:1: While configuring 'q :: Queue':\ntest.click:1:   CAPACITY: expected unsigned integer");
}

TEST(RouterCheck, UnknownClassesAreRejectedByTheParser) {
    auto b = build("Idle -> NoSuchElement -> Discard;");
    ASSERT_FALSE(b.router);
    EXPECT_NE(b.errors().find("NoSuchElement"), std::string::npos) << b.errors();
}

TEST(RouterCheck, PortCountsAndProcessingAreResolved) {
    auto b = build("i :: Idle; t :: Tee; i -> t; t[0] -> Discard; t[1] -> Discard; t[2] -> Discard;\n"
                   "q :: Queue; i[1] -> q; pt :: PullTee; q -> pt -> Unqueue -> Discard; pt[1] -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    Element* t = b.router->find("t");
    EXPECT_EQ(t->ninputs(), 1);
    EXPECT_EQ(t->noutputs(), 3);
    Element* pt = b.router->find("pt");
    EXPECT_TRUE(pt->output_is_pull(0));
    EXPECT_TRUE(pt->output_is_push(1));
    Element* i = b.router->find("i");
    EXPECT_EQ(i->noutputs(), 2);
    EXPECT_EQ(testing::read(*b.router, "pt.ports"),
              "1 input\npull\t-\tq [0]\n2 outputs\npull\t-\t[0] Unqueue@8\npush\t-\t[0] Discard@10\n");
}

TEST(RouterCheck, TeeWithWrongOutputCount) {
    auto b = build("Idle -> t :: Tee(3); t[0] -> Discard; t[1] -> Discard;");
    ASSERT_FALSE(b.router);
    EXPECT_NE(b.errors().find("3 outputs requested, but 2 connected"), std::string::npos) << b.errors();
}

TEST(RouterCheck, ParametersFromDefinitions) {
    auto b = build("InfiniteSource(LIMIT $N) -> c :: Counter -> Discard;", {{"N", "4"}});
    ASSERT_TRUE(b.router) << b.errors();
    EXPECT_EQ(testing::read(*b.router, "InfiniteSource@1.limit"), "4");
}

}  // namespace
}  // namespace snf::click
