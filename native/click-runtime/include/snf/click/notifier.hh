// NotifierSignal: Click's empty/nonempty notification, reduced to what a single-threaded
// router needs. A queue keeps its signal active while it holds packets; a puller (Unqueue,
// a pull-mode Discard) that finds nothing sleeps as a listener and is rescheduled when the
// signal becomes active again, instead of polling an empty queue.
#pragma once

#include <algorithm>
#include <vector>

#include "snf/click/task.hh"

namespace snf::click {

class NotifierSignal {
public:
    bool active() const noexcept { return active_; }

    void set_active(bool active) {
        if (active && !active_) {
            active_ = true;
            for (Task* t : listeners_)
                t->reschedule();
        } else {
            active_ = active;
        }
    }

    void add_listener(Task* task) {
        if (std::find(listeners_.begin(), listeners_.end(), task) == listeners_.end())
            listeners_.push_back(task);
    }
    void remove_listener(Task* task) {
        listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), task), listeners_.end());
    }

private:
    bool active_ = false;
    std::vector<Task*> listeners_;
};

}  // namespace snf::click
