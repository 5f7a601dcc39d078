// Error reporting: each kind of mistake gets a message at the right file:line, the
// parse goes on after an error, and one run reports every error of a configuration.
#include <gtest/gtest.h>

#include "lang_test_support.hh"

namespace snf::click {
namespace {

using testing::element;
using testing::parse;
using testing::reported;

ParseOptions strict_options() {
    static const ClassSetCatalog catalog({"Idle", "Discard", "Queue", "Tee", "Classifier"});
    ParseOptions options;
    options.catalog = &catalog;
    return options;
}

TEST(LangDiagnosticsTest, FormatsLikeClick) {
    Diagnostics d;
    d.error("a.click:3", "first line\nsecond line");
    d.warning("a.click:4", "careful");
    d.note("", "context");
    EXPECT_EQ(d.to_string(), "a.click:3: first line\na.click:3: second line\na.click:4: warning: careful\ncontext\n");
    EXPECT_EQ(d.error_count(), 1u);
    EXPECT_EQ(d.warning_count(), 1u);
}

TEST(LangDiagnosticsTest, UndeclaredElement) {
    auto p = parse("a :: Idle;\nb -> a;");
    EXPECT_FALSE(p.ok);
    EXPECT_TRUE(reported(p.diagnostics, "test.click:2", "undeclared element 'b'")) << p.errors();
    EXPECT_EQ(p.diagnostics.error_count(), 1u) << p.errors();
}

TEST(LangDiagnosticsTest, DuplicateDeclaration) {
    auto p = parse("a :: Idle;\nb :: Discard;\na :: Queue;");
    EXPECT_FALSE(p.ok);
    EXPECT_TRUE(reported(p.diagnostics, "test.click:3", "redeclaration of element 'a'")) << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:1", "element 'a' previously declared here", Severity::Note));
    EXPECT_EQ(element(p.router, "a")->class_name, "Idle");  // the first declaration stands
}

TEST(LangDiagnosticsTest, UnterminatedStringAndComment) {
    auto s = parse("a :: Idle;\nm :: Message(\"hello);\nb :: Discard;");
    EXPECT_TRUE(reported(s.diagnostics, "test.click:2", "unterminated string")) << s.errors();
    EXPECT_EQ(s.diagnostics.error_count(), 1u) << s.errors();

    auto c = parse("a :: Idle;\n/* oops\nb :: Discard;");
    EXPECT_TRUE(reported(c.diagnostics, "test.click:2", "unterminated comment")) << c.errors();
    EXPECT_EQ(c.diagnostics.error_count(), 1u) << c.errors();
    EXPECT_NE(element(c.router, "a"), nullptr);

    auto q = parse("a :: Queue(1,\n2");
    EXPECT_TRUE(reported(q.diagnostics, "test.click:1", "unterminated configuration string")) << q.errors();
}

TEST(LangDiagnosticsTest, BadPorts) {
    auto p = parse("t :: Tee;\nt [x] -> Discard;\nt [1 -> Discard;\nt [99999] -> Discard;\nt [] -> Discard;");
    EXPECT_TRUE(reported(p.diagnostics, "test.click:2", "port number should be integer")) << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:3", "expected ','")) << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:4", "port number 99999 too large")) << p.errors();
    EXPECT_EQ(p.diagnostics.error_count(), 3u) << p.errors();
}

TEST(LangDiagnosticsTest, JunkBetweenStatements) {
    auto p = parse("a :: Idle;\nb :: Discard %;\n$x;\nc :: Idle -> ;\nd :: Idle;");
    EXPECT_TRUE(reported(p.diagnostics, "test.click:2", "syntax error near '%'")) << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:3", "syntax error near '$x'")) << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:4", "syntax error near ';'")) << p.errors();
    EXPECT_EQ(p.diagnostics.error_count(), 3u) << p.errors();
    EXPECT_NE(element(p.router, "d"), nullptr);  // parsing went on

    // Junk inside an element list is reported once, and the list keeps what it had.
    auto list = parse("a, b :: Idle; c :: Discard;\na, % -> c;\na, -> c;");
    EXPECT_TRUE(reported(list.diagnostics, "test.click:2", "syntax error near '%'")) << list.errors();
    EXPECT_TRUE(reported(list.diagnostics, "test.click:3", "syntax error near '->'")) << list.errors();
    EXPECT_EQ(list.diagnostics.error_count(), 2u) << list.errors();
    EXPECT_TRUE(testing::connected(list.router, "a", 0, "c", 0));
}

TEST(LangDiagnosticsTest, ProvideIsReservedButNoStatement) {
    auto p = parse("provide(x, y);\na :: Idle;");
    EXPECT_TRUE(reported(p.diagnostics, "test.click:1", "syntax error near 'provide'")) << p.errors();
    EXPECT_EQ(p.diagnostics.error_count(), 1u) << p.errors();
    EXPECT_NE(element(p.router, "a"), nullptr);
}

TEST(LangDiagnosticsTest, WrongNumberOfCompoundArguments) {
    auto p = parse("elementclass D { $a |\n  input -> Q($a) -> output }\nIdle -> D(1, 2) -> Discard;\n"
                   "Idle -> D -> Discard;");
    EXPECT_TRUE(reported(p.diagnostics, "test.click:3",
                         "no match for 'D[2 arguments, 1 input, 1 output]' (too many arguments)"))
        << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:1", "D(<arg>)[1 input, 1 output]", Severity::Note));
    EXPECT_TRUE(reported(p.diagnostics, "test.click:4", "no match for 'D[1 input, 1 output]' (too few arguments)"))
        << p.errors();
    EXPECT_EQ(p.diagnostics.error_count(), 2u) << p.errors();
}

TEST(LangDiagnosticsTest, KeywordFormals) {
    auto p = parse("elementclass K { COUNT $c | input -> Q($c) -> output }\nIdle -> K(SIZE 3) -> Discard;\n"
                   "Idle -> K(7) -> Discard;\nIdle -> K(COUNT 2) -> Discard;");
    EXPECT_TRUE(reported(p.diagnostics, "test.click:2", "(unknown keyword 'SIZE')")) << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:3", "(missing 'COUNT' parameter)")) << p.errors();
    EXPECT_EQ(p.diagnostics.error_count(), 2u) << p.errors();
    EXPECT_EQ(element(p.router, "K@8/Q@1")->config, "2");
}

TEST(LangDiagnosticsTest, OverloadMismatchListsCandidates) {
    auto p = parse("elementclass O {\n  $a | input -> Q($a) -> output\n||\n  $a, $b | input -> Q($a $b) -> output }\n"
                   "Idle -> O(1, 2, 3) -> Discard;");
    EXPECT_TRUE(reported(p.diagnostics, "test.click:5", "no match for 'O[3 arguments, 1 input, 1 output]'"));
    EXPECT_TRUE(reported(p.diagnostics, "test.click:1", "O(<arg>)[1 input, 1 output]", Severity::Note));
    EXPECT_TRUE(reported(p.diagnostics, "test.click:3", "O(<arg>, <arg>)[1 input, 1 output]", Severity::Note));
}

TEST(LangDiagnosticsTest, RecursiveElementclass) {
    auto p = parse("elementclass R {\n  input -> R -> output\n}\nIdle -> R -> Discard;", strict_options());
    EXPECT_TRUE(reported(p.diagnostics, "test.click:2", "element class 'R' is used inside its own definition"))
        << p.errors();
    EXPECT_EQ(p.diagnostics.error_count(), 1u) << p.errors();

    auto lower = parse("elementclass loop { input -> x :: loop -> output }\nIdle -> loop -> Discard;");
    EXPECT_TRUE(reported(lower.diagnostics, "test.click:1", "element class 'loop' is used inside its own definition"))
        << lower.errors();

    // Redefining a class in terms of the previous one is fine.
    auto wrap = parse("elementclass Queue { input -> Queue -> output }\nIdle -> Queue -> Discard;", strict_options());
    EXPECT_TRUE(wrap.ok) << wrap.errors();
}

TEST(LangDiagnosticsTest, CompoundPortsUsedOnOneSideOnly) {
    const char* cls = "elementclass P { input -> Q -> output }\n";
    auto unused_in = parse(std::string(cls) + "p :: P;\np -> Discard;");
    EXPECT_TRUE(reported(unused_in.diagnostics, "test.click:2", "'p' input 0 unused")) << unused_in.errors();
    EXPECT_EQ(unused_in.diagnostics.error_count(), 1u) << unused_in.errors();

    auto unused_out = parse(std::string(cls) + "p :: P;\nIdle -> p;");
    EXPECT_TRUE(reported(unused_out.diagnostics, "test.click:2", "'p' output 0 unused")) << unused_out.errors();

    auto no_in = parse(std::string(cls) + "p :: P;\nIdle -> p -> Discard;\nIdle -> [1] p;\np [2] -> Discard;");
    EXPECT_TRUE(reported(no_in.diagnostics, "test.click:2", "'p' has no input 1")) << no_in.errors();
    EXPECT_TRUE(reported(no_in.diagnostics, "test.click:2", "'p' has no output 2")) << no_in.errors();
    EXPECT_EQ(no_in.diagnostics.error_count(), 2u) << no_in.errors();
}

TEST(LangDiagnosticsTest, PseudoElementMisuse) {
    auto p = parse("elementclass W {\n  input -> Q -> input;\n  output -> X -> output }\n"
                   "elementclass G { input [0] -> A -> output; input [2] -> B -> output }");
    EXPECT_TRUE(reported(p.diagnostics, "test.click:1", "'W' pseudoelement 'input' may only be used as output"))
        << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:1", "'W' pseudoelement 'output' may only be used as input"));
    EXPECT_TRUE(reported(p.diagnostics, "test.click:4", "'G' input 1 missing"));
}

TEST(LangDiagnosticsTest, UnknownClassAndClassAsName) {
    auto p = parse("a :: Frob;\nIdle :: Discard;\nIdle -> b :: Queue -> Discard;", strict_options());
    EXPECT_TRUE(reported(p.diagnostics, "test.click:1", "unknown element class 'Frob'")) << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:2", "class 'Idle' used as element name")) << p.errors();
    EXPECT_EQ(p.diagnostics.error_count(), 2u) << p.errors();
}

TEST(LangDiagnosticsTest, RequireAndDefineMistakes) {
    auto p = parse("require(library mine.click);\ndefine(x 1);\ndefine($a 1, $a 2);\nrequire(package a b);");
    EXPECT_TRUE(reported(p.diagnostics, "test.click:1", "'require(library mine.click)' is not supported"))
        << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:2", "bad 'define' declaration: not a variable"));
    EXPECT_TRUE(reported(p.diagnostics, "test.click:3", "parameter '$a' multiply defined"));
    EXPECT_TRUE(reported(p.diagnostics, "test.click:4", "syntax error at requirement"));
    EXPECT_EQ(p.diagnostics.error_count(), 4u) << p.errors();
}

TEST(LangDiagnosticsTest, FormalParameterMistakes) {
    auto p = parse("elementclass O { COUNT $c, $a | }\nelementclass K { K $a, K $b | }\n"
                   "elementclass V { $a, $a | }\nelementclass E { $a x }");
    EXPECT_TRUE(reported(p.diagnostics, "test.click:1", "compound element parameters out of order")) << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:2", "repeated keyword parameter 'K'"));
    EXPECT_TRUE(reported(p.diagnostics, "test.click:3", "parameter '$a' multiply defined"));
    EXPECT_TRUE(reported(p.diagnostics, "test.click:4", "expected ',' or '|'"));
}

TEST(LangDiagnosticsTest, EllipsisMistakes) {
    auto p = parse("elementclass zz { input -> output || ... }\nelementclass Queue { ... }\n"
                   "elementclass Y { input -> output || ... || input -> A -> output }");
    EXPECT_TRUE(reported(p.diagnostics, "test.click:1", "cannot extend unknown element class 'zz'")) << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:2", "'...' should occur last"));
    EXPECT_TRUE(reported(p.diagnostics, "test.click:3", "'...' should occur last"));
}

TEST(LangDiagnosticsTest, UnclosedCompoundAndGroup) {
    auto c = parse("a :: Idle;\nelementclass E { input ->\n Q -> output");
    EXPECT_TRUE(reported(c.diagnostics, "test.click:3", "expected '}'")) << c.errors();
    EXPECT_TRUE(reported(c.diagnostics, "test.click:2", "compound element 'E' starts here", Severity::Note));

    auto g = parse("x :: Idle;\nx -> ( input -> output");
    EXPECT_TRUE(reported(g.diagnostics, "test.click:2", "expected ')'")) << g.errors();
}

TEST(LangDiagnosticsTest, ConnectionShapeMistakes) {
    auto p = parse("a, b :: Idle; c, d :: Discard;\na, b -> c, d;\n"
                   "k :: Classifier(a, b, c); x, y :: Discard;\nk [0,1,2] => x, y;\n"
                   "a [1];\n[2] a -> c;\n"
                   "q :: Queue;\nIdle -> q(5) -> Discard;");
    EXPECT_TRUE(reported(p.diagnostics, "test.click:2", "many-to-many connections require '=>'")) << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:4", "connection mismatch: 3 outputs connected to 2 inputs"));
    EXPECT_TRUE(reported(p.diagnostics, "test.click:5", "output ports ignored at end of chain"));
    EXPECT_TRUE(reported(p.diagnostics, "test.click:6", "input ports ignored at start of chain"));
    EXPECT_TRUE(reported(p.diagnostics, "test.click:8", "configuration string ignored on element reference"));
    EXPECT_EQ(p.diagnostics.error_count(), 5u) << p.errors();
}

TEST(LangDiagnosticsTest, BadElementNames) {
    auto p = parse("1 :: Idle;\nc/x :: Idle;\nc :: { x :: Idle };");
    EXPECT_TRUE(reported(p.diagnostics, "test.click:1", "element name '1' has all-digit component")) << p.errors();
    EXPECT_TRUE(reported(p.diagnostics, "test.click:3", "redeclaration of element 'c/x'")) << p.errors();
}

TEST(LangDiagnosticsTest, LineDirectivesMoveLandmarks) {
    auto p = parse("a :: Idle;\n# 10 \"other.click\"\nb -> a;");
    EXPECT_TRUE(reported(p.diagnostics, "other.click:10", "undeclared element 'b'")) << p.errors();
}

TEST(LangDiagnosticsTest, NestingIsBounded) {
    std::string text = "x :: Idle; x -> " + std::string(200, '(') + "input -> output" + std::string(200, ')') +
                       " -> Discard;\n" + "elementclass Deep " + std::string(200, '{') + std::string(200, '}');
    auto p = parse(text);
    EXPECT_TRUE(p.diagnostics.has_errors());
    EXPECT_TRUE(testing::mentions(p.diagnostics, "maximum nesting depth exceeded")) << p.errors();
}

TEST(LangDiagnosticsTest, ImplicitInputHint) {
    // A statement that starts with "->" right after one that did not end at "output"
    // is probably a broken chain.
    auto p = parse("elementclass H {\n  input -> a :: A;\n  -> B -> output }");
    EXPECT_TRUE(reported(p.diagnostics, "test.click:3", "suggest 'input ->' or '[0] ->' to start connection",
                         Severity::Warning))
        << p.errors();
}

TEST(LangDiagnosticsTest, EveryErrorOfAConfigurationIsReported) {
    auto p = parse("a :: Idle;\n"                                          // 1
                   "a :: Discard;\n"                                       // 2 redeclaration
                   "b -> a;\n"                                             // 3 undeclared
                   "t :: Tee; t [q] -> a;\n"                               // 4 bad port
                   "x :: Queue % ;\n"                                      // 5 junk
                   "elementclass D { $v | input -> Q($v) -> output }\n"    // 6
                   "Idle -> D(1, 2, 3) -> a;\n"                            // 7 wrong arguments
                   "define(nope);\n"                                       // 8 bad define
                   "require(library l.click);\n"                           // 9 unsupported
                   "good :: Discard;\n");                                  // 10
    EXPECT_FALSE(p.ok);
    for (const char* line : {"test.click:2", "test.click:3", "test.click:4", "test.click:5", "test.click:7",
                             "test.click:8", "test.click:9"}) {
        bool found = false;
        for (const Diagnostic& d : p.diagnostics.entries())
            found = found || (d.severity == Severity::Error && d.landmark == line);
        EXPECT_TRUE(found) << line << "\n" << p.errors();
    }
    EXPECT_EQ(p.diagnostics.error_count(), 7u) << p.errors();
    EXPECT_NE(element(p.router, "good"), nullptr);
    EXPECT_NE(p.errors().find("test.click:2: redeclaration of element 'a'\n"), std::string::npos);
}

}  // namespace
}  // namespace snf::click
