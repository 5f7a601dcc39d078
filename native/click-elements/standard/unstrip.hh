// Unstrip: puts bytes back in front of each packet.
//
//   Unstrip(LENGTH)
//
// LENGTH (unsigned, mandatory): bytes prepended. When they are still in the headroom
// (after Strip) they reappear unchanged; otherwise the packet moves to a larger buffer
// and the new bytes are zero. A packet that cannot grow is dropped.
// Ports: one agnostic input, one agnostic output.
//
// Handlers: length (read).
#pragma once

#include "snf/click/element.hh"

namespace snf::click {

class Unstrip : public Element {
public:
    const char* class_name() const override { return "Unstrip"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

private:
    uint32_t length_ = 0;
};

}  // namespace snf::click
