// ArpTable: the IP-to-Ethernet mappings ARPQuerier keeps, with the packets waiting for
// a mapping, as Click's ARPTable keeps them. An entry is "known" once a reply gave its
// Ethernet address and until TIMEOUT passes without a new one; packets for an unknown
// entry wait on it. Queries for one address go out at most ten times a second.
//
// Limits: CAPACITY packets waiting in total (past it the oldest entries' packets are
// dropped until half the capacity is free; 0 = no limit), ENTRY_CAPACITY entries (past
// it the oldest entry goes; 0 = no limit), ENTRY_PACKET_CAPACITY packets per entry
// (0 = no limit). Every packet dropped is counted in drops().
#pragma once

#include <chrono>
#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>

#include "snf/click/net_address.hh"
#include "snf/click/packet.hh"

namespace snf::click {

class ArpTable {
public:
    using Clock = std::chrono::steady_clock;

    struct Limits {
        uint32_t packet_capacity = 2048;
        uint32_t entry_capacity = 0;
        uint32_t entry_packet_capacity = 0;
        std::chrono::nanoseconds timeout = std::chrono::seconds(300);  // 0: never expire
    };

    ArpTable() = default;
    ~ArpTable() { clear(); }
    ArpTable(const ArpTable&) = delete;
    ArpTable& operator=(const ArpTable&) = delete;

    void set_limits(const Limits& limits) { limits_ = limits; }
    const Limits& limits() const noexcept { return limits_; }

    enum : int { lookup_unknown = -1, lookup_known = 0, lookup_known_poll = 1 };
    // The known Ethernet address of `ip` in `ether`. lookup_known_poll means the entry is
    // older than `poll_timeout` (nonzero) and a refresh query may go out now.
    int lookup(IPAddress ip, EtherAddress& ether, Clock::time_point now, std::chrono::nanoseconds poll_timeout);

    enum : int { append_queued = 0, append_queued_query = 1, append_known = -2, append_dropped = -1 };
    // Queues `p` (linked through Packet::next) on ip's entry, creating it. append_known:
    // the address is known (nothing done); append_dropped: over ENTRY_PACKET_CAPACITY, p
    // is the caller's to free (and was counted); append_queued_query: send a query now.
    int append_query(IPAddress ip, Packet* p, Clock::time_point now);

    // Records ip -> ether as known and returns the packets that were waiting (in arrival
    // order, linked through Packet::next; null when none).
    Packet* insert(IPAddress ip, const EtherAddress& ether, Clock::time_point now);
    // Marks ip's entry unknown (broadcast address), as Click's delete handler does.
    void forget(IPAddress ip, Clock::time_point now);
    // Drops every entry and waiting packet (the packets count as drops).
    void clear();
    // Removes expired entries and enforces the limits.
    void expire(Clock::time_point now);

    // Click's table format: "IP VALID ETH AGE" per entry, oldest first.
    std::string unparse(Clock::time_point now) const;

    std::size_t entry_count() const noexcept { return entries_.size(); }
    uint32_t packet_count() const noexcept { return packet_count_; }
    uint64_t drops() const noexcept { return drops_; }
    void reset_drops() noexcept { drops_ = 0; }

private:
    struct Entry {
        IPAddress ip;
        EtherAddress ether;
        bool known = false;
        Clock::time_point live_at;
        Clock::time_point polled_at;
        Packet* head = nullptr;
        Packet* tail = nullptr;
        uint32_t packets = 0;
        std::list<uint32_t>::iterator age_position;
    };

    bool expired(const Entry& e, Clock::time_point now) const noexcept;
    Entry& ensure(IPAddress ip, Clock::time_point now);
    // Sets ip's Ethernet address (known unless broadcast) and refreshes the entry; its
    // waiting packets stay.
    Entry& record(IPAddress ip, const EtherAddress& ether, Clock::time_point now);
    void touch(Entry& e, Clock::time_point now);
    void drop_packets(Entry& e, uint32_t keep_total);
    void erase(std::unordered_map<uint32_t, Entry>::iterator it);

    Limits limits_;
    std::unordered_map<uint32_t, Entry> entries_;
    std::list<uint32_t> age_;  // keys, least recently refreshed first
    uint32_t packet_count_ = 0;
    uint64_t drops_ = 0;
};

}  // namespace snf::click
