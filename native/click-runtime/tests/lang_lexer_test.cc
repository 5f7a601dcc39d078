// Lexer: token kinds, identifiers with slashes, comments, variables, line numbers
// (LF, CRLF, line directives), configuration strings and unterminated constructs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lexer.hh"

namespace snf::click::lang {
namespace {

struct Lexed {
    std::vector<Token> tokens;
    Diagnostics diagnostics;
};

Lexed lex_all(std::string_view text) {
    Lexed out;
    Lexer lexer(text, "lex.click", out.diagnostics);
    while (true) {
        Token t = lexer.next();
        bool end = t.is(TokenKind::EndOfFile);
        out.tokens.push_back(std::move(t));
        if (end)
            break;
    }
    return out;
}

std::vector<TokenKind> kinds(const Lexed& l) {
    std::vector<TokenKind> out;
    for (const Token& t : l.tokens)
        out.push_back(t.kind);
    return out;
}

TEST(LangLexerTest, RecognisesEveryPunctuationToken) {
    Lexed l = lex_all("-> => :: || ... ; , ( ) [ ] { } | . :");
    std::vector<TokenKind> expected = {
        TokenKind::Arrow,      TokenKind::DoubleArrow,  TokenKind::DoubleColon, TokenKind::DoubleBar,
        TokenKind::Ellipsis,   TokenKind::Semicolon,    TokenKind::Comma,       TokenKind::LeftParen,
        TokenKind::RightParen, TokenKind::LeftBracket,  TokenKind::RightBracket, TokenKind::LeftBrace,
        TokenKind::RightBrace, TokenKind::Bar,          TokenKind::OtherChar,   TokenKind::OtherChar,
        TokenKind::EndOfFile};
    EXPECT_EQ(kinds(l), expected);
    EXPECT_FALSE(l.diagnostics.has_errors());
}

TEST(LangLexerTest, IdentifiersKeywordsAndVariables) {
    Lexed l = lex_all("elementclass require provide define input Queue@2 a/b/c 12 $dev $a_1");
    ASSERT_EQ(l.tokens.size(), 11u);
    EXPECT_EQ(l.tokens[0].kind, TokenKind::KeywordElementclass);
    EXPECT_EQ(l.tokens[1].kind, TokenKind::KeywordRequire);
    EXPECT_EQ(l.tokens[2].kind, TokenKind::KeywordProvide);
    EXPECT_EQ(l.tokens[3].kind, TokenKind::KeywordDefine);
    EXPECT_EQ(l.tokens[4].kind, TokenKind::Identifier);
    EXPECT_EQ(l.tokens[5].text, "Queue@2");
    EXPECT_EQ(l.tokens[6].text, "a/b/c");
    EXPECT_EQ(l.tokens[7].text, "12");
    EXPECT_EQ(l.tokens[8].kind, TokenKind::Variable);
    EXPECT_EQ(l.tokens[8].text, "dev");
    EXPECT_EQ(l.tokens[9].text, "a_1");
}

TEST(LangLexerTest, DoubleSlashEndsAnIdentifier) {
    // click(5): "an/identifier/with/slashes//too/many" is an identifier and a comment.
    Lexed l = lex_all("an/identifier/with/slashes//too/many\nnext");
    ASSERT_EQ(l.tokens.size(), 3u);
    EXPECT_EQ(l.tokens[0].text, "an/identifier/with/slashes");
    EXPECT_EQ(l.tokens[1].text, "next");
    EXPECT_EQ(l.tokens[1].line, 2u);
}

TEST(LangLexerTest, TrailingSlashIsNotPartOfTheIdentifier) {
    Lexed l = lex_all("abc/ def");
    ASSERT_EQ(l.tokens.size(), 4u);
    EXPECT_EQ(l.tokens[0].text, "abc");
    EXPECT_EQ(l.tokens[1].text, "/");
    EXPECT_EQ(l.tokens[2].text, "def");
}

TEST(LangLexerTest, CommentsAreSkippedAndLinesCounted) {
    Lexed l = lex_all("a // one\n/* two\nthree */ b\r\nc\rd");
    ASSERT_EQ(l.tokens.size(), 5u);
    EXPECT_EQ(l.tokens[0].line, 1u);
    EXPECT_EQ(l.tokens[1].text, "b");
    EXPECT_EQ(l.tokens[1].line, 3u);
    EXPECT_EQ(l.tokens[2].line, 4u);  // CRLF is one line break
    EXPECT_EQ(l.tokens[3].line, 5u);  // so is a lone CR
    EXPECT_EQ(l.tokens[0].landmark(), "lex.click:1");
}

TEST(LangLexerTest, UnterminatedCommentIsReportedWhereItStarts) {
    Lexed l = lex_all("a\n/* never\nclosed");
    ASSERT_EQ(l.diagnostics.error_count(), 1u);
    EXPECT_EQ(l.diagnostics.entries()[0].landmark, "lex.click:2");
    EXPECT_NE(l.diagnostics.entries()[0].message.find("unterminated comment"), std::string::npos);
}

TEST(LangLexerTest, QuotedStringOutsideConfigurationIsOneToken) {
    Lexed l = lex_all("\"a b\" 'c'");
    ASSERT_EQ(l.tokens.size(), 3u);
    EXPECT_EQ(l.tokens[0].kind, TokenKind::QuotedString);
    EXPECT_EQ(l.tokens[0].text, "\"a b\"");
    EXPECT_EQ(l.tokens[1].text, "'c'");
}

TEST(LangLexerTest, UnterminatedStringIsReportedWhereItStarts) {
    Lexed l = lex_all("x\n\n\"open\nstill open");
    ASSERT_EQ(l.diagnostics.error_count(), 1u);
    EXPECT_EQ(l.diagnostics.entries()[0].landmark, "lex.click:3");
    EXPECT_NE(l.diagnostics.entries()[0].message.find("unterminated string"), std::string::npos);
}

TEST(LangLexerTest, LineDirectivesChangeFileAndLine) {
    Lexed l = lex_all("a\n# 40 \"other.click\"\nb\n#line 7\nc\n# 1 \"\"\nd");
    ASSERT_EQ(l.tokens.size(), 5u);
    EXPECT_EQ(l.tokens[1].landmark(), "other.click:40");
    EXPECT_EQ(l.tokens[2].landmark(), "other.click:7");
    EXPECT_EQ(l.tokens[3].landmark(), "lex.click:1");  // an empty name returns to the file
}

TEST(LangLexerTest, UnknownDirectiveIsAnError) {
    Lexed l = lex_all("a\n#pragma once\nb");
    EXPECT_EQ(l.diagnostics.error_count(), 1u);
    EXPECT_EQ(l.diagnostics.entries()[0].landmark, "lex.click:2");
    EXPECT_EQ(l.tokens[1].text, "b");
}

TEST(LangLexerTest, ConfigurationStringsBalanceParenthesesOutsideQuotesAndComments) {
    // The examples of click(5) "LEXICAL ISSUES".
    const char* text =
        "C1(simple string) C2(string with (balanced parens)) C3(string with \")quoted\" paren)\n"
        "C4(// end-of-line comment)\n   still going!) C5(/* slash-star comment) */ and backslash \\) after";
    Diagnostics d;
    Lexer lexer(text, "cfg.click", d);
    std::vector<std::string> configs;
    while (true) {
        Token t = lexer.next();
        if (t.is(TokenKind::EndOfFile))
            break;
        if (t.is(TokenKind::LeftParen))
            configs.push_back(lexer.read_config(t));
    }
    ASSERT_EQ(configs.size(), 5u);
    EXPECT_EQ(configs[0], "simple string");
    EXPECT_EQ(configs[1], "string with (balanced parens)");
    EXPECT_EQ(configs[2], "string with \")quoted\" paren");
    EXPECT_EQ(configs[3], "// end-of-line comment)\n   still going!");
    EXPECT_EQ(configs[4], "/* slash-star comment) */ and backslash \\");
    EXPECT_FALSE(d.has_errors());
}

TEST(LangLexerTest, ConfigurationStringAfterPeekedTokens) {
    // The parser peeks past '(' before deciding it opens a configuration string.
    Diagnostics d;
    Lexer lexer("Queue(10, x) -> d", "cfg.click", d);
    EXPECT_EQ(lexer.next().text, "Queue");
    Token open = lexer.next();
    ASSERT_TRUE(open.is(TokenKind::LeftParen));
    EXPECT_EQ(lexer.peek().text, "10");
    EXPECT_EQ(lexer.read_config(open), "10, x");
    EXPECT_TRUE(lexer.next().is(TokenKind::Arrow));
}

TEST(LangLexerTest, UnterminatedConfigurationStringIsReportedAtItsParenthesis) {
    Diagnostics d;
    Lexer lexer("a ::\nQueue(10,\n20", "cfg.click", d);
    lexer.next();
    lexer.next();
    lexer.next();
    Token open = lexer.next();
    bool closed = true;
    EXPECT_EQ(lexer.read_config(open, &closed), "10,\n20");
    EXPECT_FALSE(closed);
    ASSERT_EQ(d.error_count(), 1u);
    EXPECT_EQ(d.entries()[0].landmark, "cfg.click:2");
    EXPECT_NE(d.entries()[0].message.find("missing ')'"), std::string::npos);
}

TEST(LangLexerTest, PushbackReturnsTokensInOrder) {
    Diagnostics d;
    Lexer lexer("a b c", "p.click", d);
    Token a = lexer.next();
    Token b = lexer.next();
    lexer.unlex(b);
    lexer.unlex(a);
    EXPECT_EQ(lexer.next().text, "a");
    EXPECT_EQ(lexer.next().text, "b");
    EXPECT_EQ(lexer.next().text, "c");
    EXPECT_TRUE(lexer.next().is(TokenKind::EndOfFile));
    EXPECT_TRUE(lexer.next().is(TokenKind::EndOfFile));  // stays at the end
}

}  // namespace
}  // namespace snf::click::lang
