// UDPIPEncap: prepends fixed UDP and IPv4 headers.
//
//   UDPIPEncap(SRC, SPORT, DST, DPORT [, CHECKSUM])
//
// SRC (IP address), SPORT (0-65535), DST (IP address, or DST_ANNO for each packet's
// destination IP annotation), DPORT (0-65535): the addresses and ports. CHECKSUM (bool,
// default true): compute the UDP checksum (else it is 0, "none"). The IP header gets TOS
// 0, TTL 250, no fragment bits, the next IP ID (counting from 0) and a correct checksum;
// the network header annotation is set to it and, unless DST is DST_ANNO, the
// destination IP annotation to DST. Packets that would exceed 65535 bytes are dropped.
// Ports: one agnostic input, one agnostic output.
//
// Handlers: src, sport, dst, dport (read/write) the arguments; checksum (read/write).
#pragma once

#include <cstdint>

#include "encap_args.hh"
#include "snf/click/element.hh"

namespace snf::click {

class UDPIPEncap : public Element {
public:
    const char* class_name() const override { return "UDPIPEncap"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

private:
    IPAddress src_;
    uint16_t sport_ = 0;
    EncapDestination dst_;
    uint16_t dport_ = 0;
    bool checksum_ = true;
    uint16_t next_id_ = 0;
};

}  // namespace snf::click
