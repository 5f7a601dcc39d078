// EtherEncap: prepends a fixed Ethernet header.
//
//   EtherEncap(ETHERTYPE, SRC, DST)
//
// ETHERTYPE (0-0xFFFF, host order, e.g. 0x0800 for IPv4), SRC and DST (Ethernet
// addresses): the header's fields. The MAC header annotation is set to the new header;
// the other annotations are kept.
// Ports: one agnostic input, one agnostic output.
//
// Handlers: src, dst (read/write) the addresses; ethertype (read/write) the type, in
// decimal when read.
#pragma once

#include <cstdint>

#include "snf/click/element.hh"
#include "snf/click/net_address.hh"

namespace snf::click {

class EtherEncap : public Element {
public:
    const char* class_name() const override { return "EtherEncap"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

private:
    uint16_t ethertype_ = 0;
    EtherAddress src_;
    EtherAddress dst_;
};

}  // namespace snf::click
