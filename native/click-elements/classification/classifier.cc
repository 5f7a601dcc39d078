// Classifier: Click's pattern classifier over a compiled decision program.
#include "classification/classifier.hh"

#include "classification/classifier_patterns.hh"
#include "classification/program_cache.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

using classification::DecisionProgram;

int Classifier::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    if (int(conf.size()) != noutputs())
        return errh->error("need " + std::to_string(noutputs()) + " arguments, one per output port");
    return install(conf, errh, true);
}

int Classifier::install(std::vector<std::string> patterns, ErrorHandler* errh, bool warn) {
    std::vector<classification::Rule> rules;
    if (!classification::parse_classifier_patterns(patterns, errh, rules))
        return -EINVAL;
    DecisionProgram program = DecisionProgram::compile(rules, classification::OffsetSpace::flat);
    if (warn)
        program.warn_unused_outputs(noutputs(), errh);
    program_ = classification::ProgramCache::intern(std::move(program));
    patterns_ = std::move(patterns);
    return 0;
}

void Classifier::add_handlers() {
    add_read_handler("program", [this] { return program_->unparse(); }, Handler::calm);
    for (std::size_t i = 0; i < patterns_.size(); ++i) {
        const std::string name = "pattern" + std::to_string(i);
        add_read_handler(name, [this, i] { return patterns_[i]; }, Handler::calm);
        add_write_handler(name, [this, i](const std::string& text, ErrorHandler* errh) {
            std::vector<std::string> patterns = patterns_;
            patterns[i] = uncomment(text);
            return install(std::move(patterns), errh, false);
        });
    }
}

SNF_EXPORT_ELEMENT(Classifier)

}  // namespace snf::click
