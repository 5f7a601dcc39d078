// ARPQuerier: encapsulates IP packets in Ethernet headers, finding the destination's
// Ethernet address with ARP (Click's ARPQuerier).
//
//   ARPQuerier(IP, ETH [, keywords CAPACITY, ENTRY_CAPACITY, ENTRY_PACKET_CAPACITY,
//              TIMEOUT, POLL_TIMEOUT, BROADCAST, BROADCAST_POLL])
//   ARPQuerier(NAME, keywords...)
//
// IP (address, or address/prefix, which also gives the local broadcast address) and ETH
// are this host's addresses; NAME is an AddressInfo name standing for both. Input 0
// takes IP packets whose destination IP annotation holds the next hop. When the next
// hop's Ethernet address is known the packet leaves output 0 with an Ethernet header
// (our ETH as source, type 0x0800). Otherwise the packet waits and an ARP query is sent
// (at most ten a second per address); an ARP reply on input 1 records the mapping and
// sends the waiting packets in arrival order. Queries leave output 1 if there are two
// outputs, else output 0. Packets for 255.255.255.255 or the local broadcast address go
// to ff:ff:ff:ff:ff:ff, multicast ones to the matching 01:00:5e address; packets with a
// zero annotation are dropped (with one warning).
//
// CAPACITY (default 2048; 0 = no limit) packets may wait in total, ENTRY_PACKET_CAPACITY
// (default 0 = no limit) per address; ENTRY_CAPACITY (default 0 = no limit) entries.
// TIMEOUT (default 5 min; 0 = never) after the last reply an entry expires. POLL_TIMEOUT
// (default 1 min; 0 = never): once an entry is that old, the next packet to it also
// triggers a refresh query (unicast to the known address unless BROADCAST_POLL is true).
// BROADCAST overrides the local broadcast address.
// Ports: two push inputs (IP packets, ARP replies), one or two push outputs.
//
// Handlers: table (read) "IP VALID ETH AGE" per entry; stats (read) "N packets
// killed\nM ARP queries sent\n"; count (read) entries; length (read) waiting packets;
// queries, responses, drops (read); ipaddr, broadcast (read/write); insert (write
// "IP ETH"); delete (write "IP"); clear (write) empties the table and zeroes counters.
#pragma once

#include <chrono>
#include <cstdint>

#include "arp/arp_table.hh"
#include "snf/click/element.hh"
#include "snf/click/net_address.hh"
#include "snf/click/timer.hh"

namespace snf::click {

class ARPQuerier : public Element {
public:
    ARPQuerier();
    const char* class_name() const override { return "ARPQuerier"; }
    const char* port_count() const override { return "2/1-2"; }
    const char* processing() const override { return "h/h"; }
    const char* flow_code() const override { return "xy/x"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;
    void push(int port, Packet* p) override;
    void run_timer(Timer* timer) override;

private:
    void handle_ip(Packet* p, bool has_ether_header);
    void handle_response(Packet* p);
    // Encapsulates (or queues again) the packets a table insert released, in order.
    void send_waiting(Packet* waiting);
    void send_query(IPAddress target, const EtherAddress* known_target, const Packet* cause);
    void send_encapsulated(WritablePacket* q);
    ArpTable::Clock::time_point now() const;

    ArpTable table_;
    Timer expire_timer_;
    IPAddress my_ip_;
    IPAddress my_broadcast_;
    EtherAddress my_ether_;
    std::chrono::nanoseconds poll_timeout_ = std::chrono::seconds(60);
    bool broadcast_poll_ = false;
    bool zero_warned_ = false;
    uint64_t queries_ = 0;
    uint64_t responses_ = 0;
    uint64_t drops_ = 0;
};

}  // namespace snf::click
