// RatedSource: paces by arithmetic (packets due = elapsed time x rate) rather than by
// counting timer ticks, so late timers catch up instead of lowering the rate.
#include "rated_source.hh"

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/parsed_handler.hh"

namespace snf::click {

namespace {
// Packets emitted per timer expiry at most, so a high rate cannot starve other work.
constexpr uint64_t max_per_tick = 256;
}  // namespace

RatedSource::RatedSource() : timer_(this), data_(PacketTemplate::default_data) {}

int RatedSource::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string data = data_;
    uint32_t rate = 10;
    int64_t limit = -1, length = -1;
    bool active = true, stop = false;
    if (Args(conf, this, errh)
            .read_p("DATA", data)
            .read_p("RATE", rate)
            .read_p("LIMIT", limit)
            .read_p("ACTIVE", active)
            .read("LENGTH", length)
            .read("STOP", stop)
            .complete() < 0)
        return -EINVAL;
    if (PacketTemplate::check_configuration(data, length, errh) < 0)
        return -EINVAL;
    data_ = data;
    rate_ = rate;
    limit_ = limit;
    length_ = length;
    active_ = active;
    stop_ = stop;
    return 0;
}

int RatedSource::initialize(ErrorHandler* errh) {
    if (!template_.build(data_, length_))
        return errh->error("out of memory");
    timer_.initialize(this);
    start_ = Timer::Clock::now();
    count_at_start_ = 0;
    if (active_ && output_is_push(0) && rate_ > 0)
        timer_.schedule_now();
    return 0;
}

void RatedSource::cleanup(CleanupStage) { template_.clear(); }

uint64_t RatedSource::due_now() const {
    double elapsed = std::chrono::duration<double>(Timer::Clock::now() - start_).count();
    // The first packet is due at the start.
    return count_at_start_ + uint64_t(elapsed * rate_) + 1;
}

Packet* RatedSource::make_packet() {
    Packet* p = template_.clone(true);
    if (p)
        ++count_;
    return p;
}

void RatedSource::run_timer(Timer*) {
    if (!active_ || rate_ == 0)
        return;
    uint64_t due = due_now();
    uint64_t n = 0;
    while (count_ < due && n < max_per_tick && !limit_reached()) {
        Packet* p = make_packet();
        if (!p)
            break;
        output(0).push(p);
        ++n;
    }
    if (limit_reached()) {
        reached_limit();
        return;
    }
    // Next packet is due when elapsed * rate reaches count_ - count_at_start_.
    auto next = start_ + std::chrono::nanoseconds(int64_t(double(count_ - count_at_start_) * 1e9 / rate_));
    timer_.schedule_at(next);
}

Packet* RatedSource::pull(int) {
    if (!active_ || rate_ == 0)
        return nullptr;
    if (limit_reached()) {
        reached_limit();
        return nullptr;
    }
    return count_ < due_now() ? make_packet() : nullptr;
}

void RatedSource::restart() {
    start_ = Timer::Clock::now();
    count_at_start_ = count_;
    timer_.unschedule();
    if (active_ && output_is_push(0) && rate_ > 0 && !limit_reached())
        timer_.schedule_now();
}

void RatedSource::add_handlers() {
    add_count_handler();
    add_reset_handler();
    add_read_handler("data", [this] { return data_; });
    add_read_handler("length", [this] { return std::to_string(template_.length()); });
    add_read_handler("rate", [this] { return std::to_string(rate_); });
    add_parsed_write_handler<uint32_t>(this, "rate", IntArg(), [this](uint32_t rate, ErrorHandler*) {
        rate_ = rate;
        restart();
        return 0;
    });
    add_limit_handler();
    add_active_handler();
}

SNF_EXPORT_ELEMENT(RatedSource)

}  // namespace snf::click
