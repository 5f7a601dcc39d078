// Click language lexer: token recognition, comments, line directives and
// configuration-string extraction, with line counting that treats CR, LF and CRLF as
// one line break each.
#include "lexer.hh"

#include <cctype>

#include "snf/click/config_string.hh"

namespace snf::click::lang {
namespace {

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '@';
}

bool is_variable_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

TokenKind keyword_or_identifier(std::string_view word) {
    if (word == "elementclass")
        return TokenKind::KeywordElementclass;
    if (word == "require")
        return TokenKind::KeywordRequire;
    if (word == "provide")
        return TokenKind::KeywordProvide;
    if (word == "define")
        return TokenKind::KeywordDefine;
    return TokenKind::Identifier;
}

TokenKind single_char_kind(char c) {
    switch (c) {
    case ';': return TokenKind::Semicolon;
    case ',': return TokenKind::Comma;
    case '(': return TokenKind::LeftParen;
    case ')': return TokenKind::RightParen;
    case '[': return TokenKind::LeftBracket;
    case ']': return TokenKind::RightBracket;
    case '{': return TokenKind::LeftBrace;
    case '}': return TokenKind::RightBrace;
    case '|': return TokenKind::Bar;
    default: return TokenKind::OtherChar;
    }
}

}  // namespace

Lexer::Lexer(std::string_view text, std::string filename, Diagnostics& diagnostics)
    : text_(text), file_(filename.empty() ? std::string("config") : std::move(filename)),
      original_file_(file_), diagnostics_(diagnostics) {}

std::string Lexer::landmark() const {
    return make_landmark(file_, line_);
}

Token Lexer::next() {
    ++consumed_;
    if (!pushback_.empty()) {
        Token t = std::move(pushback_.back());
        pushback_.pop_back();
        return t;
    }
    return lex();
}

const Token& Lexer::peek() {
    if (pushback_.empty())
        pushback_.push_back(lex());
    return pushback_.back();
}

void Lexer::unlex(Token token) {
    --consumed_;
    pushback_.push_back(std::move(token));
}

bool Lexer::accept(TokenKind kind) {
    if (peek().is(kind)) {
        next();
        return true;
    }
    return false;
}

void Lexer::take_newline() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n')
        ++pos_;
    ++pos_;
    ++line_;
}

bool Lexer::at_line_start(std::size_t i) const {
    return i == 0 || text_[i - 1] == '\n' || text_[i - 1] == '\r';
}

void Lexer::skip_comment() {
    std::string start = landmark();
    if (text_[pos_ + 1] == '/') {
        pos_ += 2;
        while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r')
            ++pos_;
        return;
    }
    pos_ += 2;
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == '*' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
            pos_ += 2;
            return;
        }
        if (c == '\n' || c == '\r')
            take_newline();
        else
            ++pos_;
    }
    diagnostics_.error(start, "unterminated comment (missing '*/')");
}

void Lexer::skip_quoted(char quote, const std::string& where_landmark, bool* terminated) {
    ++pos_;  // opening quote
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == quote) {
            ++pos_;
            if (terminated)
                *terminated = true;
            return;
        }
        if (c == '\n' || c == '\r') {
            take_newline();
        } else if (c == '\\' && quote == '"' && pos_ + 1 < text_.size()) {
            if (text_[pos_ + 1] == '<') {
                skip_hex_block();
            } else {
                ++pos_;
                if (text_[pos_] == '\n' || text_[pos_] == '\r')
                    take_newline();
                else
                    ++pos_;
            }
        } else {
            ++pos_;
        }
    }
    if (terminated)
        *terminated = false;
    diagnostics_.error(where_landmark, std::string("unterminated string (missing ") + quote + ")");
}

void Lexer::skip_hex_block() {
    pos_ += 2;  // "\<"
    while (pos_ < text_.size() && text_[pos_] != '>') {
        if (text_[pos_] == '\n' || text_[pos_] == '\r')
            take_newline();
        else
            ++pos_;
    }
    if (pos_ < text_.size())
        ++pos_;
}

void Lexer::process_line_directive() {
    std::size_t i = pos_ + 1;
    auto skip_blank = [&] {
        while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t'))
            ++i;
    };
    auto skip_to_line_end = [&] {
        while (i < text_.size() && text_[i] != '\n' && text_[i] != '\r')
            ++i;
        pos_ = i;
    };

    skip_blank();
    if (text_.substr(i, 4) == "line" && i + 4 < text_.size() && (text_[i + 4] == ' ' || text_[i + 4] == '\t')) {
        i += 4;
        skip_blank();
    }
    if (i >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[i]))) {
        diagnostics_.error(landmark(), "unknown preprocessor directive");
        skip_to_line_end();
        return;
    }

    unsigned number = 0;
    for (; i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i])); ++i)
        if (number < 100000000u)
            number = number * 10 + static_cast<unsigned>(text_[i] - '0');

    skip_blank();
    if (i < text_.size() && text_[i] == '"') {
        std::size_t begin = i;
        for (++i; i < text_.size() && text_[i] != '"' && text_[i] != '\n' && text_[i] != '\r'; ++i)
            if (text_[i] == '\\' && i + 1 < text_.size() && text_[i + 1] != '\n' && text_[i + 1] != '\r')
                ++i;
        std::string quoted(text_.substr(begin, i - begin));
        quoted += '"';
        std::string name = unquote(quoted);
        file_ = name.empty() ? original_file_ : name;
    }
    skip_to_line_end();
    // The line break that ends the directive moves to line `number`; unsigned
    // wrap-around makes "# 0" give line 0 as in Click.
    line_ = number - 1;
}

void Lexer::skip_blanks() {
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == '\n' || c == '\r')
            take_newline();
        else if (is_blank(c))
            ++pos_;
        else if (c == '/' && pos_ + 1 < text_.size() && (text_[pos_ + 1] == '/' || text_[pos_ + 1] == '*'))
            skip_comment();
        else if (c == '#' && at_line_start(pos_))
            process_line_directive();
        else
            break;
    }
}

Token Lexer::make(TokenKind kind, std::size_t begin, std::size_t end, unsigned line) {
    Token t;
    t.kind = kind;
    t.text = std::string(text_.substr(begin, end - begin));
    t.file = file_;
    t.line = line;
    t.end_offset = end;
    t.end_line = line_;
    return t;
}

Token Lexer::lex() {
    skip_blanks();
    std::size_t begin = pos_;
    unsigned line = line_;
    if (pos_ >= text_.size())
        return make(TokenKind::EndOfFile, pos_, pos_, line);

    char c = text_[pos_];
    if (is_word_char(c)) {
        // Words may contain single slashes between word characters: "a/b" but not
        // "a//b" (a comment) or "a/" (a trailing slash).
        while (true) {
            while (pos_ < text_.size() && is_word_char(text_[pos_]))
                ++pos_;
            if (pos_ + 1 < text_.size() && text_[pos_] == '/' && is_word_char(text_[pos_ + 1]))
                ++pos_;
            else
                break;
        }
        Token t = make(TokenKind::Identifier, begin, pos_, line);
        t.kind = keyword_or_identifier(t.text);
        return t;
    }

    if (c == '$') {
        ++pos_;
        while (pos_ < text_.size() && is_variable_char(text_[pos_]))
            ++pos_;
        Token t = make(TokenKind::Variable, begin, pos_, line);
        t.text.erase(0, 1);
        return t;
    }

    if (c == '"' || c == '\'') {
        skip_quoted(c, make_landmark(file_, line), nullptr);
        return make(TokenKind::QuotedString, begin, pos_, line);
    }

    auto two = [&](char a, char b) {
        return c == a && pos_ + 1 < text_.size() && text_[pos_ + 1] == b;
    };
    TokenKind kind = TokenKind::OtherChar;
    std::size_t length = 1;
    if (two('-', '>'))
        kind = TokenKind::Arrow, length = 2;
    else if (two('=', '>'))
        kind = TokenKind::DoubleArrow, length = 2;
    else if (two(':', ':'))
        kind = TokenKind::DoubleColon, length = 2;
    else if (two('|', '|'))
        kind = TokenKind::DoubleBar, length = 2;
    else if (c == '.' && text_.substr(pos_, 3) == "...")
        kind = TokenKind::Ellipsis, length = 3;
    else
        kind = single_char_kind(c);
    pos_ += length;
    return make(kind, begin, pos_, line);
}

std::string Lexer::read_config(const Token& open, bool* closed) {
    pushback_.clear();
    pos_ = open.end_offset;
    line_ = open.end_line;
    file_ = open.file;

    std::string config;
    std::size_t chunk = pos_;
    unsigned depth = 1;
    bool reported = false;  // a more precise error already explains the missing ')'
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == '(') {
            ++depth;
            ++pos_;
        } else if (c == ')') {
            if (--depth == 0) {
                config.append(text_.substr(chunk, pos_ - chunk));
                ++pos_;
                if (closed)
                    *closed = true;
                return config;
            }
            ++pos_;
        } else if (c == '\n' || c == '\r') {
            take_newline();
            if (pos_ < text_.size() && text_[pos_] == '#') {
                // Line directives are honoured, and removed, inside configurations too.
                config.append(text_.substr(chunk, pos_ - chunk));
                process_line_directive();
                chunk = pos_;
            }
        } else if (c == '/' && pos_ + 1 < text_.size() && (text_[pos_ + 1] == '/' || text_[pos_ + 1] == '*')) {
            std::size_t before = diagnostics_.error_count();
            skip_comment();
            reported = reported || diagnostics_.error_count() != before;
        } else if (c == '"' || c == '\'') {
            bool terminated = true;
            skip_quoted(c, landmark(), &terminated);
            reported = reported || !terminated;
        } else if (c == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '<') {
            skip_hex_block();
        } else {
            ++pos_;
        }
    }
    config.append(text_.substr(chunk, pos_ - chunk));
    if (!reported)
        diagnostics_.error(open.landmark(), "unterminated configuration string (missing ')')");
    if (closed)
        *closed = false;
    return config;
}

}  // namespace snf::click::lang
