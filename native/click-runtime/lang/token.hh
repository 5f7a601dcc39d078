// Tokens of the Click language (click(5) "LEXICAL ISSUES"): identifiers, $variables,
// the keywords elementclass/require/provide/define, the multi-character tokens
// -> => :: || ..., and single characters. Each token remembers where it started (for
// error landmarks) and where it ended (so a configuration string can be read from
// right after a '(' token).
#pragma once

#include <cstddef>
#include <string>

namespace snf::click::lang {

enum class TokenKind {
    Identifier,
    Variable,       // text is the name without '$'
    QuotedString,   // a quoted string outside any configuration string (always an error)
    Arrow,          // ->
    DoubleArrow,    // =>
    DoubleColon,    // ::
    DoubleBar,      // ||
    Ellipsis,       // ...
    KeywordElementclass,
    KeywordRequire,
    KeywordProvide,
    KeywordDefine,
    Semicolon,
    Comma,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    Bar,
    OtherChar,      // any other single character
    EndOfFile,
};

struct Token {
    TokenKind kind = TokenKind::EndOfFile;
    std::string text;
    std::string file;
    unsigned line = 0;
    std::size_t end_offset = 0;  // byte offset just past the token
    unsigned end_line = 0;       // line number at end_offset

    bool is(TokenKind k) const noexcept { return kind == k; }
    bool is_arrow() const noexcept { return kind == TokenKind::Arrow || kind == TokenKind::DoubleArrow; }
    std::string landmark() const;
};

// How a token reads in an error message: "'->'", "'foo'", "end of file".
std::string describe(const Token& token);

// Tokens at which a statement can resume after an error: ';', closing brackets, '||',
// the statement keywords and the end of file.
bool resumes_statement(const Token& token);

// "file:line".
std::string make_landmark(const std::string& file, unsigned line);

}  // namespace snf::click::lang
