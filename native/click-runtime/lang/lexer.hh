// Lexer for the Click language. Produces tokens on demand with unlimited pushback, and
// reads configuration strings, which follow their own rules: they run from a '(' to
// the matching ')', where parentheses inside quotes and comments do not count.
// Whitespace, // and /* */ comments and "# line "file"" directives separate tokens.
// Unterminated comments, strings and configuration strings are reported with the
// landmark where they began.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "snf/click/diagnostics.hh"
#include "token.hh"

namespace snf::click::lang {

class Lexer {
public:
    Lexer(std::string_view text, std::string filename, Diagnostics& diagnostics);

    Token next();
    const Token& peek();
    // Returns a token to the stream; tokens come back last-in first-out.
    void unlex(Token token);
    // Consumes the next token when it has kind `kind`.
    bool accept(TokenKind kind);

    // Reads the configuration string following `open`, the '(' token just taken from
    // next(), and consumes the matching ')'. Any pushed-back tokens are discarded (they
    // were lexed from inside the configuration string). `closed` is set false when the
    // text ended first.
    std::string read_config(const Token& open, bool* closed = nullptr);

    // Tokens handed out by next() so far; the parser uses it to guarantee progress.
    std::uint64_t consumed() const noexcept { return consumed_; }
    // Landmark of the current lexing position.
    std::string landmark() const;

private:
    Token lex();
    Token make(TokenKind kind, std::size_t begin, std::size_t end, unsigned line);
    void skip_blanks();
    void take_newline();  // at '\n' or '\r': advances past it (CRLF counts once)
    bool at_line_start(std::size_t i) const;
    void process_line_directive();
    void skip_comment();        // at "//" or "/*"
    void skip_quoted(char quote, const std::string& where_landmark, bool* terminated);
    void skip_hex_block();      // at "\<"

    std::string_view text_;
    std::size_t pos_ = 0;
    unsigned line_ = 1;
    std::string file_;
    std::string original_file_;
    Diagnostics& diagnostics_;
    std::vector<Token> pushback_;
    std::uint64_t consumed_ = 0;
};

}  // namespace snf::click::lang
