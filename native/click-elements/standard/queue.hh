// Queue: stores pushed packets in a first-in first-out queue for pulling, and tells
// pullers when it becomes nonempty (Click's Queue: a SimpleQueue with notifiers; every
// queue here has them).
//
//   Queue([CAPACITY])
//
// CAPACITY (unsigned, default 1000). Ports, handlers and behaviour as SimpleQueue:
// length, highwater_length, drops (read); capacity (read/write); reset_counts, reset
// (write).
#pragma once

#include "simple_queue.hh"

namespace snf::click {

class Queue : public SimpleQueue {
public:
    const char* class_name() const override { return "Queue"; }
};

}  // namespace snf::click
