// Task: attaching to a scheduler, scheduling, tickets and firing.
#include "snf/click/task.hh"

#include "snf/click/element.hh"
#include "snf/click/router.hh"
#include "snf/click/scheduler.hh"

namespace snf::click {

Task::~Task() {
    unschedule();
}

void Task::initialize(Element* owner, bool schedule) {
    if (owner)
        owner_ = owner;
    if (owner_ && owner_->router()) {
        if (int tickets = owner_->router()->task_tickets(owner_->name()))
            set_tickets(tickets);
        initialize(owner_->router()->scheduler(), schedule);
    }
}

void Task::initialize(Scheduler& scheduler, bool schedule) {
    unschedule();
    scheduler_ = &scheduler;
    if (schedule)
        reschedule();
}

void Task::reschedule() {
    if (scheduler_ && !scheduled_)
        scheduler_->link_task(this);
}

void Task::unschedule() {
    if (scheduler_ && scheduled_)
        scheduler_->unlink_task(this);
}

void Task::set_tickets(int tickets) noexcept {
    tickets_ = tickets < 1 ? 1 : tickets > max_tickets ? max_tickets : tickets;
}

bool Task::fire() {
    if (callback_)
        return callback_(*this);
    if (owner_)
        return owner_->run_task(this);
    return false;
}

}  // namespace snf::click
