// IPClassifier: classifies IP packets with tcpdump-like patterns (Click's IPClassifier).
//
//   IPClassifier(PATTERN_0, ..., PATTERN_N-1)
//
// One pattern per output; a packet goes to the output of the first pattern it matches and
// is dropped when none does. Patterns use the language of ip_filter_language.hh:
// "dst host 10.0.0.1", "src or dst port dns", "dst tcp www or https", "tcp opt syn",
// "icmp type echo", "ip[9] == 6", "-" (everything), with and/or/not, parentheses and
// relations. Addresses may be AddressInfo names. The IP header is found at the network
// header annotation (the packet data when it is unset); a test on bytes a packet lacks
// is false. Patterns are compiled once into a decision program shared by equal
// configurations.
// Ports: one push input, N push outputs.
//
// Handlers: program (read) the decision program in Click's format; pattern0, pattern1, ...
// (read) the patterns.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "classification/decision_program.hh"
#include "snf/click/element.hh"

namespace snf::click {

class IPClassifier : public Element {
public:
    const char* class_name() const override { return "IPClassifier"; }
    const char* port_count() const override { return "1/-"; }
    const char* processing() const override { return "h/h"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;

    void push(int, Packet* p) override { checked_output_push(program_->match_ip(p), p); }

private:
    std::vector<std::string> patterns_;
    std::shared_ptr<const classification::DecisionProgram> program_;
};

}  // namespace snf::click
