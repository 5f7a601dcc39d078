// Unqueue: pulls packets from its input and pushes them to its output.
//
//   Unqueue([BURST, ACTIVE, LIMIT])
//
// BURST (unsigned, default 1): packets moved per task run. ACTIVE (bool, default true):
// whether the task runs. LIMIT (integer, default -1 = none): stop after this many
// packets. The task sleeps while an upstream queue is empty.
// Ports: one pull input, one push output.
//
// Handlers: count (read) packets moved; reset (write) zeroes count and restarts;
// active, burst, limit (read/write).
#pragma once

#include "snf/click/element.hh"
#include "snf/click/task.hh"

namespace snf::click {

class Unqueue : public Element {
public:
    Unqueue();
    const char* class_name() const override { return "Unqueue"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "l/h"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void add_handlers() override;
    bool run_task(Task* task) override;

private:
    Task task_;
    NotifierSignal* signal_ = nullptr;
    uint32_t burst_ = 1;
    bool active_ = true;
    int64_t limit_ = -1;
    uint64_t count_ = 0;
};

}  // namespace snf::click
