// Language forms of click(5): declarations, anonymous elements and their generated
// names, chains and ports, many-to-one / one-to-many / many-to-many connections, element
// groups with implicit input/output, synonyms, require and define.
#include <gtest/gtest.h>

#include "lang_test_support.hh"

namespace snf::click {
namespace {

using testing::connected;
using testing::connections;
using testing::element;
using testing::names;
using testing::parse;
using Strings = std::vector<std::string>;

TEST(LangParserTest, DeclarationsWithAndWithoutConfiguration) {
    auto p = parse("a :: Idle;\nb, c :: Queue(10);\nd :: Discard");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(names(p.router), (Strings{"a", "b", "c", "d"}));
    EXPECT_EQ(element(p.router, "a")->class_name, "Idle");
    EXPECT_EQ(element(p.router, "a")->config, "");
    EXPECT_EQ(element(p.router, "c")->class_name, "Queue");
    EXPECT_EQ(element(p.router, "c")->config, "10");
    EXPECT_EQ(element(p.router, "c")->landmark, "test.click:2");
    EXPECT_EQ(element(p.router, "d")->landmark, "test.click:3");
    EXPECT_TRUE(p.router.connections.empty());
}

TEST(LangParserTest, AnonymousElementsAreNumberedByPositionInTheirScope) {
    auto p = parse("Idle -> Discard;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(names(p.router), (Strings{"Idle@1", "Discard@2"}));
    EXPECT_EQ(connections(p.router), (Strings{"Idle@1 [0] -> [0] Discard@2"}));

    // Named elements take positions too.
    auto q = parse("a :: Idle; a -> Discard; Idle -> a;");
    ASSERT_TRUE(q.ok) << q.errors();
    EXPECT_EQ(names(q.router), (Strings{"a", "Discard@2", "Idle@3"}));
}

TEST(LangParserTest, GeneratedNamesSkipNamesTheUserTook) {
    auto p = parse("Idle@2 :: Discard; Idle -> Idle -> Idle@2;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(names(p.router), (Strings{"Idle@2", "Idle@3", "Idle@4"}));
    EXPECT_TRUE(connected(p.router, "Idle@3", 0, "Idle@4", 0));
    EXPECT_TRUE(connected(p.router, "Idle@4", 0, "Idle@2", 0));
}

TEST(LangParserTest, ChainsWithPortsAndDeclarationsInside) {
    auto p = parse("t :: Tee(3);\n"
                   "src :: Idle -> q :: Queue(5) -> t [1] -> [2] x :: Mux [0] -> Discard;\n"
                   "t [2] -> [1] x;\n"
                   "t -> x;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(names(p.router), (Strings{"t", "src", "q", "x", "Discard@5"}));
    EXPECT_EQ(connections(p.router), (Strings{
                                         "t [0] -> [0] x",
                                         "t [1] -> [2] x",
                                         "t [2] -> [1] x",
                                         "src [0] -> [0] q",
                                         "q [0] -> [0] t",
                                         "x [0] -> [0] Discard@5",
                                     }));
    EXPECT_EQ(p.router.connections[1].landmark, "test.click:2");
}

TEST(LangParserTest, ConfigurationStringsAreKeptVerbatim) {
    auto p = parse("m :: Message(\"hello, (world)\", 'it''s');\n"
                   "c :: Classifier(12/0800 /* ip ) */, // arp (\n -);\n");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(element(p.router, "m")->config, "\"hello, (world)\", 'it''s'");
    EXPECT_EQ(element(p.router, "c")->config, "12/0800 /* ip ) */, // arp (\n -");
}

TEST(LangParserTest, SemicolonsAreOptional) {
    auto p = parse("a :: Idle b :: Discard a -> b\nc :: Idle c -> b");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(names(p.router), (Strings{"a", "b", "c"}));
    EXPECT_EQ(p.router.connections.size(), 2u);
}

TEST(LangParserTest, ManyToOneAndOneToMany) {
    auto p = parse("a, b :: Idle; c, d :: Discard;\n"
                   "a, b -> c;\n"
                   "a [1], b [2] -> [3] d;\n"
                   "a -> d, c;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_TRUE(connected(p.router, "a", 0, "c", 0));
    EXPECT_TRUE(connected(p.router, "b", 0, "c", 0));
    EXPECT_TRUE(connected(p.router, "a", 1, "d", 3));
    EXPECT_TRUE(connected(p.router, "b", 2, "d", 3));
    EXPECT_TRUE(connected(p.router, "a", 0, "d", 0));
    EXPECT_EQ(p.router.connections.size(), 5u);
}

TEST(LangParserTest, DeclarationInsideManyToOneDeclaresOnlyItsName) {
    auto p = parse("n1 :: Idle; n1, n2 :: Idle -> n3 :: Discard;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(names(p.router), (Strings{"n1", "n2", "n3"}));
    EXPECT_TRUE(connected(p.router, "n1", 0, "n3", 0));
    EXPECT_TRUE(connected(p.router, "n2", 0, "n3", 0));
}

TEST(LangParserTest, ManyToManyConnections) {
    const Strings expected = {"c [0] -> [0] Paint@2", "c [1] -> [0] Paint@3", "c [2] -> [0] Paint@4",
                              "Paint@2 [0] -> [0] next", "Paint@3 [0] -> [0] next", "Paint@4 [0] -> [0] next"};
    for (const char* text : {"c :: Classifier(00/01, 00/02, 00/03); "
                             "c [0], c [1], c [2] => Paint(0), Paint(1), Paint(2) -> next :: Discard;",
                             "c :: Classifier(00/01, 00/02, 00/03); "
                             "c [0,1,2] => Paint(0), Paint(1), Paint(2) -> next :: Discard;",
                             "c :: Classifier(00/01, 00/02, 00/03); "
                             "c => Paint(0), Paint(1), Paint(2) -> next :: Discard;"}) {
        auto p = parse(text);
        ASSERT_TRUE(p.ok) << text << "\n" << p.errors();
        EXPECT_EQ(connections(p.router), expected) << text;
    }
}

TEST(LangParserTest, ExpandablePortLists) {
    auto p = parse("c :: Classifier(a, b, c); x, y :: Discard; c [1,] => x, y;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(connections(p.router), (Strings{"c [1] -> [0] x", "c [2] -> [0] y"}));
}

TEST(LangParserTest, ElementGroupsExpandAwayLikeTheManual) {
    // click(5): these five lines are equivalent to "x -> y".
    for (const char* chain : {"x -> y;", "x -> ( input -> output ) -> y;", "x -> ( [0] -> [0] ) -> y;",
                              "x -> (->) -> y;", "x -> ( [0]->[0]; [1]->[1] ) => ( [0]->[0]; [1]->[1] ) -> y;"}) {
        auto p = parse(std::string("x :: Idle; y :: Discard;\n") + chain);
        ASSERT_TRUE(p.ok) << chain << "\n" << p.errors();
        EXPECT_EQ(names(p.router), (Strings{"x", "y"})) << chain;
        EXPECT_EQ(connections(p.router), (Strings{"x [0] -> [0] y"})) << chain;
        EXPECT_EQ(p.diagnostics.warning_count(), 0u) << p.errors();
    }
}

TEST(LangParserTest, ElementGroupDetour) {
    auto p = parse("x :: Idle; y :: Discard;\n"
                   "x -> c :: Classifier(00/01, -) => (\n"
                   "    input [0] -> output;\n"
                   "    input [1] -> Paint(1) -> output\n"
                   ") -> y;");
    ASSERT_TRUE(p.ok) << p.errors();
    // The group took positions 4-6, so Paint is the seventh element of the file.
    EXPECT_EQ(names(p.router), (Strings{"x", "y", "c", "Paint@7"}));
    EXPECT_EQ(connections(p.router), (Strings{"x [0] -> [0] c", "c [0] -> [0] y", "c [1] -> [0] Paint@7",
                                              "Paint@7 [0] -> [0] y"}));
}

TEST(LangParserTest, DeclarationsInsideAGroupAreVisibleAfterIt) {
    auto p = parse("( a :: Idle; b :: Discard ); a -> b;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(connections(p.router), (Strings{"a [0] -> [0] b"}));
}

TEST(LangParserTest, SynonymsKeepTheOriginalClass) {
    auto p = parse("elementclass MyQueue Queue;\nIdle -> MyQueue(5) -> Discard;\nm :: MyQueue;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(names(p.router), (Strings{"Idle@1", "MyQueue@2", "Discard@3", "m"}));
    EXPECT_EQ(element(p.router, "MyQueue@2")->class_name, "Queue");
    EXPECT_EQ(element(p.router, "MyQueue@2")->config, "5");
    EXPECT_EQ(element(p.router, "m")->class_name, "Queue");
}

TEST(LangParserTest, RequireRecordsPackages) {
    auto p = parse("require(package fastclassifier, specialcode);\nrequire(compact_config);\n"
                   "require(package \"quoted\", specialcode)\nIdle -> Discard");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(p.router.requirements, (Strings{"fastclassifier", "specialcode", "quoted"}));
    EXPECT_EQ(p.router.elements.size(), 2u);
}

TEST(LangParserTest, DefineSubstitutesEverywhereInItsScope) {
    auto p = parse("define($N 3, $DEV eth0);\nq :: Queue($N);\nf :: FromDevice($DEV, SNAPLEN ${N}00);\n"
                   "m :: Message($later); define($later 2)");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(element(p.router, "q")->config, "3");
    EXPECT_EQ(element(p.router, "f")->config, "eth0, SNAPLEN 300");
    // All definitions of a scope take effect at once.
    EXPECT_EQ(element(p.router, "m")->config, "2");
}

TEST(LangParserTest, CommandLineDefinitionsOverrideTheFile) {
    Definitions defs;
    ASSERT_TRUE(add_definition(defs, "DEV=eth1"));
    ASSERT_TRUE(add_definition(defs, "$EXTRA=x y"));
    EXPECT_FALSE(add_definition(defs, "no equals sign"));
    EXPECT_FALSE(add_definition(defs, "bad-name=1"));
    auto p = parse("define($DEV eth0); f :: FromDevice($DEV); m :: Message($EXTRA);", {}, defs);
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(element(p.router, "f")->config, "eth1");
    EXPECT_EQ(element(p.router, "m")->config, "x y");
}

TEST(LangParserTest, ParameterSubstitutionForms) {
    Definitions defs{{"Q", "a\"b"}};
    auto p = parse("define($W a b c, $REF $W);\n"
                   "m1 :: M(${W[1]} ${W[7]}x);\n"
                   "m2 :: M(${NOPE-fallback} ${W-unused});\n"
                   "m3 :: M('$W' \"$Q\");\n"
                   "m4 :: M($UNKNOWN ${UNKNOWN} $REF);\n"
                   "m5 :: M(// $W in a comment\n$W);\n",
                   {}, defs);
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(element(p.router, "m1")->config, "b x");
    EXPECT_EQ(element(p.router, "m2")->config, "fallback a b c");
    // Single quotes stop substitution; inside double quotes the value is quoted.
    EXPECT_EQ(element(p.router, "m3")->config, "'$W' \"a\\\"b\"");
    EXPECT_EQ(element(p.router, "m4")->config, "$UNKNOWN ${UNKNOWN} a b c");
    EXPECT_EQ(element(p.router, "m5")->config, "// $W in a comment\na b c");
}

TEST(LangParserTest, SelfReferentialDefinitionsStop) {
    auto p = parse("define($a $a); m :: M($a);");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(element(p.router, "m")->config, "$a");
}

TEST(LangParserTest, ExplosiveDefinitionsAreCutOff) {
    std::string text = "define(";
    for (char c = 'a'; c < 'l'; ++c) {
        text += std::string("$") + c + " ";
        for (int i = 0; i < 10; ++i)
            text += std::string("$") + char(c + 1);
        text += ", ";
    }
    text += "$l x); m :: M($a);";
    auto p = parse(text);
    EXPECT_FALSE(p.ok);
    EXPECT_TRUE(testing::reported(p.diagnostics, "test.click:1", "parameter substitution too large"));
}

TEST(LangParserTest, NamingConventionLetsCapitalisedElementNamesBeDeclared) {
    auto p = parse("A, B :: Queue; Src :: Idle; Src -> A -> B -> Sink :: Discard;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(names(p.router), (Strings{"A", "B", "Src", "Sink"}));
    EXPECT_TRUE(connected(p.router, "A", 0, "B", 0));
}

TEST(LangParserTest, AuthoritativeCatalogDecidesWhatIsAClass) {
    ClassSetCatalog catalog({"Idle", "Discard", "Queue"});
    ParseOptions options;
    options.catalog = &catalog;
    auto p = parse("src :: Idle; Src :: Queue; src -> Src -> Discard; Idle -> lower :: Queue;", options);
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(names(p.router), (Strings{"src", "Src", "Discard@3", "Idle@4", "lower"}));
}

}  // namespace
}  // namespace snf::click
