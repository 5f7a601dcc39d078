// Scheduler: the task list, the timer heap and poll()-based descriptor watching.
//
// Costs on the busy path matter (a source pushing a packet per task run means a round
// per packet), so while tasks are scheduled the clock is read and descriptors polled only
// every few rounds; an idle scheduler checks everything every round and sleeps in poll().
#include "snf/click/scheduler.hh"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace snf::click {
namespace {

// While tasks keep the scheduler busy, timers are checked and descriptors polled once in
// this many rounds.
constexpr uint64_t busy_check_interval = 16;
// A task with many tickets runs at most this many times per round.
constexpr int max_runs_per_round = 32;

}  // namespace

Scheduler::Scheduler() : coarse_now_(Timer::Clock::now()) {
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

Scheduler::~Scheduler() {
    while (head_)
        unlink_task(head_);
    for (Timer* t : timers_)
        t->heap_index_ = Timer::npos;
    timers_.clear();
    if (wake_fd_ >= 0)
        close(wake_fd_);
}

void Scheduler::wake() noexcept {
    if (wake_fd_ >= 0) {
        uint64_t one = 1;
        ssize_t r = write(wake_fd_, &one, sizeof one);
        (void)r;
    }
}

// ---- Tasks ------------------------------------------------------------------------------

void Scheduler::link_task(Task* t) noexcept {
    t->prev_ = tail_;
    t->next_ = nullptr;
    if (tail_)
        tail_->next_ = t;
    else
        head_ = t;
    tail_ = t;
    t->scheduled_ = true;
    ++nscheduled_;
}

void Scheduler::unlink_task(Task* t) noexcept {
    if (t->prev_)
        t->prev_->next_ = t->next_;
    else
        head_ = t->next_;
    if (t->next_)
        t->next_->prev_ = t->prev_;
    else
        tail_ = t->prev_;
    t->prev_ = t->next_ = nullptr;
    t->scheduled_ = false;
    --nscheduled_;
}

void Scheduler::run_tasks() {
    // Tasks rescheduled during the round go to the back and wait for the next round.
    std::size_t n = nscheduled_;
    while (n-- > 0 && head_) {
        Task* t = head_;
        t->credit_ += t->tickets_;
        if (t->credit_ < Task::default_tickets) {
            // Too few tickets to run this round: keep its place for a later one.
            unlink_task(t);
            link_task(t);
            continue;
        }
        for (int runs = 0; runs < max_runs_per_round && t->credit_ >= Task::default_tickets; ++runs) {
            t->credit_ -= Task::default_tickets;
            if (t->scheduled_)
                unlink_task(t);
            t->fire();
            if (!t->scheduled_)
                break;
        }
        if (t->credit_ > Task::max_tickets)
            t->credit_ = Task::max_tickets;
    }
}

// ---- Timers -----------------------------------------------------------------------------

void Scheduler::place(std::size_t i, Timer* t) noexcept {
    timers_[i] = t;
    t->heap_index_ = i;
}

void Scheduler::sift_up(std::size_t i) noexcept {
    Timer* t = timers_[i];
    while (i > 0) {
        std::size_t parent = (i - 1) / 2;
        if (!(t->expiry_ < timers_[parent]->expiry_))
            break;
        place(i, timers_[parent]);
        i = parent;
    }
    place(i, t);
}

void Scheduler::sift_down(std::size_t i) noexcept {
    Timer* t = timers_[i];
    const std::size_t n = timers_.size();
    while (true) {
        std::size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && timers_[child + 1]->expiry_ < timers_[child]->expiry_)
            ++child;
        if (!(timers_[child]->expiry_ < t->expiry_))
            break;
        place(i, timers_[child]);
        i = child;
    }
    place(i, t);
}

void Scheduler::add_timer(Timer* t) {
    timers_.push_back(t);
    sift_up(timers_.size() - 1);
}

void Scheduler::remove_timer(Timer* t) noexcept {
    std::size_t i = t->heap_index_;
    t->heap_index_ = Timer::npos;
    Timer* last = timers_.back();
    timers_.pop_back();
    if (last != t) {
        place(i, last);
        sift_up(i);
        sift_down(last->heap_index_);
    }
}

void Scheduler::run_timers() {
    coarse_now_ = Timer::Clock::now();
    // Bounded so a timer that keeps rescheduling itself into the past cannot starve tasks.
    for (int budget = 256; budget > 0 && !timers_.empty(); --budget) {
        Timer* t = timers_.front();
        if (t->expiry_ > coarse_now_)
            break;
        remove_timer(t);
        t->fire();
    }
}

// ---- Descriptors ------------------------------------------------------------------------

void Scheduler::set_select(int fd, int mask, SelectCallback callback) {
    if (fd < 0)
        return;
    if (mask == 0 || !callback) {
        remove_select(fd);
        return;
    }
    for (Select& s : selects_)
        if (s.fd == fd) {
            s.mask = mask;
            s.callback = std::move(callback);
            pollfds_dirty_ = true;
            return;
        }
    selects_.push_back({fd, mask, std::move(callback)});
    pollfds_dirty_ = true;
}

void Scheduler::remove_select(int fd) {
    auto it = std::remove_if(selects_.begin(), selects_.end(), [fd](const Select& s) { return s.fd == fd; });
    if (it != selects_.end()) {
        selects_.erase(it, selects_.end());
        pollfds_dirty_ = true;
    }
}

void Scheduler::poll_fds(int timeout_ms) {
    if (pollfds_dirty_) {
        pollfds_.clear();
        if (wake_fd_ >= 0)
            pollfds_.push_back({wake_fd_, POLLIN, 0});
        for (const Select& s : selects_)
            pollfds_.push_back({s.fd, short(((s.mask & select_read) ? POLLIN : 0) |
                                             ((s.mask & select_write) ? POLLOUT : 0)),
                                0});
        pollfds_dirty_ = false;
    }
    if (pollfds_.empty())
        return;
    int n = poll(pollfds_.data(), nfds_t(pollfds_.size()), timeout_ms);
    if (n <= 0)
        return;
    // Callbacks may change the registrations, so collect the ready ones first.
    std::vector<std::pair<int, int>> ready;
    for (const pollfd& p : pollfds_) {
        if (!p.revents)
            continue;
        if (p.fd == wake_fd_) {
            uint64_t value;
            while (read(wake_fd_, &value, sizeof value) > 0) {
            }
            continue;
        }
        int mask = 0;
        if (p.revents & (POLLIN | POLLHUP | POLLERR))
            mask |= select_read;
        if (p.revents & (POLLOUT | POLLERR))
            mask |= select_write;
        ready.emplace_back(p.fd, mask);
    }
    for (auto [fd, mask] : ready) {
        for (std::size_t i = 0; i < selects_.size(); ++i)
            if (selects_[i].fd == fd) {
                // Copy: the callback may remove its own registration.
                SelectCallback callback = selects_[i].callback;
                callback(fd, mask & selects_[i].mask ? mask & selects_[i].mask : mask);
                break;
            }
    }
}

int Scheduler::sleep_timeout_ms(bool may_block, std::chrono::milliseconds max_sleep) const {
    if (!may_block || nscheduled_ > 0)
        return 0;
    auto limit = max_sleep;
    if (!timers_.empty()) {
        auto until = std::chrono::duration_cast<std::chrono::milliseconds>(timers_.front()->expiry_ -
                                                                           Timer::Clock::now()) +
                     std::chrono::milliseconds(1);
        if (until < limit)
            limit = until;
    }
    return limit.count() < 0 ? 0 : int(limit.count());
}

void Scheduler::run_round(bool may_block, std::chrono::milliseconds max_sleep) {
    ++rounds_;
    if (head_)
        run_tasks();
    const bool busy = nscheduled_ > 0;
    if (busy && rounds_ % busy_check_interval != 0)
        return;
    run_timers();
    if (!selects_.empty() || (!busy && may_block))
        poll_fds(sleep_timeout_ms(may_block, max_sleep));
    if (!busy)
        run_timers();
}

}  // namespace snf::click
