// Timer: attaching to a scheduler and (re)scheduling.
#include "snf/click/timer.hh"

#include <cmath>

#include "snf/click/element.hh"
#include "snf/click/router.hh"
#include "snf/click/scheduler.hh"

namespace snf::click {

Timer::~Timer() {
    unschedule();
}

void Timer::initialize(Element* owner) {
    if (owner)
        owner_ = owner;
    if (owner_ && owner_->router())
        initialize(owner_->router()->scheduler());
}

void Timer::initialize(Scheduler& scheduler) {
    unschedule();
    scheduler_ = &scheduler;
}

void Timer::schedule_at(Clock::time_point when) {
    if (!scheduler_)
        return;
    unschedule();
    expiry_ = when;
    scheduler_->add_timer(this);
}

void Timer::schedule_after(std::chrono::nanoseconds delay) {
    schedule_at(Clock::now() + delay);
}

void Timer::schedule_after_sec(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0)
        seconds = 0;
    if (seconds > 1e9)
        seconds = 1e9;
    schedule_after(std::chrono::nanoseconds(int64_t(seconds * 1e9)));
}

void Timer::reschedule_after(std::chrono::nanoseconds period) {
    schedule_at(expiry_ + period);
}

void Timer::unschedule() {
    if (scheduler_ && heap_index_ != npos)
        scheduler_->remove_timer(this);
}

void Timer::fire() {
    if (callback_)
        callback_(*this);
    else if (owner_)
        owner_->run_timer(this);
}

}  // namespace snf::click
