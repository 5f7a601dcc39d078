// CheckICMPHeader: checks the ICMP header of ICMP/IP packets.
//
//   CheckICMPHeader([keywords VERBOSE, DETAILS])
//
// Expects packets whose network header annotation marks an IPv4 header (CheckIPHeader or
// MarkIPHeader upstream). The ICMP message is everything from the end of the IP header
// to the end of the packet. A packet is bad when it has no IP header or is not ICMP ("not
// ICMP"); when the message is shorter than 8 bytes, or than 36 for errors that quote a
// datagram (destination unreachable, source quench, redirect, time exceeded, parameter
// problem), or not exactly 20 bytes for timestamp request/reply or 8 for information
// request/reply ("bad packet length"); or when the checksum over the message is wrong
// ("bad ICMP checksum"). Good packets leave on output 0; bad ones on output 1 if it is
// connected, else they are dropped. The first bad packet prints "<name> ::
// CheckICMPHeader: ICMP header check failed: <reason>"; with VERBOSE true (default
// false) every bad packet does. DETAILS (bool, default false) keeps counts per reason.
// Ports: one agnostic input; one agnostic output and an optional push output 1.
//
// Handlers: drops (read) bad packets seen; drop_details (read, only with DETAILS true)
// "<count>\t<reason>" per reason.
#pragma once

#include "header_check_drops.hh"
#include "snf/click/element.hh"

namespace snf::click {

class CheckICMPHeader : public Element {
public:
    CheckICMPHeader();
    const char* class_name() const override { return "CheckICMPHeader"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

    enum Reason { not_icmp, bad_length, bad_checksum, reason_count };

private:
    HeaderCheckDrops drops_;
};

}  // namespace snf::click
