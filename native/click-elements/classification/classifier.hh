// Classifier: sends each packet to the output of the first pattern it matches (Click's
// Classifier); packets that match no pattern are dropped.
//
//   Classifier(PATTERN_0, ..., PATTERN_N-1)
//
// One pattern per output. A pattern is a space-separated list of clauses that must all
// hold: "OFFSET/VALUE" or "OFFSET/VALUE%MASK" (OFFSET in decimal bytes from the packet
// data, VALUE and MASK in hex with '?' for any nibble), "!" negating a clause; "-" matches
// everything. Example: Classifier(12/0806 20/0001, 12/0800, -).
// Patterns are compiled once into a decision program shared by every Classifier with the
// same rules.
// Ports: one push input, N push outputs.
//
// Handlers: program (read) the decision program in Click's format; pattern0, pattern1, ...
// (read/write) one output's pattern; writing recompiles, and a bad pattern changes nothing.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "classification/decision_program.hh"
#include "snf/click/element.hh"

namespace snf::click {

class Classifier : public Element {
public:
    const char* class_name() const override { return "Classifier"; }
    const char* port_count() const override { return "1/-"; }
    const char* processing() const override { return "h/h"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;

    void push(int, Packet* p) override {
        checked_output_push(program_->match_flat(p->data(), p->length(), p->buffer() + p->buffer_length()), p);
    }

private:
    // Compiles `patterns`; installs them when they are all valid.
    int install(std::vector<std::string> patterns, ErrorHandler* errh, bool warn);

    std::vector<std::string> patterns_;
    std::shared_ptr<const classification::DecisionProgram> program_;
};

}  // namespace snf::click
