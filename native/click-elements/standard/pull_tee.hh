// PullTee: passes pulled packets through and pushes a copy of each to its other outputs.
//
//   PullTee([N])
//
// N (unsigned, optional): the number of outputs, which must match the connections.
// Ports: one pull input; output 0 is pull, outputs 1 and up are push. A packet pulled
// from output 0 is pulled from the input, and clones are pushed to outputs 1..n-1.
//
// Handlers: only the standard ones.
#pragma once

#include "snf/click/element.hh"

namespace snf::click {

class PullTee : public Element {
public:
    const char* class_name() const override { return "PullTee"; }
    const char* port_count() const override { return "1/1-"; }
    const char* processing() const override { return "l/lh"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    Packet* pull(int port) override;
};

}  // namespace snf::click
