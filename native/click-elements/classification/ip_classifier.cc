// IPClassifier: pattern i is IPFilter's rule "i PATTERN".
#include "classification/ip_classifier.hh"

#include "classification/ip_filter_language.hh"
#include "classification/program_cache.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

using classification::DecisionProgram;

int IPClassifier::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    if (int(conf.size()) != noutputs())
        return errh->error("need " + std::to_string(noutputs()) + " arguments, one per output port");
    std::vector<std::string> rules;
    for (std::size_t i = 0; i < conf.size(); ++i)
        rules.push_back(std::to_string(i) + " " + unquote(conf[i]));
    std::vector<classification::Rule> parsed;
    if (!classification::parse_ip_filter_rules(rules, noutputs(), this, errh, parsed))
        return -EINVAL;
    DecisionProgram program = DecisionProgram::compile(parsed, classification::OffsetSpace::ip);
    program.warn_unused_outputs(noutputs(), errh);
    program_ = classification::ProgramCache::intern(std::move(program));
    patterns_ = conf;
    return 0;
}

void IPClassifier::add_handlers() {
    add_read_handler("program", [this] { return program_->unparse(); }, Handler::calm);
    for (std::size_t i = 0; i < patterns_.size(); ++i)
        add_read_handler("pattern" + std::to_string(i), [this, i] { return patterns_[i]; }, Handler::calm);
}

SNF_EXPORT_ELEMENT(IPClassifier)

}  // namespace snf::click
