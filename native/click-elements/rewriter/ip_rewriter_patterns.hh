// IPRewriterPatterns: names rewriter patterns so several input specs (in one rewriter
// or several, and FTPPortMapper) share one pattern and its choice of ports.
//
//   IPRewriterPatterns(NAME SADDR SPORT DADDR DPORT, ...)
//
// Each argument is a name followed by a pattern as IPRewriter's `pattern` spec takes it
// (two or four fields). Rewriters then say `pattern NAME FOUTPUT ROUTPUT`. No ports;
// configured before the rewriters that use it. Handlers: none beyond the standard ones.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "rewriter/rewriter_pattern.hh"
#include "snf/click/element.hh"

namespace snf::click {

class IPRewriterPatterns : public Element {
public:
    const char* class_name() const override { return "IPRewriterPatterns"; }
    int configure_phase() const override { return configure_phase_info; }
    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;

    // The pattern called `name` in any IPRewriterPatterns of `context`'s router, or null.
    static rewriter::RewriterPattern* find(const Element* context, std::string_view name);

private:
    std::map<std::string, std::shared_ptr<rewriter::RewriterPattern>, std::less<>> patterns_;
};

}  // namespace snf::click
