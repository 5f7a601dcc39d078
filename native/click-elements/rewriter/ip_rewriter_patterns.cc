// IPRewriterPatterns: a name -> pattern table looked up by the rewriters' input specs.
#include "rewriter/ip_rewriter_patterns.hh"

#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"

namespace snf::click {

int IPRewriterPatterns::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::map<std::string, std::shared_ptr<rewriter::RewriterPattern>, std::less<>> parsed;
    int errors = 0;
    for (const std::string& argument : conf) {
        std::vector<std::string> words = split_words(argument);
        if (words.empty())
            continue;
        std::string name = words[0];
        std::vector<std::string> pattern_words(words.begin() + 1, words.end());
        std::string error;
        std::unique_ptr<rewriter::RewriterPattern> pattern = rewriter::RewriterPattern::parse(pattern_words, error, this);
        if (!pattern) {
            errh->error(name + ": " + error);
            ++errors;
        } else if (parsed.count(name)) {
            errh->error(name + ": pattern name already defined");
            ++errors;
        } else {
            parsed.emplace(std::move(name), std::move(pattern));
        }
    }
    if (errors)
        return -EINVAL;
    patterns_ = std::move(parsed);
    return 0;
}

rewriter::RewriterPattern* IPRewriterPatterns::find(const Element* context, std::string_view name) {
    Router* router = context ? context->router() : nullptr;
    if (!router)
        return nullptr;
    for (int i = 0; i < router->nelements(); ++i) {
        auto* patterns = static_cast<IPRewriterPatterns*>(router->element(i)->cast("IPRewriterPatterns"));
        if (!patterns)
            continue;
        auto it = patterns->patterns_.find(name);
        if (it != patterns->patterns_.end())
            return it->second.get();
    }
    return nullptr;
}

SNF_EXPORT_ELEMENT(IPRewriterPatterns)

}  // namespace snf::click
