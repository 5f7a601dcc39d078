// RewriterPattern: Click's IPRewriterPattern, "SADDR SPORT DADDR DPORT" (or "SADDR DADDR"
// for address-only rewriting). Each field is a value or '-' (keep the packet's). SPORT
// may be a range "L-H" (SADDR an address range "A-B" or prefix in the two-word form):
// the pattern then chooses a free value in the range, preferring the packet's own
// ("L-H"), scanning from a random start ("L-H?") or sequentially ("L-H#").
//
// A PortSlice "i/N" restricts this rewriter's choices to the i-th of N equal parts of
// the range, so several instances sharing a store never choose the same value.
// Choosing is a cursor over candidates so a caller can test each candidate against a
// local table or a conditional create in a store.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rewriter/flow_key.hh"

namespace snf::click {
class Element;
}

namespace snf::click::rewriter {

struct PortSlice {
    uint32_t index = 0;
    uint32_t count = 1;
};

class RewriterPattern {
public:
    struct Cursor {
        uint32_t lo = 0, hi = 0;  // offsets into the variation range this slice may use
        uint32_t next = 0;        // next offset of the scan
        uint32_t tried = 0;
        uint32_t current = 0;     // offset of the candidate last returned
        uint32_t preferred = 0;
        bool preferred_pending = false;
    };

    // Parses the pattern words (2 to 4 of them); addresses may be AddressInfo names as
    // `context` sees them. On failure returns null and sets `error` to Click's message
    // ("bad source port", "syntax error", ...).
    static std::unique_ptr<RewriterPattern> parse(const std::vector<std::string>& words, std::string& error,
                                                  const Element* context = nullptr);

    std::string unparse() const;
    bool has_variation() const noexcept { return variation_top_ != 0; }
    // The destination address and port the pattern sets (network order; 0 = kept).
    uint32_t fixed_daddr() const noexcept { return daddr_; }
    uint16_t fixed_dport() const noexcept { return dport_; }

    // Starts choosing a rewritten flow for `flow` within `slice`.
    void begin(const FlowKey& flow, const PortSlice& slice, Cursor& cursor) const;
    // The next candidate; false when the slice has no more.
    bool next(const FlowKey& flow, Cursor& cursor, FlowKey& rewritten) const;
    // Records that the cursor's last candidate was taken (sequential scans go on after it).
    void accept(const Cursor& cursor) { next_variation_ = cursor.current + 1; }

private:
    uint32_t saddr_ = 0;  // network order; 0 = keep
    uint32_t daddr_ = 0;
    uint16_t sport_ = 0;  // network order; 0 = keep
    uint16_t dport_ = 0;
    uint32_t variation_top_ = 0;
    uint32_t next_variation_ = 0;
    bool napt_ = true;  // ports given (four words): the variation is in the source port
    bool sequential_ = false;
    bool same_first_ = true;
};

// Parses "FOUTPUT ROUTPUT" words; sets `error` ("bad forward port"/"bad reply port").
bool parse_output_pair(std::string_view foutput_word, std::string_view routput_word, int& foutput, int& routput,
                       std::string& error);

// Parses "i/N" (0 <= i < N <= 65536).
bool parse_port_slice(std::string_view text, PortSlice& slice);

}  // namespace snf::click::rewriter
