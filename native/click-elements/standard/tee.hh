// Tee: copies each pushed packet to every output.
//
//   Tee([N])
//
// N (unsigned, optional): the number of outputs, which must match the connections.
// Ports: one push input, one or more push outputs. Outputs 0..n-2 get clones (sharing
// the bytes); the last output gets the original.
//
// Handlers: only the standard ones.
#pragma once

#include "snf/click/element.hh"

namespace snf::click {

class Tee : public Element {
public:
    const char* class_name() const override { return "Tee"; }
    const char* port_count() const override { return "1/1-"; }
    const char* processing() const override { return "h/h"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void push(int port, Packet* p) override;
};

}  // namespace snf::click
