// RewriterInput: one INPUTSPEC of a rewriter, what it does with packets of flows it has
// no mapping for: `drop`/`discard`, `pass OUTPUT` (also `passthrough`, `nochange`),
// `keep FOUTPUT ROUTPUT`, `pattern SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT`,
// `pattern NAME FOUTPUT ROUTPUT` (an IPRewriterPatterns name), or the name of an
// IPMapper element. Errors use Click's wording ("bad source port", "unknown
// specification", "output port out of range").
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "rewriter/ip_mapper.hh"
#include "rewriter/rewriter_pattern.hh"

namespace snf::click {
class Element;
}

namespace snf::click::rewriter {

struct RewriterInput {
    enum class Kind : uint8_t { drop, pass, keep, pattern, mapper };

    Kind kind = Kind::drop;
    int foutput = 0;
    int routput = 0;
    RewriterPattern* pattern = nullptr;  // pattern: owned here or by an IPRewriterPatterns
    std::shared_ptr<RewriterPattern> owned_pattern;
    IPMapper* mapper = nullptr;
    uint32_t count = 0;     // mappings made through this input and still present
    uint32_t failures = 0;  // new flows it could not map

    // Parses one INPUTSPEC for `context` (a rewriter with `noutputs` outputs). On
    // failure returns false with `error` set (without the "input spec N: " prefix).
    static bool parse(const std::string& text, Element* context, int noutputs, RewriterInput& input,
                      std::string& error);
    // The "patterns" handler text of this input.
    std::string unparse() const;
};

}  // namespace snf::click::rewriter
