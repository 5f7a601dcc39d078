// Discard: drops every packet it receives.
//
//   Discard([ACTIVE, BURST])
//
// Ports: one agnostic input, no outputs. Pushed packets are freed at once. When its
// input is pull, a task pulls and frees up to BURST packets (default 1) per run while
// ACTIVE (default true), sleeping while the upstream queue is empty.
//
// Handlers: count (read) packets dropped; reset_counts (write) zeroes it;
// active (read/write) the pull task's state.
#pragma once

#include "snf/click/element.hh"
#include "snf/click/task.hh"

namespace snf::click {

class Discard : public Element {
public:
    Discard();
    const char* class_name() const override { return "Discard"; }
    const char* port_count() const override { return "1/0"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void add_handlers() override;

    void push(int port, Packet* p) override;
    bool run_task(Task* task) override;

private:
    Task task_;
    NotifierSignal* signal_ = nullptr;
    uint64_t count_ = 0;
    uint32_t burst_ = 1;
    bool active_ = true;
};

}  // namespace snf::click
