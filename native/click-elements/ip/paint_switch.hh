// PaintSwitch: sends each packet to the output its paint annotation names.
//
//   PaintSwitch([ANNO])
//
// ANNO (annotation offset 0-47, default 16, Click's paint annotation): the byte read.
// A packet whose value is N leaves on output N; when there is no output N (or it is not
// connected) the packet is dropped.
// Ports: one push input, any number of push outputs.
#pragma once

#include "snf/click/element.hh"

namespace snf::click {

class PaintSwitch : public Element {
public:
    const char* class_name() const override { return "PaintSwitch"; }
    const char* port_count() const override { return "1/-"; }
    const char* processing() const override { return "h/h"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void push(int port, Packet* p) override { checked_output_push(p->anno_u8(anno_), p); }

private:
    uint32_t anno_ = kPaintAnnoOffset;
};

}  // namespace snf::click
