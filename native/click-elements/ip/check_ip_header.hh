// CheckIPHeader: checks that packets carry a valid IPv4 header.
//
//   CheckIPHeader([OFFSET, keywords OFFSET, INTERFACES, BADSRC, GOODDST, CHECKSUM,
//                 VERBOSE, DETAILS])
//   CheckIPHeader([BADSRC2, OFFSET, keywords])          (old syntax)
//
// The IP header starts OFFSET bytes into the packet (unsigned, default 0). A packet is
// bad when it is shorter than 20 bytes from OFFSET ("tiny packet"), its version is not 4
// ("bad IP version"), its header length is under 20 bytes ("bad IP header length"), its
// IP length is shorter than the header or longer than the packet ("bad IP length"), its
// header checksum is wrong ("bad IP checksum", only when CHECKSUM is true, the default),
// or its source address is on the BADSRC list while its destination is not on the
// GOODDST list ("bad source address"). BADSRC and GOODDST are space-separated IP address
// lists. INTERFACES (space-separated address prefixes, this router's interfaces) adds
// each prefix's broadcast address, 0.0.0.0 and 255.255.255.255 to BADSRC and each
// interface address to GOODDST. The old syntax's BADSRC2 is a BADSRC list to which
// 0.0.0.0 and 255.255.255.255 are added.
//
// Good packets leave on output 0 with the network header annotation at the IP header
// (the transport header right after it), the tail beyond the IP length trimmed (link
// padding), and the destination IP annotation set to the header's destination. Bad
// packets go to output 1 if it is connected, else they are dropped. The first bad packet
// prints "<name> :: CheckIPHeader: IP header check failed: <reason>"; with VERBOSE true
// every bad packet does.
// Ports: one agnostic input; one agnostic output and an optional push output 1.
//
// Handlers: drops (read) bad packets seen; drop_details (read, only with DETAILS true)
// "<count>\t<reason>" per reason.
#pragma once

#include <cstdint>
#include <vector>

#include "header_check_drops.hh"
#include "snf/click/element.hh"

namespace snf::click {

class CheckIPHeader : public Element {
public:
    CheckIPHeader() : CheckIPHeader(true) {}
    const char* class_name() const override { return "CheckIPHeader"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

    enum Reason { tiny_packet, bad_version, bad_header_length, bad_ip_length, bad_checksum, bad_source, reason_count };

protected:
    // `checks_checksum`: whether the header checksum is checked (and CHECKSUM accepted);
    // CheckIPHeader2 never checks it.
    explicit CheckIPHeader(bool checks_checksum);

private:
    bool bad_source_address(uint32_t src, uint32_t dst) const;

    const bool checks_checksum_;
    uint32_t offset_ = 0;
    bool checksum_ = true;
    std::vector<uint32_t> bad_src_;   // network byte order
    std::vector<uint32_t> good_dst_;  // network byte order
    HeaderCheckDrops drops_;
};

}  // namespace snf::click
