// Configuration-string helpers: splitting, comments, words, quoting and keywords.
#include <gtest/gtest.h>

#include "snf/click/config_string.hh"

namespace snf::click {
namespace {

using Strings = std::vector<std::string>;

TEST(LangConfigStringTest, SplitsAtTopLevelCommas) {
    EXPECT_EQ(split_config("a, b, c"), (Strings{"a", "b", "c"}));
    EXPECT_EQ(split_config("  a /*?*/ b,  c, "), (Strings{"a b", "c"}));
    EXPECT_EQ(split_config("\"x, y\" // ?"), (Strings{"\"x, y\""}));
    EXPECT_EQ(split_config("'a,b', \"c\\\",d\""), (Strings{"'a,b'", "\"c\\\",d\""}));
    EXPECT_EQ(split_config(""), Strings{});
    EXPECT_EQ(split_config("   /* only a comment */ "), Strings{});
    EXPECT_EQ(split_config("1, "), (Strings{"1"}));
    EXPECT_EQ(split_config("1, /* comment */"), (Strings{"1"}));
    EXPECT_EQ(split_config("a,,b"), (Strings{"a", "", "b"}));
    EXPECT_EQ(split_config("\\<2c 2c>, x"), (Strings{"\\<2c 2c>", "x"}));
}

TEST(LangConfigStringTest, CommentsInsideArgumentsBecomeOneSpace) {
    EXPECT_EQ(split_config("pattern to_world_pat 0 1, // comment, with comma\n pass 0"),
              (Strings{"pattern to_world_pat 0 1", "pass 0"}));
    EXPECT_EQ(uncomment("  a  b  "), "a  b");
    EXPECT_EQ(uncomment("a/*x*/b"), "a b");
    EXPECT_EQ(uncomment("\"/* kept */\""), "\"/* kept */\"");
}

TEST(LangConfigStringTest, ParenthesesDoNotProtectCommas) {
    // Click's argument splitter looks only at quotes and comments.
    EXPECT_EQ(split_config("f(a, b)"), (Strings{"f(a", "b)"}));
}

TEST(LangConfigStringTest, SplitsWordsRespectingQuotes) {
    EXPECT_EQ(split_words("pattern 'a b' \"c d\" 1"), (Strings{"pattern", "'a b'", "\"c d\"", "1"}));
    EXPECT_EQ(split_words("  x\t y /* z */ w"), (Strings{"x", "y", "w"}));
    EXPECT_EQ(split_words(""), Strings{});
}

TEST(LangConfigStringTest, UnquoteHandlesBothQuoteStylesAndEscapes) {
    EXPECT_EQ(unquote("a\"b\"c"), "abc");
    EXPECT_EQ(unquote("'a\\nb'"), "a\\nb");  // single quotes are literal
    EXPECT_EQ(unquote("\"a\\nb\\t\\\\\\\"\""), "a\nb\t\\\"");
    EXPECT_EQ(unquote("\"\\101\\x42\\x4143\""), "ABC");
    EXPECT_EQ(unquote("\"\\< 48 45 4c 4C 4f >\""), "HELLO");
    EXPECT_EQ(unquote("\\<48 49>"), "HI");  // a bare data block acts as if quoted
    EXPECT_EQ(unquote("\"a\\\nb\""), "ab");  // backslash-newline disappears
    EXPECT_EQ(unquote("\"\\q\""), "q");
    EXPECT_EQ(unquote("\"unterminated"), "unterminated");
}

TEST(LangConfigStringTest, QuoteRoundTrips) {
    for (std::string s : {std::string("plain"), std::string(""), std::string("a b"), std::string("x,y"),
                          std::string("quote\"back\\slash"), std::string("$var"), std::string("tab\tnl\n"),
                          std::string("\x01\xff", 2), std::string("paren)")}) {
        EXPECT_EQ(unquote(quote(s)), s) << quote(s);
    }
    EXPECT_EQ(quote("eth0"), "eth0");
    EXPECT_EQ(quote(""), "\"\"");
    EXPECT_EQ(quote("a b"), "\"a b\"");
}

TEST(LangConfigStringTest, Keywords) {
    EXPECT_TRUE(is_keyword("CAPACITY"));
    EXPECT_TRUE(is_keyword("TCP_DONE_TIMEOUT"));
    EXPECT_TRUE(is_keyword("_X2"));
    EXPECT_FALSE(is_keyword("Capacity"));
    EXPECT_FALSE(is_keyword("2X"));
    EXPECT_FALSE(is_keyword(""));

    auto k = split_keyword("  BURST   8 16 ");
    ASSERT_TRUE(k);
    EXPECT_EQ(k->keyword, "BURST");
    EXPECT_EQ(k->value, "8 16");
    auto bare = split_keyword("ACTIVE");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->value, "");
    EXPECT_FALSE(split_keyword("eth0 BURST"));
}

TEST(LangConfigStringTest, ClassifiesArguments) {
    ClassifiedArguments all = classify_arguments({"1024", "BURST 8", "eth0", "SNAPLEN 64"});
    EXPECT_EQ(all.positional, (Strings{"1024", "eth0"}));
    ASSERT_EQ(all.keywords.size(), 2u);
    EXPECT_EQ(all.keywords[1].keyword, "SNAPLEN");

    ClassifiedArguments only_burst =
        classify_arguments({"BURST 8", "SNAPLEN 64"}, [](std::string_view k) { return k == "BURST"; });
    EXPECT_EQ(only_burst.positional, (Strings{"SNAPLEN 64"}));
    ASSERT_EQ(only_burst.keywords.size(), 1u);
}

}  // namespace
}  // namespace snf::click
