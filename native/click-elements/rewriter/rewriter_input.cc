// RewriterInput: INPUTSPEC parsing and unparsing.
#include "rewriter/rewriter_input.hh"

#include <vector>

#include "rewriter/ip_rewriter_patterns.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element.hh"
#include "snf/click/router.hh"

namespace snf::click::rewriter {

namespace {

bool parse_output(const std::string& word, int& output) {
    int f, r;
    std::string ignored;
    if (!parse_output_pair(word, word, f, r, ignored))
        return false;
    output = f;
    return true;
}

}  // namespace

bool RewriterInput::parse(const std::string& text, Element* context, int noutputs, RewriterInput& input,
                          std::string& error) {
    std::vector<std::string> words = split_words(text);
    if (words.empty()) {
        error = "empty argument";
        return false;
    }
    const std::string& word = words[0];
    input = RewriterInput{};

    if (word == "pass" || word == "passthrough" || word == "nochange") {
        int output = 0;
        if (words.size() > 2 || (words.size() == 2 && !parse_output(words[1], output))) {
            error = "syntax error, expected '" + word + " [OUTPUT]'";
            return false;
        }
        if (output >= noutputs) {
            error = "output port out of range";
            return false;
        }
        input.kind = Kind::pass;
        input.foutput = output;
        return true;
    }
    if (word == "drop" || word == "discard") {
        if (words.size() > 1) {
            error = "syntax error, expected '" + word + "'";
            return false;
        }
        input.kind = Kind::drop;
        return true;
    }
    if (word == "keep") {
        if (words.size() != 3) {
            error = "bad forward port";
            return false;
        }
        if (!parse_output_pair(words[1], words[2], input.foutput, input.routput, error))
            return false;
        if (input.foutput >= noutputs || input.routput >= noutputs) {
            error = "output port out of range";
            return false;
        }
        input.kind = Kind::keep;
        return true;
    }
    if (word == "pattern" || word == "xpattern") {
        if (words.size() <= 3) {
            error = "syntax error";
            return false;
        }
        std::vector<std::string> pattern_words(words.begin() + 1, words.end() - 2);
        if (pattern_words.size() == 1) {
            input.pattern = IPRewriterPatterns::find(context, pattern_words[0]);
            if (!input.pattern) {
                error = "no such pattern '" + pattern_words[0] + "'";
                return false;
            }
        } else {
            std::unique_ptr<RewriterPattern> pattern = RewriterPattern::parse(pattern_words, error, context);
            if (!pattern)
                return false;
            input.owned_pattern = std::move(pattern);
            input.pattern = input.owned_pattern.get();
        }
        if (!parse_output_pair(words[words.size() - 2], words.back(), input.foutput, input.routput, error))
            return false;
        if (input.foutput >= noutputs || input.routput >= noutputs) {
            error = "output port out of range";
            return false;
        }
        input.kind = Kind::pattern;
        return true;
    }
    Element* e = context->router() ? context->router()->find(word, context) : nullptr;
    if (!e) {
        error = "unknown specification";
        return false;
    }
    if (words.size() > 1) {
        error = "syntax error, expected 'ELEMENTNAME'";
        return false;
    }
    auto* mapper = static_cast<IPMapper*>(e->cast("IPMapper"));
    if (!mapper) {
        error = "element is not an IPMapper";
        return false;
    }
    if (!mapper->check_rewriter(noutputs, error))
        return false;
    input.kind = Kind::mapper;
    input.mapper = mapper;
    return true;
}

std::string RewriterInput::unparse() const {
    std::string s;
    switch (kind) {
    case Kind::drop:
        s = "<drop>";
        break;
    case Kind::pass:
        s = "<nochange>";
        break;
    case Kind::keep:
        s = "<keep>";
        break;
    case Kind::pattern:
        s = pattern->unparse();
        break;
    case Kind::mapper:
        s = "<mapper>";
        break;
    }
    if (count)
        s += " [" + std::to_string(count) + ']';
    return s;
}

}  // namespace snf::click::rewriter
