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

#include "snf/click/element.hh"
#include "snf/click/timer.hh"

namespace snf::click {

class RatedSource : public Element {
public:
    RatedSource();
    ~RatedSource() override;
    const char* class_name() const override { return "RatedSource"; }
    const char* port_count() const override { return "0/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;

    void run_timer(Timer* timer) override;
    Packet* pull(int port) override;

private:
    bool limit_reached() const noexcept { return limit_ >= 0 && count_ >= uint64_t(limit_); }
    // Packets due by now since the (re)start.
    uint64_t due_now() const;
    Packet* make_packet();
    void reached_limit();
    void restart();

    Timer timer_;
    std::string data_;
    int64_t length_ = -1;
    uint32_t rate_ = 10;
    int64_t limit_ = -1;
    bool active_ = true;
    bool stop_ = false;
    bool stop_requested_ = false;
    uint64_t count_ = 0;
    // Pacing restarts from here with count_at_start_ packets already sent.
    Timer::Clock::time_point start_{};
    uint64_t count_at_start_ = 0;
    Packet* template_ = nullptr;
};

}  // namespace snf::click
