// MarkIPHeader: sets the network header annotation of packets known to hold IPv4.
//
//   MarkIPHeader([OFFSET])
//
// OFFSET (unsigned, default 0): where the IP header starts. The header length is read
// from the header's IHL field and the transport header annotation is set right after
// it. Nothing is checked, trimmed or annotated otherwise (CheckIPHeader does that); a
// packet too short to hold byte OFFSET passes unmarked.
// Ports: one agnostic input, one agnostic output.
#pragma once

#include "snf/click/element.hh"

namespace snf::click {

class MarkIPHeader : public Element {
public:
    const char* class_name() const override { return "MarkIPHeader"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    Packet* simple_action(Packet* p) override;

private:
    uint32_t offset_ = 0;
};

}  // namespace snf::click
