// AddressInfo: gives addresses mnemonic names for the rest of the configuration.
//
//   AddressInfo(NAME ADDRESS [ADDRESS...], ...)
//
// Each argument binds NAME to one or more addresses: an IPv4 address ("10.0.0.1"), an
// IPv4 prefix ("10.0.0.0/8"; with host bits set, "10.0.0.1/8" defines both the address
// 10.0.0.1 and the prefix), an Ethernet address ("00:50:ba:85:84:a9"). Other elements
// then write NAME, or NAME:ip, NAME:ipnet, NAME:eth, NAME:bcast, NAME:gw, wherever an
// address goes (snf/click/address_info.hh has the rules, and the network-device names
// used when no AddressInfo defines one). Names are local to the compound element
// that holds the AddressInfo. IPv6 addresses are rejected. Defining a name's address of
// one kind twice in the same compound scope is an error; within one argument an address
// given alone wins over one implied by a prefix ("x 10.0.0.1/8 10.0.0.2": address
// 10.0.0.2, prefix 10.0.0.1/8). Empty arguments are allowed.
//
// Configured before every other element (configure_phase_first). No ports.
// Handlers: only the standard ones.
#pragma once

#include "snf/click/element.hh"

namespace snf::click {

class AddressInfo : public Element {
public:
    ~AddressInfo() override;
    const char* class_name() const override { return "AddressInfo"; }
    int configure_phase() const override { return configure_phase_first; }
    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;

private:
    // Parses and defines one "NAME ADDRESS..." argument, reporting what is wrong.
    void define_argument(const std::string& argument, ErrorHandler* errh);
};

}  // namespace snf::click
