// StoreIPAddress: writes an IPv4 address into packet data.
//
//   StoreIPAddress(OFFSET)
//   StoreIPAddress(ADDR, OFFSET)
//
// The one-argument form writes the destination IP address annotation, but leaves the
// packet unchanged when the annotation is zero; the two-argument form writes ADDR (IP
// address, may be 0.0.0.0). OFFSET is a byte offset into the packet, or "src" or "dst"
// for the source or destination address field of the IP header the network header
// annotation marks; in that case the IP header checksum, and the TCP or UDP checksum of
// a first fragment (a zero UDP checksum stays zero), are updated incrementally to match.
// A packet the address does not fit in (offset past the end, or no complete annotated
// IP header for src/dst) goes to output 1 if it is connected, else it is dropped.
// Ports: one agnostic input; one agnostic output and an optional push output 1.
#pragma once

#include "snf/click/element.hh"
#include "snf/click/net_address.hh"

namespace snf::click {

class StoreIPAddress : public Element {
public:
    const char* class_name() const override { return "StoreIPAddress"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    Packet* simple_action(Packet* p) override;

private:
    enum class Target { packet_offset, ip_src, ip_dst };

    // Writes into the annotated IP header and fixes the checksums; null when the packet
    // went to output 1 or was lost.
    Packet* store_in_ip_header(Packet* p, uint32_t address);

    bool use_address_ = false;
    IPAddress address_;
    Target target_ = Target::packet_offset;
    uint32_t offset_ = 0;
};

}  // namespace snf::click
