// Printing a flat router back to Click text, and compound-scoped name lookups.
#include <gtest/gtest.h>

#include "lang_test_support.hh"
#include "snf/click/router_unparser.hh"
#include "snf/click/scoped_names.hh"

namespace snf::click {
namespace {

using testing::parse;

TEST(LangUnparseTest, PrintsRequirementsDeclarationsAndConnections) {
    auto p = parse("require(package foo);\na :: Idle -> q :: Queue(10) -> Discard;\na [1] -> [1] q;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(unparse_router(p.router),
              "require(package foo);\n"
              "\n"
              "a :: Idle;\n"
              "q :: Queue(10);\n"
              "Discard@3 :: Discard;\n"
              "\n"
              "a [0] -> [0] q;\n"
              "a [1] -> [1] q;\n"
              "q [0] -> [0] Discard@3;\n");
}

TEST(LangUnparseTest, EmptyRouterPrintsNothing) {
    EXPECT_EQ(unparse_router(FlatRouter{}), "");
}

TEST(LangUnparseTest, FlattenedCompoundsRoundTrip) {
    auto p = parse("elementclass Dev { $d | from :: FromDevice($d) -> output; input -> to :: ToDevice($d) }\n"
                   "define($IF \"eth 0\");\n"
                   "d :: Dev($IF); d -> c :: Classifier(12/0800 /* ip */, -) [1] -> d; c -> Discard;");
    ASSERT_TRUE(p.ok) << p.errors();
    std::string flat = unparse_router(p.router);
    auto again = parse(flat);
    ASSERT_TRUE(again.ok) << again.errors() << flat;
    EXPECT_EQ(testing::names(again.router), testing::names(p.router));
    EXPECT_EQ(testing::connections(again.router), testing::connections(p.router));
    EXPECT_EQ(unparse_router(again.router), flat);
    EXPECT_EQ(testing::element(again.router, "d/from")->config, "\"eth 0\"");
}

TEST(LangScopedNamesTest, CandidatesGoFromInnermostScopeOut) {
    EXPECT_EQ(scoped_name_candidates("a/b/c", "x"), (std::vector<std::string>{"a/b/x", "a/x", "x"}));
    EXPECT_EQ(scoped_name_candidates("c", "x"), (std::vector<std::string>{"x"}));
    EXPECT_EQ(compound_prefix("a/b/c"), "a/b/");
    EXPECT_EQ(compound_prefix("c"), "");
}

TEST(LangScopedNamesTest, TableResolvesTheInnermostDefinition) {
    ScopedNameTable table;
    EXPECT_TRUE(table.define("AddressInfo@1", "intern", "10.0.0.1"));
    EXPECT_TRUE(table.define("dev/AddressInfo@3", "intern", "10.9.9.9"));
    EXPECT_FALSE(table.define("AddressInfo@7", "intern", "other"));  // same scope, same name
    ASSERT_NE(table.lookup("rw", "intern"), nullptr);
    EXPECT_EQ(*table.lookup("rw", "intern"), "10.0.0.1");
    EXPECT_EQ(*table.lookup("dev/from", "intern"), "10.9.9.9");
    EXPECT_EQ(*table.lookup("other/dev/from", "intern"), "10.0.0.1");
    EXPECT_EQ(table.lookup("rw", "extern"), nullptr);
}

TEST(LangScopedNamesTest, ElementReferencesResolveFromTheirCompound) {
    auto p = parse("rw :: Idle; c :: { rw :: Idle; m :: Mapper(rw) }; n :: Mapper(rw);");
    ASSERT_TRUE(p.ok) << p.errors();
    auto inner = find_element_from(p.router, "c/m", "rw");
    ASSERT_TRUE(inner);
    EXPECT_EQ(p.router.elements[*inner].name, "c/rw");
    auto outer = find_element_from(p.router, "n", "rw");
    ASSERT_TRUE(outer);
    EXPECT_EQ(p.router.elements[*outer].name, "rw");
    EXPECT_FALSE(find_element_from(p.router, "n", "nothing"));
}

}  // namespace
}  // namespace snf::click
