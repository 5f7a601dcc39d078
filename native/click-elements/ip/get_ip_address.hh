// GetIPAddress: copies an IPv4 address from the packet into an annotation.
//
//   GetIPAddress(OFFSET [, ANNO])
//   GetIPAddress(IP src|dst [, ANNO])
//
// OFFSET (unsigned): the four bytes at OFFSET are copied. IP (src or dst): the source or
// destination address of the IP header the network header annotation marks is copied
// instead. Exactly one of OFFSET and IP must be given ("set one of OFFSET, IP"). ANNO
// (annotation offset 0-44, default 0, the destination IP annotation): where the address
// goes. Packets too short to hold the address, or without an annotated IP header in the
// IP form, pass with the annotation unchanged.
// Ports: one agnostic input, one agnostic output.
#pragma once

#include "snf/click/element.hh"

namespace snf::click {

class GetIPAddress : public Element {
public:
    const char* class_name() const override { return "GetIPAddress"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    Packet* simple_action(Packet* p) override;

private:
    enum class Source { packet_offset, ip_src, ip_dst };
    Source source_ = Source::packet_offset;
    uint32_t offset_ = 0;
    uint32_t anno_ = kDstIpAnnoOffset;
};

}  // namespace snf::click
