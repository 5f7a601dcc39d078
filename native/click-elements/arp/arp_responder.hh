// ARPResponder: answers ARP requests for configured addresses (Click's ARPResponder).
//
//   ARPResponder(IP/MASK [IP/MASK...] ETH, IP/MASK ETH, ...)
//
// Each argument gives one Ethernet address and the IP addresses or prefixes it answers
// for (a bare address means /32); an AddressInfo name may stand for both, and a name
// that is both an address and a prefix counts as the address (write NAME:ipnet for the
// network). The most specific matching prefix answers; of identical prefixes the later
// one wins, with a warning. Input: ARP frames including the Ethernet header. A request
// for a configured address leaves output 0 as a reply (from that ETH, to the asker);
// anything else (other addresses, replies, non-ARP or truncated frames) goes to output 1
// if it exists, else is dropped and counted.
// Ports: one agnostic input, one or two agnostic outputs.
//
// Handlers: table (read) "PREFIX ETH" per entry; lookup (read with parameter IP) the
// Ethernet address answered for IP, or empty; add (write "IP/MASK... ETH"); remove
// (write "IP/MASK"); count (read) replies sent; drops (read) frames dropped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "snf/click/element.hh"
#include "snf/click/net_address.hh"

namespace snf::click {

class ARPResponder : public Element {
public:
    const char* class_name() const override { return "ARPResponder"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

private:
    struct Entry {
        IPAddress network;  // address & mask
        IPAddress mask;
        EtherAddress ether;
    };

    // Parses one "IP/MASK... ETH" argument onto `entries`; 0 or -EINVAL after reporting.
    int add_argument(std::vector<Entry>& entries, const std::string& argument, ErrorHandler* errh) const;
    // Most specific prefixes first; duplicates keep the later one.
    static void normalize(std::vector<Entry>& entries, ErrorHandler* warnings);
    const Entry* lookup(IPAddress address) const;

    std::vector<Entry> entries_;
    uint64_t replies_ = 0;
    uint64_t drops_ = 0;
};

}  // namespace snf::click
