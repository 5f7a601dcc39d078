// InfiniteSource: generates copies of one packet, as fast as it is asked for them.
//
//   InfiniteSource([DATA, LIMIT, BURST, ACTIVE, STOP, LENGTH, TIMESTAMP])
//
// DATA (string): the packet contents (default: Click's 69-byte filler text). LENGTH
// (unsigned): repeat or cut DATA to this many bytes. LIMIT (integer, default -1 = no
// limit): packets generated in all. BURST (unsigned, default 1): packets per task run.
// ACTIVE (bool, default true). STOP (bool, default false): ask the driver to stop once
// LIMIT packets went out. TIMESTAMP (bool, default true): stamp each packet with the
// current time.
// Ports: no inputs, one agnostic output. Pushing: a task emits BURST packets per run.
// Pulled: each pull returns a packet until LIMIT.
//
// Handlers: count (read) packets generated; reset (write) zeroes count and restarts;
// data, length, limit, burst, active (read/write).
#pragma once

#include <string>

#include "snf/click/element.hh"
#include "snf/click/task.hh"

namespace snf::click {

class InfiniteSource : public Element {
public:
    InfiniteSource();
    ~InfiniteSource() override;
    const char* class_name() const override { return "InfiniteSource"; }
    const char* port_count() const override { return "0/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;

    bool run_task(Task* task) override;
    Packet* pull(int port) override;

private:
    bool limit_reached() const noexcept { return limit_ >= 0 && count_ >= uint64_t(limit_); }
    Packet* make_packet();
    bool rebuild_template();
    void restart();

    Task task_;
    std::string data_;
    int64_t length_ = -1;  // -1: the length of data_
    int64_t limit_ = -1;
    uint32_t burst_ = 1;
    bool active_ = true;
    bool stop_ = false;
    bool timestamp_ = true;
    bool stop_requested_ = false;
    uint64_t count_ = 0;
    Packet* template_ = nullptr;
};

}  // namespace snf::click
