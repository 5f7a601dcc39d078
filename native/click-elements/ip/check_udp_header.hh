// CheckUDPHeader: checks the UDP header of UDP/IP packets.
//
//   CheckUDPHeader([keywords VERBOSE, DETAILS])
//
// Expects packets whose network header annotation marks an IPv4 header (CheckIPHeader or
// MarkIPHeader upstream). A packet is bad when it has no IP header or is not UDP ("not
// UDP"), when its UDP length is under 8 or runs past the packet ("bad packet length"),
// or when its checksum is nonzero (zero means none was computed) and wrong ("bad UDP
// checksum"). Good packets leave on output 0; bad ones on output 1 if it is connected,
// else they are dropped. The first bad packet prints "UDP header check failed: <reason>"
// (Click's text, without the element name); with VERBOSE true (default false) every bad
// packet does. DETAILS (bool, default false) keeps counts per reason.
// Ports: one agnostic input; one agnostic output and an optional push output 1.
//
// Handlers: drops (read) bad packets seen; drop_details (read, only with DETAILS true)
// "<count>\t<reason>" per reason.
#pragma once

#include "header_check_drops.hh"
#include "snf/click/element.hh"

namespace snf::click {

class CheckUDPHeader : public Element {
public:
    CheckUDPHeader();
    const char* class_name() const override { return "CheckUDPHeader"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

    enum Reason { not_udp, bad_length, bad_checksum, reason_count };

private:
    HeaderCheckDrops drops_;
};

}  // namespace snf::click
