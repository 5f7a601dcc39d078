// Timer: a one-shot callback at a point in time on the router's thread, as in Click.
// Expiries use the monotonic clock; a timer reschedules itself from its callback for
// periodic work (reschedule_after keeps a steady period).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

namespace snf::click {

class Element;
class Scheduler;

class Timer {
public:
    using Clock = std::chrono::steady_clock;

    // A timer that calls owner->run_timer(this).
    explicit Timer(Element* owner) : owner_(owner) {}
    // A timer that calls `callback`.
    explicit Timer(std::function<void(Timer&)> callback, Element* owner = nullptr)
        : owner_(owner), callback_(std::move(callback)) {}
    ~Timer();
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;

    void initialize(Element* owner);
    void initialize(Scheduler& scheduler);
    bool initialized() const noexcept { return scheduler_ != nullptr; }

    void schedule_at(Clock::time_point when);
    void schedule_after(std::chrono::nanoseconds delay);
    void schedule_after_sec(double seconds);
    void schedule_after_msec(int64_t msec) { schedule_after(std::chrono::milliseconds(msec)); }
    void schedule_now() { schedule_at(Clock::now()); }
    // Next expiry = previous expiry + period (steady ticking without drift).
    void reschedule_after(std::chrono::nanoseconds period);
    void unschedule();
    bool scheduled() const noexcept { return heap_index_ != npos; }
    Clock::time_point expiry() const noexcept { return expiry_; }

    Element* element() const noexcept { return owner_; }
    void fire();

private:
    friend class Scheduler;
    static constexpr std::size_t npos = ~std::size_t(0);

    Element* owner_ = nullptr;
    std::function<void(Timer&)> callback_;
    Scheduler* scheduler_ = nullptr;
    Clock::time_point expiry_{};
    std::size_t heap_index_ = npos;
};

}  // namespace snf::click
