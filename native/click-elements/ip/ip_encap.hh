// IPEncap: prepends a fixed IPv4 header.
//
//   IPEncap(PROTO, SRC, DST [, keywords TOS, TTL, DSCP, ECT, CE, DF])
//
// PROTO (0-255 or a name such as tcp, udp, icmp, ipip, gre), SRC (IP address), DST (IP
// address, or DST_ANNO for each packet's destination IP annotation): the header's
// protocol and addresses. TTL (byte, default 250). TOS (byte) or DSCP (0-63) with ECN
// bits ECT (bool or 2) or CE (bool): the TOS byte, default 0; TOS excludes the others.
// DF (bool, default false): sets Don't Fragment. Each header gets the next IP ID
// (counting from 0), the length of the whole new packet and a correct checksum; the
// network header annotation is set to it and, unless DST is DST_ANNO, the destination
// IP annotation to DST. Packets that would exceed 65535 bytes are dropped.
// Ports: one agnostic input, one agnostic output.
//
// Handlers: src, dst (read/write) the SRC and DST arguments.
#pragma once

#include <cstdint>

#include "encap_args.hh"
#include "snf/click/element.hh"

namespace snf::click {

class IPEncap : public Element {
public:
    const char* class_name() const override { return "IPEncap"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

private:
    uint8_t protocol_ = 0;
    IPAddress src_;
    EncapDestination dst_;
    uint8_t tos_ = 0;
    uint8_t ttl_ = 250;
    bool dont_fragment_ = false;
    uint16_t next_id_ = 0;
};

}  // namespace snf::click
