// RoundRobinIPMapper: patterns chosen in turn for new flows.
#include "rewriter/round_robin_ip_mapper.hh"

#include <cstring>

#include "rewriter/ip_rewriter_patterns.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

void* RoundRobinIPMapper::cast(const char* name) {
    if (name && std::strcmp(name, "IPMapper") == 0)
        return static_cast<rewriter::IPMapper*>(this);
    return Element::cast(name);
}

int RoundRobinIPMapper::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::vector<Entry> entries;
    int errors = 0;
    for (std::size_t i = 0; i < conf.size(); ++i) {
        std::vector<std::string> words = split_words(conf[i]);
        std::string error;
        Entry entry;
        if (words.size() < 3) {
            error = "syntax error";
        } else {
            std::vector<std::string> pattern_words(words.begin(), words.end() - 2);
            if (pattern_words.size() == 1) {
                entry.pattern = IPRewriterPatterns::find(this, pattern_words[0]);
                if (!entry.pattern)
                    error = "no such pattern '" + pattern_words[0] + "'";
            } else if (auto pattern = rewriter::RewriterPattern::parse(pattern_words, error, this)) {
                entry.owned = std::move(pattern);
                entry.pattern = entry.owned.get();
            }
            if (entry.pattern)
                rewriter::parse_output_pair(words[words.size() - 2], words.back(), entry.foutput, entry.routput,
                                            error);
        }
        if (!error.empty()) {
            errh->error("pattern " + std::to_string(i) + ": " + error);
            ++errors;
        } else {
            entries.push_back(std::move(entry));
        }
    }
    if (errors)
        return -EINVAL;
    if (entries.empty())
        return errh->error("no patterns given");
    entries_ = std::move(entries);
    return 0;
}

bool RoundRobinIPMapper::check_rewriter(int noutputs, std::string& error) {
    for (const Entry& e : entries_)
        if (e.foutput >= noutputs || e.routput >= noutputs) {
            error = "output port out of range in '" + name() + "'";
            return false;
        }
    return true;
}

bool RoundRobinIPMapper::choose(const rewriter::FlowKey&, Choice& choice) {
    if (entries_.empty())
        return false;
    const Entry& e = entries_[next_];
    next_ = (next_ + 1) % entries_.size();
    choice.pattern = e.pattern;
    choice.foutput = e.foutput;
    choice.routput = e.routput;
    return true;
}

SNF_EXPORT_ELEMENT(RoundRobinIPMapper)

}  // namespace snf::click
