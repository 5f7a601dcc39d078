// SetIPAddress: sets an annotation (by default the destination IP annotation) to a fixed
// address.
//
//   SetIPAddress(IPADDR [, ANNO])
//
// IPADDR (IP address, mandatory): the value written. ANNO (annotation offset 0-44,
// default 0, the destination IP annotation): where it goes.
// Ports: one agnostic input, one agnostic output.
#pragma once

#include "snf/click/element.hh"
#include "snf/click/net_address.hh"

namespace snf::click {

class SetIPAddress : public Element {
public:
    const char* class_name() const override { return "SetIPAddress"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    Packet* simple_action(Packet* p) override {
        p->set_anno_u32(anno_, address_.addr);
        return p;
    }

private:
    IPAddress address_;
    uint32_t anno_ = kDstIpAnnoOffset;
};

}  // namespace snf::click
