// Task: a unit of scheduled work, as in Click. A scheduled task runs once per scheduler
// round (more or less often in proportion to its tickets, ScheduleInfo-style: 1024 is
// the default share). Running unschedules it; the callback calls fast_reschedule() to
// run again next round, or leaves it unscheduled to sleep until something (a notifier,
// a handler) reschedules it.
#pragma once

#include <functional>

namespace snf::click {

class Element;
class Router;
class Scheduler;

class Task {
public:
    static constexpr int default_tickets = 1024;
    static constexpr int max_tickets = 32768;

    // A task that calls owner->run_task(this).
    explicit Task(Element* owner) : owner_(owner) {}
    // A task that calls `callback`; it returns whether it did useful work.
    explicit Task(std::function<bool(Task&)> callback, Element* owner = nullptr)
        : owner_(owner), callback_(std::move(callback)) {}
    ~Task();
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;

    // Attaches the task to the element's router (or to a scheduler) and optionally
    // schedules it. Must be called (from initialize()) before scheduling.
    void initialize(Element* owner, bool schedule);
    void initialize(Scheduler& scheduler, bool schedule);

    void reschedule();
    void fast_reschedule() { reschedule(); }
    void unschedule();
    bool scheduled() const noexcept { return scheduled_; }
    bool initialized() const noexcept { return scheduler_ != nullptr; }

    int tickets() const noexcept { return tickets_; }
    // Clamped to [1, max_tickets].
    void set_tickets(int tickets) noexcept;

    Element* element() const noexcept { return owner_; }
    // Runs the task's work once (the scheduler calls this).
    bool fire();

private:
    friend class Scheduler;

    Element* owner_ = nullptr;
    std::function<bool(Task&)> callback_;
    Scheduler* scheduler_ = nullptr;
    Task* prev_ = nullptr;
    Task* next_ = nullptr;
    bool scheduled_ = false;
    int tickets_ = default_tickets;
    int credit_ = 0;
};

}  // namespace snf::click
