// IPFilter: filters IP packets with tcpdump-like rules (Click's IPFilter).
//
//   IPFilter(ACTION_1 EXPRESSION_1, ..., ACTION_N EXPRESSION_N)
//
// Rules are tried in order; the first whose EXPRESSION matches decides. ACTION is allow
// (output 0), an output number, or drop/deny (the packet is freed); packets no rule
// matches are dropped. EXPRESSION is IPClassifier's language (ip_filter_language.hh):
// "allow src host 10.0.0.1 && tcp dst port > 1023 && ack", "drop all". Expressions look
// at the IP header at the network header annotation (the packet data when it is unset) and
// at the transport header after it; a test on bytes a packet lacks is false.
// The rules are compiled once into a decision program shared by equal configurations.
// Ports: one push input, any number of push outputs.
//
// Handlers: program (read) the decision program in Click's format.
#pragma once

#include <memory>

#include "classification/decision_program.hh"
#include "snf/click/element.hh"

namespace snf::click {

class IPFilter : public Element {
public:
    const char* class_name() const override { return "IPFilter"; }
    const char* port_count() const override { return "1/-"; }
    const char* processing() const override { return "h/h"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;

    void push(int, Packet* p) override { checked_output_push(program_->match_ip(p), p); }

private:
    std::shared_ptr<const classification::DecisionProgram> program_;
};

}  // namespace snf::click
