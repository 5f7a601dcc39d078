// IPFilter: action/expression rules compiled into a decision program.
#include "classification/ip_filter.hh"

#include "classification/ip_filter_language.hh"
#include "classification/program_cache.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

using classification::DecisionProgram;

int IPFilter::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::vector<classification::Rule> rules;
    if (!classification::parse_ip_filter_rules(conf, noutputs(), this, errh, rules))
        return -EINVAL;
    program_ = classification::ProgramCache::intern(DecisionProgram::compile(rules, classification::OffsetSpace::ip));
    return 0;
}

void IPFilter::add_handlers() {
    add_read_handler("program", [this] { return program_->unparse(); }, Handler::calm);
}

SNF_EXPORT_ELEMENT(IPFilter)

}  // namespace snf::click
