// Configuration-string helpers: argument splitting, comment removal, word splitting,
// quoting and unquoting, keyword arguments. The scanning rules (what is a quote, a
// comment or a \<hex> block) live in the small skip_* functions so every helper agrees
// on where quoted text begins and ends.
#include "snf/click/config_string.hh"

#include <cctype>

namespace snf::click {
namespace {

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

bool is_comment_start(std::string_view text, std::size_t i) {
    return text[i] == '/' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '*');
}

bool is_hex_block_start(std::string_view text, std::size_t i) {
    return text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '<';
}

// Each skip_* takes the index of the construct's first character and returns the index
// just past its end (or text.size() when it is unterminated).
std::size_t skip_comment(std::string_view text, std::size_t i) {
    if (text[i + 1] == '/') {
        std::size_t newline = text.find_first_of("\r\n", i + 2);
        return newline == std::string_view::npos ? text.size() : newline;
    }
    std::size_t close = text.find("*/", i + 2);
    return close == std::string_view::npos ? text.size() : close + 2;
}

std::size_t skip_hex_block(std::string_view text, std::size_t i) {
    std::size_t close = text.find('>', i + 2);
    return close == std::string_view::npos ? text.size() : close + 1;
}

std::size_t skip_double_quote(std::string_view text, std::size_t i) {
    for (++i; i < text.size(); ++i) {
        if (text[i] == '"')
            return i + 1;
        if (is_hex_block_start(text, i))
            i = skip_hex_block(text, i) - 1;
        else if (text[i] == '\\')
            ++i;
    }
    return text.size();
}

std::size_t skip_single_quote(std::string_view text, std::size_t i) {
    std::size_t close = text.find('\'', i + 1);
    return close == std::string_view::npos ? text.size() : close + 1;
}

// Skips one quoted string, comment, \<hex> block or backslash pair starting at i, or
// returns i when text[i] starts none of them.
std::size_t skip_special(std::string_view text, std::size_t i) {
    char c = text[i];
    if (c == '"')
        return skip_double_quote(text, i);
    if (c == '\'')
        return skip_single_quote(text, i);
    if (is_comment_start(text, i))
        return skip_comment(text, i);
    if (is_hex_block_start(text, i))
        return skip_hex_block(text, i);
    if (c == '\\')
        return i + 2 < text.size() ? i + 2 : text.size();
    return i;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Decodes "\<48 45 4c>" starting at the backslash; returns the index past '>'.
std::size_t decode_hex_block(std::string_view text, std::size_t i, std::string& out) {
    std::size_t end = skip_hex_block(text, i);
    int high = -1;
    for (std::size_t j = i + 2; j < end; ++j) {
        if (is_comment_start(text, j)) {
            j = skip_comment(text, j) - 1;
            continue;
        }
        int v = hex_value(text[j]);
        if (v < 0)
            continue;
        if (high < 0) {
            high = v;
        } else {
            out += static_cast<char>(high * 16 + v);
            high = -1;
        }
    }
    return end;
}

// Processes one backslash escape inside double quotes; i is the backslash.
std::size_t decode_escape(std::string_view text, std::size_t i, std::string& out) {
    if (i + 1 >= text.size()) {
        out += '\\';
        return text.size();
    }
    char c = text[i + 1];
    switch (c) {
    case 'a': out += '\a'; return i + 2;
    case 'b': out += '\b'; return i + 2;
    case 't': out += '\t'; return i + 2;
    case 'n': out += '\n'; return i + 2;
    case 'v': out += '\v'; return i + 2;
    case 'f': out += '\f'; return i + 2;
    case 'r': out += '\r'; return i + 2;
    case '<': return decode_hex_block(text, i, out);
    case '\n': return i + 2;  // backslash-newline disappears
    case '\r': return (i + 2 < text.size() && text[i + 2] == '\n') ? i + 3 : i + 2;
    default: break;
    }
    if (c >= '0' && c <= '7') {
        unsigned value = 0;
        std::size_t j = i + 1;
        for (int digits = 0; digits < 3 && j < text.size() && text[j] >= '0' && text[j] <= '7'; ++digits, ++j)
            value = value * 8 + static_cast<unsigned>(text[j] - '0');
        out += static_cast<char>(value & 0xFF);
        return j;
    }
    if (c == 'x') {
        // Any number of hex digits; the byte is the last two.
        unsigned value = 0;
        std::size_t j = i + 2;
        while (j < text.size() && hex_value(text[j]) >= 0)
            value = (value * 16 + static_cast<unsigned>(hex_value(text[j++]))) & 0xFF;
        if (j == i + 2) {
            out += 'x';
            return j;
        }
        out += static_cast<char>(value);
        return j;
    }
    out += c;
    return i + 2;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

bool is_plain_word_char(char c) {
    if (std::isalnum(static_cast<unsigned char>(c)))
        return true;
    switch (c) {
    case '_': case '-': case '+': case '.': case ':': case '@':
    case '%': case '=': case '~': case '^': case '!': case '?': case '#': case '&': case '*':
        return true;
    default:
        return false;
    }
}

}  // namespace

std::string uncomment(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (is_comment_start(text, i)) {
            // A comment and the whitespace around it become a single space.
            while (!out.empty() && is_space(out.back()))
                out.pop_back();
            while (i < text.size() && (is_space(text[i]) || is_comment_start(text, i)))
                i = is_space(text[i]) ? i + 1 : skip_comment(text, i);
            out += ' ';
            continue;
        }
        std::size_t next = skip_special(text, i);
        if (next == i)
            next = i + 1;
        out.append(text.substr(i, next - i));
        i = next;
    }
    return std::string(trim(out));
}

std::vector<std::string> split_config(std::string_view config) {
    std::vector<std::string> arguments;
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < config.size()) {
        if (config[i] == ',') {
            arguments.push_back(uncomment(config.substr(start, i - start)));
            start = ++i;
            continue;
        }
        std::size_t next = skip_special(config, i);
        i = next == i ? i + 1 : next;
    }
    std::string last = uncomment(config.substr(start));
    if (!last.empty())
        arguments.push_back(std::move(last));
    return arguments;
}

std::string join_config(const std::vector<std::string>& arguments) {
    std::string out;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        if (i)
            out += ", ";
        out += arguments[i];
    }
    return out;
}

std::vector<std::string> split_words(std::string_view argument) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < argument.size()) {
        if (is_space(argument[i])) {
            ++i;
            continue;
        }
        if (is_comment_start(argument, i)) {
            i = skip_comment(argument, i);
            continue;
        }
        std::size_t start = i;
        while (i < argument.size() && !is_space(argument[i]) && !is_comment_start(argument, i)) {
            std::size_t next = skip_special(argument, i);
            i = next == i ? i + 1 : next;
        }
        words.emplace_back(argument.substr(start, i - start));
    }
    return words;
}

std::string unquote(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '"') {
            for (++i; i < text.size() && text[i] != '"';) {
                if (text[i] == '\\')
                    i = decode_escape(text, i, out);
                else
                    out += text[i++];
            }
            if (i < text.size())
                ++i;  // closing quote
        } else if (c == '\'') {
            std::size_t end = skip_single_quote(text, i);
            std::size_t content_end = (end > i + 1 && text[end - 1] == '\'') ? end - 1 : end;
            out.append(text.substr(i + 1, content_end - (i + 1)));
            i = end;
        } else if (is_hex_block_start(text, i)) {
            i = decode_hex_block(text, i, out);
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

std::string quote(std::string_view text) {
    bool plain = !text.empty();
    for (char c : text)
        if (!is_plain_word_char(c))
            plain = false;
    if (plain)
        return std::string(text);

    static const char octal_digits[] = "01234567";
    std::string out = "\"";
    for (char c : text) {
        unsigned char u = static_cast<unsigned char>(c);
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '$': out += "\\$"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        case '\n': out += "\\n"; break;
        default:
            if (u < 32 || u >= 127) {
                out += '\\';
                out += octal_digits[(u >> 6) & 7];
                out += octal_digits[(u >> 3) & 7];
                out += octal_digits[u & 7];
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

bool is_keyword(std::string_view word) {
    if (word.empty())
        return false;
    char first = word.front();
    if (!((first >= 'A' && first <= 'Z') || first == '_'))
        return false;
    for (char c : word)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    return true;
}

std::optional<KeywordArgument> split_keyword(std::string_view argument) {
    argument = trim(argument);
    std::size_t end = 0;
    while (end < argument.size() && !is_space(argument[end]))
        ++end;
    std::string_view word = argument.substr(0, end);
    if (!is_keyword(word))
        return std::nullopt;
    return KeywordArgument{std::string(word), std::string(trim(argument.substr(end)))};
}

ClassifiedArguments classify_arguments(const std::vector<std::string>& arguments,
                                       const std::function<bool(std::string_view)>& accepts) {
    ClassifiedArguments result;
    for (const std::string& argument : arguments) {
        std::optional<KeywordArgument> keyword = split_keyword(argument);
        if (keyword && (!accepts || accepts(keyword->keyword)))
            result.keywords.push_back(std::move(*keyword));
        else
            result.positional.push_back(argument);
    }
    return result;
}

}  // namespace snf::click
