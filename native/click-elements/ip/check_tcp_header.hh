// CheckTCPHeader: checks the TCP header of TCP/IP packets.
//
//   CheckTCPHeader([keywords VERBOSE, DETAILS])
//
// Expects packets whose network header annotation marks an IPv4 header (CheckIPHeader or
// MarkIPHeader upstream). A packet is bad when it has no IP header or is not TCP ("not
// TCP"), when its TCP header length is under 20 bytes, longer than the IP payload, or the
// IP length runs past the packet ("bad packet length"), or when the TCP checksum over
// the pseudo-header and the IP payload is wrong ("bad TCP checksum"). Good packets leave
// on output 0; bad ones on output 1 if it is connected, else they are dropped. The first
// bad packet prints "<name> :: CheckTCPHeader: TCP header check failed: <reason>"; with
// VERBOSE true (default false) every bad packet does. DETAILS (bool, default false) keeps
// counts per reason.
// Ports: one agnostic input; one agnostic output and an optional push output 1.
//
// Handlers: drops (read) bad packets seen; drop_details (read, only with DETAILS true)
// "<count>\t<reason>" per reason.
#pragma once

#include "header_check_drops.hh"
#include "snf/click/element.hh"

namespace snf::click {

class CheckTCPHeader : public Element {
public:
    CheckTCPHeader();
    const char* class_name() const override { return "CheckTCPHeader"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

    enum Reason { not_tcp, bad_length, bad_checksum, reason_count };

private:
    HeaderCheckDrops drops_;
};

}  // namespace snf::click
