// ARPPrint: prints a tcpdump-like line for each ARP packet (Click's ARPPrint).
//
//   ARPPrint([LABEL, keywords TIMESTAMP, ETHER, ACTIVE])
//
// LABEL (string) starts each line; TIMESTAMP (bool, default true) adds the packet's
// timestamp; ETHER (bool, default false) adds "SRC > DST: " from the Ethernet header;
// ACTIVE (bool, default true). Lines read "arp who-has 10.0.0.1 tell 10.0.0.2",
// "arp who-has 10.0.0.1 (02:00:..) tell ..." when the target hardware address is set,
// "arp reply 10.0.0.1 is-at 02:00:00:00:00:01", "rarp ..."/"invarp ..." forms,
// "arp-#N" for other operations, "truncated-arp (N)" for short messages. The ARP message
// is at the network header annotation (set by the ARP elements and FromDevice frames
// that carry ARP), else right after a 14-byte Ethernet header of type 0806; other
// packets pass unprinted. Lines go to the chatter output (standard error).
// Ports: one agnostic input, one agnostic output.
//
// Handlers: active (read/write).
#pragma once

#include <string>

#include "snf/click/element.hh"

namespace snf::click {

class ARPPrint : public Element {
public:
    const char* class_name() const override { return "ARPPrint"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

    // The text after the label and timestamp for an ARP message of `length` bytes at
    // `message` (the Ethernet header, when `ether` is given, precedes it).
    static std::string describe(const unsigned char* message, std::size_t length);

private:
    std::string label_;
    bool timestamp_ = true;
    bool ether_ = false;
    bool active_ = true;
};

}  // namespace snf::click
