// FlowSteer: the flow-steering switch that stands in for the paper's SDN controller.
// Every instance of a stateless network function sees the same traffic and keeps only
// the flows whose bucket it owns; an orchestrator moves flows between instances by
// rewriting the `owned` handler of each. Because the flow state lives in the store, an
// instance that takes over a bucket continues its flows with their existing mappings.
//
//   FlowSteer([BUCKETS n, OWNED spec, OFFSET off])
//
// BUCKETS (1-65536, default 256): how many buckets flows hash into. A flow is the IPv4
// 5-tuple (protocol, addresses, and ports for TCP/UDP first fragments), hashed the same
// way in every process, so every instance agrees on a packet's bucket.
// OWNED (default all): the buckets this instance keeps: "all", "none", or a space-
// separated list of buckets and inclusive ranges ("0-63 128 200-255").
// OFFSET (default 0): where the IP header starts when the packet has no network header
// annotation (14 for Ethernet frames).
// Ports: one push input; output 0 gets owned flows, the optional output 1 the others
// (dropped and counted without it). Packets too short for an IPv4 header count as `bad`
// and take the not-owned path.
//
// Handlers: owned (read/write), buckets, owned_buckets (count), steered (packets to
// output 0), passed_over (packets not owned), bad, reset_counts; the read handler
// `bucket` with a parameter "SRC SPORT DST DPORT PROTO" tells a flow's bucket.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "snf/click/element.hh"

namespace snf::click {

class FlowSteer : public Element {
public:
    const char* class_name() const override { return "FlowSteer"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "h/h"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    void push(int port, Packet* p) override;

    // The bucket of a flow given in host byte order; public so tests can check that
    // every process computes the same one.
    static uint32_t flow_bucket(uint8_t protocol, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
                                uint32_t buckets) noexcept;

private:
    // Parses an OWNED spec into one flag per bucket; an error message on failure.
    static std::optional<std::vector<uint8_t>> parse_owned(std::string_view spec, uint32_t buckets,
                                                           std::string& error);
    std::string unparse_owned() const;
    // The packet's bucket, or nullopt when it holds no complete IPv4 header.
    std::optional<uint32_t> packet_bucket(const Packet* p) const noexcept;

    uint32_t buckets_ = 256;
    uint32_t offset_ = 0;
    std::vector<uint8_t> owned_;
    uint64_t steered_ = 0;
    uint64_t passed_over_ = 0;
    uint64_t bad_ = 0;
};

}  // namespace snf::click
