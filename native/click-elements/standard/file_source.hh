// FileSource: what the elements that replay a file share (FromDump, FromIPSummaryDump).
// A file is read packet by packet: pushed by a task, BURST packets per run, or pulled;
// every packet is counted; at the end of the file the driver is asked to stop when STOP
// was given. Subclasses say how to open, rewind and read their format.
//
// Handlers: count (read); reset (write) rewinds to the first packet and zeroes count;
// active (read/write); and the task's handlers when the output is push.
#pragma once

#include <cstdint>

#include "snf/click/element.hh"
#include "snf/click/task.hh"

namespace snf::click {

class FileSource : public Element {
public:
    FileSource() : task_(this) {}
    const char* port_count() const override { return "0/1"; }
    const char* processing() const override { return "a/a"; }

    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override { close_file(); }
    void add_handlers() override;

    bool run_task(Task* task) override;
    Packet* pull(int port) override;

protected:
    // Opens the file (again) at its first packet and clears at_end_.
    virtual int open_file(ErrorHandler* errh) = 0;
    virtual void close_file() = 0;
    // The next packet, or null at the end of the file.
    virtual Packet* read_packet() = 0;
    // Rewinds for the reset handler; a format that cannot reread its input says why.
    virtual int rewind(ErrorHandler* errh) { return open_file(errh); }

    // Marks the end of the file and stops the driver when STOP was given.
    void finish();
    // Schedules the task again if there is anything left to push.
    void restart();

    Task task_;
    bool stop_ = false;
    bool active_ = true;
    uint32_t burst_ = 1;
    bool at_end_ = false;
    bool stop_requested_ = false;
    uint64_t count_ = 0;
};

}  // namespace snf::click
