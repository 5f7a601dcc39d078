// Token landmarks and their spelling in error messages.
#include "token.hh"

namespace snf::click::lang {

std::string make_landmark(const std::string& file, unsigned line) {
    return file + ":" + std::to_string(line);
}

bool resumes_statement(const Token& token) {
    switch (token.kind) {
    case TokenKind::Semicolon:
    case TokenKind::RightBrace:
    case TokenKind::RightParen:
    case TokenKind::DoubleBar:
    case TokenKind::KeywordElementclass:
    case TokenKind::KeywordRequire:
    case TokenKind::KeywordProvide:
    case TokenKind::KeywordDefine:
    case TokenKind::EndOfFile:
        return true;
    default:
        return false;
    }
}

std::string Token::landmark() const {
    return make_landmark(file, line);
}

std::string describe(const Token& token) {
    switch (token.kind) {
    case TokenKind::EndOfFile:
        return "end of file";
    case TokenKind::Variable:
        return "'$" + token.text + "'";
    default:
        break;
    }
    // Keep messages one line and printable even for binary garbage.
    std::string shown;
    for (char c : token.text) {
        unsigned char u = static_cast<unsigned char>(c);
        if (c == '\n')
            shown += "\\n";
        else if (u < 32 || u >= 127) {
            static const char hex[] = "0123456789abcdef";
            shown += "\\x";
            shown += hex[u >> 4];
            shown += hex[u & 15];
        } else
            shown += c;
        if (shown.size() > 60) {
            shown += "...";
            break;
        }
    }
    return "'" + shown + "'";
}

}  // namespace snf::click::lang
