// Strip: removes bytes from the front of each packet.
//
//   Strip(LENGTH)
//
// LENGTH (unsigned, mandatory): bytes removed (all of a shorter packet). The bytes stay
// in the buffer as headroom, so the operation is a pointer move and Unstrip can undo it.
// Ports: one agnostic input, one agnostic output.
//
// Handlers: length (read).
#pragma once

#include "snf/click/element.hh"

namespace snf::click {

class Strip : public Element {
public:
    const char* class_name() const override { return "Strip"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;

    void push(int, Packet* p) override {
        p->pull(length_);
        output(0).push(p);
    }
    Packet* pull(int) override {
        Packet* p = input(0).pull();
        if (p)
            p->pull(length_);
        return p;
    }

private:
    uint32_t length_ = 0;
};

}  // namespace snf::click
