// Paint: sets a packet's paint annotation (one byte of the annotation area).
//
//   Paint(COLOR [, ANNO])
//
// COLOR (0-255, mandatory): the value written. ANNO (annotation offset, default 16,
// Click's PAINT_ANNO_OFFSET): which byte of the 48-byte annotation area is set.
// Ports: one agnostic input, one agnostic output.
//
// Handlers: color (read/write).
#pragma once

#include "snf/click/element.hh"

namespace snf::click {

class Paint : public Element {
public:
    const char* class_name() const override { return "Paint"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override {
        p->set_anno_u8(anno_, color_);
        return p;
    }

private:
    uint8_t color_ = 0;
    uint32_t anno_ = kPaintAnnoOffset;
};

}  // namespace snf::click
