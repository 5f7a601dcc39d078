// Counter: packet and byte totals, and an averaged rate. The per-packet path reads the
// scheduler's cached time instead of the clock, so counting costs two additions and a
// comparison.
#include "counter.hh"

#include <cstdio>

#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"

namespace snf::click {

int Counter::initialize(ErrorHandler*) {
    now_source_ = &router()->scheduler().coarse_now_ref();
    window_start_ = Clock::now();
    return 0;
}

void Counter::reset() {
    count_ = byte_count_ = 0;
    window_packets_ = window_bytes_ = 0;
    packet_rate_ = byte_rate_ = 0;
    have_rate_ = false;
    window_start_ = Clock::now();
}

void Counter::fold_rate(Clock::time_point now) {
    double seconds = std::chrono::duration<double>(now - window_start_).count();
    if (seconds <= 0)
        return;
    double packets = double(count_ - window_packets_) / seconds;
    double bytes = double(byte_count_ - window_bytes_) / seconds;
    if (have_rate_) {
        // Exponentially weighted: each window moves the average a quarter of the way.
        packet_rate_ += (packets - packet_rate_) / 4;
        byte_rate_ += (bytes - byte_rate_) / 4;
    } else {
        packet_rate_ = packets;
        byte_rate_ = bytes;
        have_rate_ = true;
    }
    window_start_ = now;
    window_packets_ = count_;
    window_bytes_ = byte_count_;
}

std::string Counter::rate_string(double multiplier, bool bytes) {
    Clock::time_point now = Clock::now();
    if (now - window_start_ >= rate_window)
        fold_rate(now);
    double value = (bytes ? byte_rate_ : packet_rate_) * multiplier;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", value);
    std::string s = buf;
    while (!s.empty() && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.')
        s.pop_back();
    return s;
}

void Counter::add_handlers() {
    add_read_handler("count", [this] { return std::to_string(count_); });
    add_read_handler("byte_count", [this] { return std::to_string(byte_count_); });
    add_read_handler("rate", [this] { return rate_string(1, false); });
    add_read_handler("byte_rate", [this] { return rate_string(1, true); });
    add_read_handler("bit_rate", [this] { return rate_string(8, true); });
    auto reset_handler = [this](const std::string&, ErrorHandler*) {
        reset();
        return 0;
    };
    add_write_handler("reset", reset_handler, Handler::button);
    add_write_handler("reset_counts", reset_handler, Handler::button);
}

SNF_EXPORT_ELEMENT(Counter)

}  // namespace snf::click
