// DecIPTTL: decrements the IP time-to-live of packets, diverting expired ones.
//
//   DecIPTTL([keywords ACTIVE, MULTICAST])
//
// Expects packets whose network header annotation marks an IPv4 header. A packet whose
// TTL is 0 or 1 has expired: it goes to output 1 if that is connected (usually an
// ICMPError generator), else it is dropped, and is counted. Other packets leave on
// output 0 with the TTL one lower and the header checksum updated incrementally (RFC
// 1624). ACTIVE (bool, default true): when false, packets pass untouched. MULTICAST
// (bool, default true): when false, packets to multicast destinations (224.0.0.0/4)
// pass untouched. Packets without a complete annotated IP header are dropped and
// counted too.
// Ports: one agnostic input; one agnostic output and an optional push output 1.
//
// Handlers: drops (read) expired and malformed packets; active (read/write).
#pragma once

#include <cstdint>

#include "snf/click/element.hh"

namespace snf::click {

class DecIPTTL : public Element {
public:
    const char* class_name() const override { return "DecIPTTL"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

private:
    bool active_ = true;
    bool multicast_ = true;
    uint64_t drops_ = 0;
};

}  // namespace snf::click
