// Truncate: shortens packets longer than a limit.
//
//   Truncate(LENGTH [, EXTRA_LENGTH])
//
// LENGTH (unsigned, mandatory): the most bytes a packet keeps; longer packets lose their
// tail. EXTRA_LENGTH (bool, default true) is accepted for Click compatibility (this
// runtime keeps no extra-length annotation).
// Ports: one agnostic input, one agnostic output.
//
// Handlers: length (read/write).
#pragma once

#include "snf/click/element.hh"

namespace snf::click {

class Truncate : public Element {
public:
    const char* class_name() const override { return "Truncate"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override {
        if (p->length() > length_)
            p->take(p->length() - length_);
        return p;
    }

private:
    uint32_t length_ = 0;
};

}  // namespace snf::click
