// Helpers for Click configuration strings, the text between an element's parentheses.
// They follow the rules of click(5) "CONFIGURATION STRINGS": arguments are separated by
// commas outside quotes and comments, comments count as a space, an empty final
// argument is dropped, single quotes are literal and double quotes take backslash
// escapes. Elements use them to read their arguments; the parser uses them for compound
// arguments, define() and require().
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace snf::click {

// Splits at unquoted, uncommented commas; each argument has its comments turned into a
// space and its surrounding whitespace removed. "a, b /*c*/ d, " -> {"a", "b d"}.
// Parentheses and brackets do not protect commas, exactly as in Click.
std::vector<std::string> split_config(std::string_view config);

// The inverse of split_config for arguments that contain no commas: "a, b".
std::string join_config(const std::vector<std::string>& arguments);

// Replaces comments outside quotes with one space (swallowing whitespace around them)
// and trims leading and trailing whitespace.
std::string uncomment(std::string_view text);

// Splits one argument into space-separated words; quoted strings stay whole, with
// their quotes. "pattern 'a b' 1" -> {"pattern", "'a b'", "1"}.
std::vector<std::string> split_words(std::string_view argument);

// Removes one level of quoting: double-quoted parts get backslash escapes (\n, \t,
// \\, \", octal, \x.., \<hex bytes>) processed, single-quoted parts are taken
// literally, and a bare \<hex bytes> is decoded. "a\"b\"'c'" -> "abc".
std::string unquote(std::string_view text);

// Quotes `text` so unquote(quote(text)) == text. Plain words are returned unchanged.
std::string quote(std::string_view text);

// Click keyword shape: an uppercase letter or '_' followed by uppercase letters,
// digits and '_' ("CAPACITY", "TCP_TIMEOUT").
bool is_keyword(std::string_view word);

struct KeywordArgument {
    std::string keyword;
    std::string value;  // the rest of the argument after the keyword, may be empty
};

// "CAPACITY 1000" -> {"CAPACITY", "1000"}; nullopt when the first word is no keyword.
std::optional<KeywordArgument> split_keyword(std::string_view argument);

struct ClassifiedArguments {
    std::vector<std::string> positional;
    std::vector<KeywordArgument> keywords;  // in the order written
};

// Sorts arguments into positional and keyword ones. When `accepts` is given, only
// keywords it accepts count as keywords; anything else is positional.
ClassifiedArguments classify_arguments(const std::vector<std::string>& arguments,
                                       const std::function<bool(std::string_view)>& accepts = nullptr);

}  // namespace snf::click
