// FastUDPFlows: a benchmark source of Ethernet/IPv4/UDP packets spread over several
// flows, as in Click.
//
//   FastUDPFlows(RATE, LIMIT, LENGTH, SRCETH, SRCIP, DSTETH, DSTIP, FLOWS, FLOWSIZE
//                [, CHECKSUM, ACTIVE, STOP])
//
// RATE (unsigned): packets per second (0 = as fast as asked). LIMIT (integer, -1 = no
// limit): packets sent in all. LENGTH (unsigned, at least 60): Ethernet frame length.
// SRCETH, SRCIP, DSTETH, DSTIP: the addresses every packet carries. FLOWS (unsigned, at
// least 1): flows cycled through in turn; each flow has its own source and destination
// ports, drawn from a fixed-seed generator so runs repeat. FLOWSIZE (unsigned, at least
// 1): packets a flow sends before it gets new ports. CHECKSUM (bool, default true):
// compute the UDP checksum. ACTIVE (bool, default true). STOP (bool, default false): ask
// the driver to stop after LIMIT packets. Each packet carries its IP header annotation
// and the current time; packets of one flow share their bytes, so do not modify them
// without uniqueify().
// Ports: no inputs, one agnostic output.
//
// Handlers: count (read) packets sent; rate (read) the average rate between the first
// and the last packet; reset (write) zeroes count and restarts; active (read/write).
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "packet_source.hh"
#include "snf/click/net_address.hh"
#include "snf/click/task.hh"
#include "snf/click/timer.hh"

namespace snf::click {

class FastUDPFlows : public PacketSource {
public:
    FastUDPFlows();
    ~FastUDPFlows() override;
    const char* class_name() const override { return "FastUDPFlows"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;

    bool run_task(Task* task) override;
    void run_timer(Timer* timer) override;
    Packet* pull(int port) override;

private:
    struct Flow {
        Packet* packet = nullptr;
        uint64_t sent = 0;
    };
    // Builds (or rebuilds, with new ports) the template packet of one flow.
    bool build_flow(Flow& flow);
    void release_flows();
    // The next packet when the rate allows one now, else null.
    Packet* next_packet();
    // Packets the rate allows to have been sent by now.
    bool rate_allows() const;
    void restart() override;
    void pause() override { task_.unschedule(); }

    Task task_;
    Timer timer_;
    uint32_t rate_ = 0;
    uint32_t length_ = 60;
    EtherAddress src_eth_, dst_eth_;
    IPAddress src_ip_, dst_ip_;
    uint32_t nflows_ = 1;
    uint32_t flow_size_ = 1;
    bool checksum_ = true;

    std::vector<Flow> flows_;
    std::size_t current_flow_ = 0;
    std::mt19937 random_{0x5eed};
    Timer::Clock::time_point start_{};
    Timestamp first_, last_;
};

}  // namespace snf::click
