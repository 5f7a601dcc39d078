// The router's run loop: scheduler rounds, Click's runcount stop protocol with an
// optional DriverManager, and calls handed over from other threads.
#include "snf/click/router.hh"

namespace snf::click {

namespace {
// Click's floor for the runcount, so repeated stop requests cannot overflow it.
constexpr int32_t stop_runcount_floor = -0x7FFFFFFF;
// Set while this thread runs handed-over calls, so a call that hands over another one
// runs it at once instead of waiting for itself.
thread_local bool running_calls = false;
}  // namespace

void Router::adjust_runcount(int32_t delta) noexcept {
    int32_t old_value = runcount_.load();
    int32_t new_value;
    do {
        int64_t v = int64_t(old_value) + delta;
        if (v > 0x7FFFFFFF)
            v = 0x7FFFFFFF;
        if (v < stop_runcount_floor)
            v = stop_runcount_floor;
        new_value = int32_t(v);
    } while (!runcount_.compare_exchange_weak(old_value, new_value));
    if (new_value <= 0)
        scheduler_.wake();
}

void Router::set_runcount(int32_t value) noexcept {
    runcount_.store(value);
    if (value <= 0)
        scheduler_.wake();
}

bool Router::set_driver_manager(Element* owner, std::function<bool()> step) {
    if (driver_manager_ && driver_manager_ != owner)
        return false;
    driver_manager_ = owner;
    driver_step_ = std::move(step);
    return true;
}

bool Router::check_driver() {
    if (runcount_.load() > 0)
        return true;
    // Each step hands one stop event to the DriverManager's script; Click allows 1000.
    if (driver_step_)
        for (int i = 0; i < 1000 && runcount_.load() <= 0; ++i)
            if (!driver_step_())
                break;
    return runcount_.load() > 0;
}

Router::RunOutcome Router::run(uint64_t max_rounds) {
    if (state_ != State::live)
        return RunOutcome::not_initialized;
    if (stopped_.load())
        return RunOutcome::stopped;
    {
        std::lock_guard<std::mutex> lock(gate_);
        loop_active_ = true;
        loop_thread_ = std::this_thread::get_id();
    }
    const bool bounded = max_rounds != UINT64_MAX;
    RunOutcome outcome = RunOutcome::rounds_done;
    for (uint64_t round = 0; round < max_rounds; ++round) {
        if (runcount_.load(std::memory_order_relaxed) <= 0 && !check_driver()) {
            outcome = RunOutcome::stopped;
            break;
        }
        if (calls_pending_.load(std::memory_order_relaxed))
            drain_calls();
        scheduler_.run_round(!bounded);
    }
    if (outcome == RunOutcome::rounds_done && runcount_.load() <= 0 && !check_driver())
        outcome = RunOutcome::stopped;
    if (outcome == RunOutcome::stopped)
        stopped_.store(true);
    {
        std::lock_guard<std::mutex> lock(gate_);
        loop_active_ = false;
        loop_thread_ = std::thread::id();
    }
    drain_calls();
    return outcome;
}

void Router::drain_calls() {
    std::unique_lock<std::mutex> lock(gate_);
    // Calls run with the gate held: a caller that found no active loop runs its call
    // inline under the same gate, so two calls never overlap.
    while (!calls_.empty()) {
        PendingCall* call = calls_.front();
        calls_.pop_front();
        running_calls = true;
        (*call->fn)();
        running_calls = false;
        call->done = true;
    }
    calls_pending_.store(false);
    calls_done_.notify_all();
}

void Router::call_on_router_thread(const std::function<void()>& fn) {
    if (running_calls) {
        fn();
        return;
    }
    std::unique_lock<std::mutex> lock(gate_);
    if (loop_active_ && loop_thread_ == std::this_thread::get_id()) {
        lock.unlock();
        fn();
        return;
    }
    if (!loop_active_) {
        fn();
        return;
    }
    PendingCall call{&fn, false};
    calls_.push_back(&call);
    calls_pending_.store(true);
    scheduler_.wake();
    calls_done_.wait(lock, [&] { return call.done; });
}

}  // namespace snf::click
