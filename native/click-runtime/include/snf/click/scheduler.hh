// Scheduler: the router's single-threaded event loop, like one Click RouterThread. A
// round runs each scheduled task once (by tickets), the expired timers, and the file
// descriptors that became ready. When no task is scheduled a blocking round sleeps in
// poll() until the next timer, a ready descriptor, or wake() from another thread or a
// signal handler.
#pragma once

#include <poll.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "snf/click/task.hh"
#include "snf/click/timer.hh"

namespace snf::click {

class Scheduler {
public:
    enum : int { select_read = 1, select_write = 2 };
    using SelectCallback = std::function<void(int fd, int ready_mask)>;

    Scheduler();
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // One round. With may_block, an idle round waits for the next event (at most
    // max_sleep); without, it never sleeps.
    void run_round(bool may_block, std::chrono::milliseconds max_sleep = std::chrono::milliseconds(1000));
    uint64_t rounds() const noexcept { return rounds_; }

    // Interrupts a blocking round. Safe from any thread and from signal handlers.
    void wake() noexcept;

    // Watches `fd` for the events in mask (select_read | select_write); replaces an
    // earlier registration of the same fd. A zero mask removes it.
    void set_select(int fd, int mask, SelectCallback callback);
    void remove_select(int fd);

    std::size_t scheduled_tasks() const noexcept { return nscheduled_; }
    std::size_t scheduled_timers() const noexcept { return timers_.size(); }
    // The time of the latest timer check (cheap for per-packet use).
    Timer::Clock::time_point coarse_now() const noexcept { return coarse_now_; }
    // The same, as a reference elements can keep and read per packet.
    const Timer::Clock::time_point& coarse_now_ref() const noexcept { return coarse_now_; }

private:
    friend class Task;
    friend class Timer;

    void link_task(Task* t) noexcept;
    void unlink_task(Task* t) noexcept;
    void add_timer(Timer* t);
    void remove_timer(Timer* t) noexcept;
    void sift_up(std::size_t i) noexcept;
    void sift_down(std::size_t i) noexcept;
    void place(std::size_t i, Timer* t) noexcept;

    void run_tasks();
    void run_timers();
    void poll_fds(int timeout_ms);
    int sleep_timeout_ms(bool may_block, std::chrono::milliseconds max_sleep) const;

    Task* head_ = nullptr;
    Task* tail_ = nullptr;
    std::size_t nscheduled_ = 0;
    std::vector<Timer*> timers_;  // min-heap on expiry
    Timer::Clock::time_point coarse_now_;

    struct Select {
        int fd;
        int mask;
        SelectCallback callback;
    };
    std::vector<Select> selects_;
    std::vector<pollfd> pollfds_;
    bool pollfds_dirty_ = true;
    int wake_fd_ = -1;
    uint64_t rounds_ = 0;
};

}  // namespace snf::click
