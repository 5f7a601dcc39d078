// Counter: counts the packets and bytes that pass through it.
//
//   Counter
//
// Ports: one agnostic input, one agnostic output; packets pass unchanged.
//
// Handlers: count, byte_count (read) totals since the last reset; rate (read) recent
// packets per second, byte_rate and bit_rate likewise (a moving average, refreshed about
// eight times a second while packets flow); reset and reset_counts (write) zero
// everything.
#pragma once

#include <chrono>

#include "snf/click/element.hh"

namespace snf::click {

class Counter : public Element {
public:
    const char* class_name() const override { return "Counter"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    void add_handlers() override;
    int initialize(ErrorHandler* errh) override;

    void push(int port, Packet* p) override {
        count(p);
        output(0).push(p);
    }
    Packet* pull(int port) override {
        Packet* p = input(0).pull();
        if (p)
            count(p);
        return p;
    }

    uint64_t packet_count() const noexcept { return count_; }
    uint64_t byte_count() const noexcept { return byte_count_; }
    void reset();

private:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds rate_window{125};

    void count(Packet* p) {
        ++count_;
        byte_count_ += p->length();
        if (now_source_ && *now_source_ - window_start_ >= rate_window)
            fold_rate(*now_source_);
    }
    void fold_rate(Clock::time_point now);
    std::string rate_string(double multiplier, bool bytes);

    uint64_t count_ = 0;
    uint64_t byte_count_ = 0;
    const Clock::time_point* now_source_ = nullptr;
    Clock::time_point window_start_{};
    uint64_t window_packets_ = 0;  // count_ at window_start_
    uint64_t window_bytes_ = 0;
    double packet_rate_ = 0;
    double byte_rate_ = 0;
    bool have_rate_ = false;
};

}  // namespace snf::click
