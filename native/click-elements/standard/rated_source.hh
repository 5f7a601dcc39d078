// RatedSource: generates copies of one packet at a steady rate.
//
//   RatedSource([DATA, RATE, LIMIT, ACTIVE, LENGTH, STOP])
//
// DATA (string): the packet contents (default: Click's 69-byte filler text). RATE
// (unsigned, default 10): packets per second. LIMIT (integer, default -1 = no limit):
// packets generated in all. ACTIVE (bool, default true). LENGTH (unsigned): repeat or
// cut DATA to this many bytes. STOP (bool, default false): ask the driver to stop once
// LIMIT packets went out. Each packet carries the current time.
// Ports: no inputs, one agnostic output. Pushing: a timer emits the packets due, so the
// long-run rate is RATE without drift. Pulled: a pull returns a packet only when one is
// due.
//
// Handlers: count (read) packets generated; reset (write) zeroes count and restarts;
// rate, limit, active (read/write); data, length (read).
#pragma once

#include <string>

#include "packet_source.hh"
#include "snf/click/timer.hh"

namespace snf::click {

class RatedSource : public PacketSource {
public:
    RatedSource();
    const char* class_name() const override { return "RatedSource"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;

    void run_timer(Timer* timer) override;
    Packet* pull(int port) override;

private:
    // Packets due by now since the (re)start.
    uint64_t due_now() const;
    Packet* make_packet();
    void restart() override;
    void pause() override { timer_.unschedule(); }

    Timer timer_;
    std::string data_;
    int64_t length_ = -1;
    uint32_t rate_ = 10;
    // Pacing restarts from here with count_at_start_ packets already sent.
    Timer::Clock::time_point start_{};
    uint64_t count_at_start_ = 0;
    PacketTemplate template_;
};

}  // namespace snf::click
