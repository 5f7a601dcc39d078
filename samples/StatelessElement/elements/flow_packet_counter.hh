// FlowPacketCounter: a sample stateless element written against the StatelessNF client's
// C ABI. It counts packets per IPv4 flow, but keeps the counts in the store instead of in
// the element, so any number of instances (or a restarted one) share one count per flow.
// Each packet does a versioned read-modify-write: read the count and its version, write
// count + 1 only if the version is unchanged, retry when another instance got there first.
//
//   FlowPacketCounter(STORE uri [, TABLE name, RETRIES n])
//
// STORE: any snf_client URI (quote it: `//` starts a Click comment). TABLE (default: the
// element's name). RETRIES (default 8): how often a packet retries a lost race.
// Ports: one agnostic input, one agnostic output; packets pass unchanged. Packets without
// a complete IPv4 header are counted in `bad` and passed on.
//
// Handlers: count (read, with a parameter "SRC SPORT DST DPORT PROTO": that flow's count
// in the store), updates (writes this element made), conflicts (lost races retried),
// failures (store errors: the packet passed uncounted), bad.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "snf/click/element.hh"
#include "snf/snf_client.h"

namespace snf::sample {

class FlowPacketCounter : public snf::click::Element {
public:
    ~FlowPacketCounter() override;

    const char* class_name() const override { return "FlowPacketCounter"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, snf::click::ErrorHandler* errh) override;
    int initialize(snf::click::ErrorHandler* errh) override;
    void add_handlers() override;
    snf::click::Packet* simple_action(snf::click::Packet* p) override;

private:
    // The flow key of a packet: protocol, addresses and ports in wire order (13 bytes).
    static bool flow_key(const snf::click::Packet* p, unsigned char key[13]);
    // Adds one to the count under `key`; false after a store error or too many lost races.
    bool increment(const unsigned char* key, uint32_t key_length);

    std::string store_uri_;
    std::string table_;
    uint32_t retries_ = 8;
    snf_client* client_ = nullptr;
    uint64_t table_id_ = 0;
    uint64_t updates_ = 0, conflicts_ = 0, failures_ = 0, bad_ = 0;
};

}  // namespace snf::sample
