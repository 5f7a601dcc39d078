// Compound elements: expansion and naming, formal parameters (positional, keyword,
// __REST__), overloading with "||", extension with "...", lexical scoping of element
// classes and of parameters, nesting.
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

TEST(LangCompoundTest, ManualExampleWithTwoPorts) {
    auto p = parse("compound :: {\n  input -> X -> output;\n  input [1] -> Y -> [1] output;\n};\n"
                   "a, c :: Idle; b, d :: Discard;\n"
                   "a -> compound -> b;\nc -> [1] compound [1] -> d;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(names(p.router), (Strings{"a", "c", "b", "d", "compound/X@1", "compound/Y@2"}));
    EXPECT_EQ(connections(p.router), (Strings{"a [0] -> [0] compound/X@1", "c [0] -> [0] compound/Y@2",
                                              "compound/X@1 [0] -> [0] b", "compound/Y@2 [0] -> [0] d"}));
    EXPECT_EQ(element(p.router, "compound/X@1")->landmark, "test.click:2");
}

TEST(LangCompoundTest, AnonymousCompoundIsNamedByPosition) {
    auto p = parse("a :: Idle; b :: Discard; a -> { input -> X -> output } -> b;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(names(p.router), (Strings{"a", "b", "@3/X@1"}));
    EXPECT_EQ(connections(p.router), (Strings{"a [0] -> [0] @3/X@1", "@3/X@1 [0] -> [0] b"}));
}

TEST(LangCompoundTest, ElementclassWithPositionalFormals) {
    auto p = parse("elementclass Dev { $device, $burst |\n"
                   "  from :: FromDevice($device, BURST $burst) -> output;\n"
                   "  input -> to :: ToDevice($device);\n"
                   "}\n"
                   "d :: Dev(eth0, 8); d -> d;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(names(p.router), (Strings{"d/from", "d/to"}));
    EXPECT_EQ(element(p.router, "d/from")->config, "eth0, BURST 8");
    EXPECT_EQ(element(p.router, "d/to")->config, "eth0");
    EXPECT_EQ(connections(p.router), (Strings{"d/from [0] -> [0] d/to"}));
}

TEST(LangCompoundTest, KeywordAndRestFormals) {
    // click(5): $a is 1, $count is 3 and $rest is "2, FOO 4".
    auto p = parse("c :: { $a, COUNT $count, __REST__ $rest |\n"
                   "  x :: M($a); y :: M($count); z :: M($rest) } (1, 2, COUNT 3, FOO 4);");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(element(p.router, "c/x")->config, "1");
    EXPECT_EQ(element(p.router, "c/y")->config, "3");
    EXPECT_EQ(element(p.router, "c/z")->config, "2, FOO 4");
}

TEST(LangCompoundTest, OverloadsAreChosenByArguments) {
    auto p = parse("elementclass MyQueue {\n"
                   "  input -> Queue -> Shaper(1000) -> output;\n"
                   "||\n"
                   "  $cap | input -> Queue($cap)\n"
                   "               -> Shaper(1000) -> output;\n"
                   "}\n"
                   "Idle -> a :: MyQueue -> Discard;\n"
                   "Idle -> b :: MyQueue(20) -> Discard;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(element(p.router, "a/Queue@1")->config, "");
    EXPECT_EQ(element(p.router, "a/Queue@1")->landmark, "test.click:2");
    EXPECT_EQ(element(p.router, "b/Queue@1")->config, "20");
    EXPECT_EQ(element(p.router, "b/Queue@1")->landmark, "test.click:4");
    EXPECT_TRUE(connected(p.router, "b/Queue@1", 0, "b/Shaper@2", 0));
    EXPECT_TRUE(connected(p.router, "b/Shaper@2", 0, "Discard@6", 0));
}

TEST(LangCompoundTest, OverloadsAreChosenByPorts) {
    auto p = parse("elementclass Split { input -> A -> output || input -> B -> output; input [1] -> C -> [1] output }\n"
                   "s1, s2 :: Split; i :: Idle; d :: Discard;\n"
                   "i -> s1 -> d;\n"
                   "i -> s2 -> d; i -> [1] s2 [1] -> d;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(names(p.router), (Strings{"i", "d", "s1/A@1", "s2/B@1", "s2/C@2"}));
    EXPECT_TRUE(connected(p.router, "i", 0, "s2/C@2", 0));
    EXPECT_TRUE(connected(p.router, "s2/C@2", 0, "d", 0));
}

TEST(LangCompoundTest, EllipsisExtendsAPrimitiveClass) {
    auto p = parse("elementclass Queue {\n"
                   "  $cap, $rate | input -> Queue($cap) -> Shaper($rate) -> output;\n"
                   "|| ...\n"
                   "}\n"
                   "Idle -> Queue(5, 10) -> Discard;\n"
                   "Idle -> Queue(7) -> Discard;");
    ASSERT_TRUE(p.ok) << p.errors();
    // Inside its own body "Queue" still means the primitive class.
    EXPECT_EQ(element(p.router, "Queue@2/Queue@1")->class_name, "Queue");
    EXPECT_EQ(element(p.router, "Queue@2/Queue@1")->config, "5");
    EXPECT_EQ(element(p.router, "Queue@2/Shaper@2")->config, "10");
    // No two-argument match: the extended primitive takes over.
    EXPECT_EQ(element(p.router, "Queue@5")->class_name, "Queue");
    EXPECT_EQ(element(p.router, "Queue@5")->config, "7");
}

TEST(LangCompoundTest, EllipsisExtendsAnEarlierCompound) {
    auto p = parse("elementclass T { $a | x :: M(one $a) }\n"
                   "elementclass T { $a, $b | x :: M(two $a $b) || ... }\n"
                   "t1 :: T(1); t2 :: T(1, 2);");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(element(p.router, "t1/x")->config, "one 1");
    EXPECT_EQ(element(p.router, "t2/x")->config, "two 1 2");
}

TEST(LangCompoundTest, ClassesAreLexicallyScoped) {
    // click(5): A expands to B, not to the later B's C.
    auto p = parse("elementclass A { input -> B -> output }\n"
                   "elementclass B { input -> C -> output }\n"
                   "Idle -> A -> Discard;\n"
                   "Idle -> B -> Discard;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(element(p.router, "A@2/B@1")->class_name, "B");
    EXPECT_EQ(element(p.router, "B@5/C@1")->class_name, "C");
}

TEST(LangCompoundTest, ClassesDefinedInsideACompoundStayThere) {
    auto p = parse("elementclass Outer {\n"
                   "  elementclass Inner { input -> Q -> output }\n"
                   "  input -> Inner -> output\n"
                   "}\n"
                   "Idle -> Outer -> Discard;\n"
                   "Idle -> Inner -> Discard;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_NE(element(p.router, "Outer@2/Inner@1/Q@1"), nullptr);
    EXPECT_EQ(element(p.router, "Inner@5")->class_name, "Inner");  // the (primitive) Inner outside
}

TEST(LangCompoundTest, NestedCompoundsAndParameterScopes) {
    auto p = parse("define($G 9);\n"
                   "elementclass In { $x | input -> A($x $G) -> output }\n"
                   "elementclass Out { $y | define($z $y$y); input -> In($z) -> B($y) -> output }\n"
                   "Idle -> Out(7) -> Discard;\n"
                   "Idle -> C($z $y) -> Discard;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(element(p.router, "Out@2/In@1/A@1")->config, "77 9");
    EXPECT_EQ(element(p.router, "Out@2/B@2")->config, "7");
    // Parameters of a compound are not visible outside it.
    EXPECT_EQ(element(p.router, "C@5")->config, "$z $y");
    EXPECT_TRUE(connected(p.router, "Idle@1", 0, "Out@2/In@1/A@1", 0));
    EXPECT_TRUE(connected(p.router, "Out@2/In@1/A@1", 0, "Out@2/B@2", 0));
    EXPECT_TRUE(connected(p.router, "Out@2/B@2", 0, "Discard@3", 0));
    // Expansion order: file elements, then each compound's components.
    EXPECT_EQ(names(p.router), (Strings{"Idle@1", "Discard@3", "Idle@4", "C@5", "Discard@6", "Out@2/B@2",
                                        "Out@2/In@1/A@1"}));
}

TEST(LangCompoundTest, CompoundArgumentsSeeTheCallersParameters) {
    auto p = parse("elementclass W { $v | x :: M($v) }\n"
                   "elementclass U { $u | w :: W(<$u>) }\n"
                   "u :: U(5);");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(element(p.router, "u/w/x")->config, "<5>");
}

TEST(LangCompoundTest, PassThroughCompoundsAndFanOut) {
    auto p = parse("elementclass Wire { input -> output }\n"
                   "elementclass Fan { input -> t :: Tee(2); t[0] -> output; t[1] -> [1]output }\n"
                   "a :: Idle; b, c :: Discard;\n"
                   "a -> Wire -> f :: Fan; f -> Wire -> b; f [1] -> c;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(connections(p.router), (Strings{"a [0] -> [0] f/t", "f/t [0] -> [0] b", "f/t [1] -> [0] c"}));
}

TEST(LangCompoundTest, ImplicitInputAndOutputInsideCompounds) {
    auto p = parse("elementclass P { -> Paint(1) -> }\n"
                   "elementclass Q { [1] -> Paint(2) -> [1] ; [0] -> [0] }\n"
                   "a :: Idle; b :: Discard; a -> P -> b;\n"
                   "q :: Q; a -> q -> b; a [1] -> [1] q [1] -> [1] b;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_TRUE(connected(p.router, "a", 0, "P@3/Paint@1", 0));
    EXPECT_TRUE(connected(p.router, "P@3/Paint@1", 0, "b", 0));
    EXPECT_TRUE(connected(p.router, "a", 0, "b", 0));
    EXPECT_TRUE(connected(p.router, "a", 1, "q/Paint@1", 0));
    EXPECT_TRUE(connected(p.router, "q/Paint@1", 0, "b", 1));
}

TEST(LangCompoundTest, SynonymOfACompound) {
    auto p = parse("elementclass A { $x | input -> Q($x) -> output }\nelementclass B A;\n"
                   "Idle -> B(3) -> Discard;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(element(p.router, "B@2/Q@1")->config, "3");
}

TEST(LangCompoundTest, RepeatedConnectionsCollapse) {
    auto p = parse("a :: Idle; b :: Discard; a -> b; a -> b; a -> (input -> output; input -> output) -> b;");
    ASSERT_TRUE(p.ok) << p.errors();
    EXPECT_EQ(connections(p.router), (Strings{"a [0] -> [0] b"}));
}

TEST(LangCompoundTest, ExponentialExpansionIsBounded) {
    std::string text = "elementclass C0 { Idle }\n";
    for (int i = 1; i <= 30; ++i)
        text += "elementclass C" + std::to_string(i) + " { C" + std::to_string(i - 1) + " C" +
                std::to_string(i - 1) + " }\n";
    text += "C30;";
    ParseOptions options;
    options.max_elements = 5000;
    auto p = parse(text, options);
    EXPECT_FALSE(p.ok);
    EXPECT_TRUE(testing::mentions(p.diagnostics, "configuration too large: more than 5000 elements")) << p.errors();
    EXPECT_EQ(p.diagnostics.error_count(), 1u) << p.errors();
    EXPECT_LE(p.router.elements.size(), 5000u);
}

TEST(LangCompoundTest, DeepClassChainsAreRejected) {
    // Each class uses the previous one; 150 levels exceed the nesting bound.
    std::string text = "elementclass C0 { input -> Q -> output }\n";
    for (int i = 1; i <= 150; ++i)
        text += "elementclass C" + std::to_string(i) + " { input -> C" + std::to_string(i - 1) + " -> output }\n";
    text += "Idle -> C150 -> Discard;";
    auto p = parse(text);
    EXPECT_FALSE(p.ok);
    EXPECT_TRUE(testing::reported(p.diagnostics, "test.click:101", "nests compound classes more than 100 deep"))
        << p.errors();

    // A long chain of "..." extensions is bounded the same way.
    std::string ext = "elementclass E { input -> output }\n";
    for (int i = 0; i < 150; ++i)
        ext += "elementclass E { $a | input -> output || ... }\n";
    auto q = parse(ext);
    EXPECT_TRUE(testing::mentions(q.diagnostics, "nests compound classes more than 100 deep")) << q.errors();
}

}  // namespace
}  // namespace snf::click
