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

#include "packet_source.hh"
#include "snf/click/task.hh"

namespace snf::click {

class InfiniteSource : public PacketSource {
public:
    InfiniteSource();
    const char* class_name() const override { return "InfiniteSource"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;

    bool run_task(Task* task) override;
    Packet* pull(int port) override;

private:
    bool rebuild_template() { return template_.build(data_, length_); }
    void restart() override;
    void pause() override { task_.unschedule(); }

    Task task_;
    std::string data_;
    int64_t length_ = -1;  // -1: the length of data_
    uint32_t burst_ = 1;
    bool timestamp_ = true;
    PacketTemplate template_;
};

}  // namespace snf::click
