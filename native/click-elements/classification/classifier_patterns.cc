// Classifier patterns: clause scanning, hex value/mask decoding, byte-to-word grouping.
#include "classification/classifier_patterns.hh"

#include <cctype>
#include <string>

namespace snf::click::classification {

namespace {

// Largest byte offset a clause may reach; offsets are printed and stored as 16-bit
// quantities in Click's programs.
constexpr uint64_t max_offset = 0xFFFF;

bool is_pattern_digit(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) || c == '?';
}

// A hex digit's value and mask ('?' matches anything).
void decode_nibble(char c, unsigned& value, unsigned& mask) {
    if (c == '?') {
        value = mask = 0;
        return;
    }
    mask = 0xF;
    if (c >= '0' && c <= '9')
        value = unsigned(c - '0');
    else if (c >= 'a' && c <= 'f')
        value = unsigned(c - 'a' + 10);
    else
        value = unsigned(c - 'A' + 10);
}

}  // namespace

bool parse_classifier_pattern(std::string_view s, int slot, ErrorHandler* errh, Expr& result) {
    const std::string prefix = "pattern " + std::to_string(slot) + ": ";
    const int errors_before = errh->nerrors();
    std::vector<Expr> clauses;
    std::size_t i = 0;
    const std::size_t len = s.size();
    if (s == "-")
        i = len;

    while (i < len) {
        while (i < len && std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
        if (i >= len)
            break;
        bool negated = false;
        if (s[i] == '!') {
            negated = true;
            ++i;
            while (i < len && std::isspace(static_cast<unsigned char>(s[i])))
                ++i;
        }
        if (i >= len || !std::isdigit(static_cast<unsigned char>(s[i]))) {
            errh->error(prefix + "expected a digit");
            break;
        }
        uint64_t offset = 0;
        while (i < len && std::isdigit(static_cast<unsigned char>(s[i]))) {
            offset = offset * 10 + uint64_t(s[i] - '0');
            if (offset > max_offset)
                offset = max_offset + 1;
            ++i;
        }
        if (i >= len || s[i] != '/') {
            errh->error(prefix + "expected '/'");
            break;
        }
        ++i;

        std::size_t value_pos = i;
        while (i < len && is_pattern_digit(s[i]))
            ++i;
        std::size_t value_end = i;
        std::size_t mask_pos = std::string_view::npos, mask_end = std::string_view::npos;
        if (i < len && s[i] == '%') {
            mask_pos = ++i;
            while (i < len && is_pattern_digit(s[i]))
                ++i;
            mask_end = i;
        }

        if (value_end - value_pos < 2) {
            errh->error(prefix + "value has less than 2 hex digits");
            value_end = value_pos;
            mask_end = mask_pos;
        }
        if ((value_end - value_pos) % 2 != 0) {
            errh->error(prefix + "value has odd number of hex digits");
            --value_end;
            // An empty mask ("0/080%") stays empty: shrinking it would wrap below its start.
            if (mask_pos != std::string_view::npos && mask_end > mask_pos)
                --mask_end;
        }
        if (mask_pos != std::string_view::npos && mask_end - mask_pos != value_end - value_pos) {
            const bool too_many = mask_end - mask_pos > value_end - value_pos;
            errh->error(prefix + "mask has too " + (too_many ? "many" : "few") + " hex digits");
            if (too_many)
                mask_end = mask_pos + (value_end - value_pos);
            else
                value_end = value_pos + (mask_end - mask_pos);
        }
        const uint64_t nbytes = (value_end - value_pos) / 2;
        if (nbytes && offset + nbytes - 1 > max_offset) {
            errh->error(prefix + "offset out of range");
            break;
        }

        // Bytes of one word are tested together; a clause spanning words needs them all.
        std::vector<Expr> words;
        uint32_t word_offset = 0, word_value = 0, word_mask = 0;
        bool open = false;
        for (uint64_t k = 0; k < nbytes; ++k) {
            const uint32_t at = uint32_t(offset + k);
            if (open && at / 4 * 4 != word_offset) {
                words.push_back(Expr::word(word_offset, word_value, word_mask));
                open = false;
            }
            if (!open) {
                word_offset = at / 4 * 4;
                word_value = word_mask = 0;
                open = true;
            }
            unsigned hv, hm, lv, lm;
            decode_nibble(s[value_pos + 2 * k], hv, hm);
            decode_nibble(s[value_pos + 2 * k + 1], lv, lm);
            unsigned v = (hv << 4) | lv, m = (hm << 4) | lm;
            if (mask_pos != std::string_view::npos) {
                unsigned mhv, mhm, mlv, mlm;
                decode_nibble(s[mask_pos + 2 * k], mhv, mhm);
                decode_nibble(s[mask_pos + 2 * k + 1], mlv, mlm);
                m &= ((mhv << 4) | mlv) & ((mhm << 4) | mlm);
            }
            const int shift = 24 - 8 * int(at % 4);
            word_mask |= uint32_t(m) << shift;
            word_value |= uint32_t(v & m) << shift;
        }
        if (open)
            words.push_back(Expr::word(word_offset, word_value, word_mask));
        Expr clause = Expr::all_of(std::move(words));
        clauses.push_back(negated ? Expr::negate(std::move(clause)) : std::move(clause));
    }

    result = Expr::all_of(std::move(clauses));
    return errh->nerrors() == errors_before;
}

bool parse_classifier_patterns(const std::vector<std::string>& patterns, ErrorHandler* errh,
                               std::vector<Rule>& result) {
    bool ok = true;
    result.clear();
    for (std::size_t slot = 0; slot < patterns.size(); ++slot) {
        Rule rule;
        rule.output = int(slot);
        ok &= parse_classifier_pattern(patterns[slot], int(slot), errh, rule.expr);
        result.push_back(std::move(rule));
    }
    return ok;
}

}  // namespace snf::click::classification
