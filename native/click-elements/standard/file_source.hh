// FileSource: what the elements that replay a file share (FromDump, FromIPSummaryDump).
// A file is read packet by packet: pushed by a task, BURST packets per run, or pulled;
// every packet is counted; at the end of the input end_of_input() runs, which asks the
// driver to stop when STOP was given. A subclass may hold a packet back until its time
// comes (delay_before, for replay at the recorded pace): a timer then wakes the task, or,
// when pulled, the empty signal (active while the source is active and has a packet that
// may go out) so pullers sleep instead of polling. Subclasses say how to open, rewind and
// read their format.
//
// Handlers: count (read); reset (write) rewinds to the first packet and zeroes count;
// active (read/write); and the task's handlers when the output is push.
#pragma once

#include <chrono>
#include <cstdint>

#include "snf/click/element.hh"
#include "snf/click/notifier.hh"
#include "snf/click/task.hh"
#include "snf/click/timer.hh"

namespace snf::click {

class FileSource : public Element {
public:
    FileSource() : task_(this), timer_(this) {}
    const char* port_count() const override { return "0/1"; }
    const char* processing() const override { return "a/a"; }

    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;

    bool run_task(Task* task) override;
    void run_timer(Timer* timer) override;
    Packet* pull(int port) override;
    NotifierSignal* empty_signal(int port) override;

protected:
    // Opens the file (again) at its first packet and clears at_end_.
    virtual int open_file(ErrorHandler* errh) = 0;
    virtual void close_file() = 0;
    // The next packet, or null at the end of the input.
    virtual Packet* read_packet() = 0;
    // Rewinds for the reset handler; a format that cannot reread its input says why.
    virtual int rewind(ErrorHandler* errh) { return open_file(errh); }
    // How long `p`, the next packet to go out, must still wait; zero when it may go now.
    virtual std::chrono::nanoseconds delay_before(const Packet*) { return std::chrono::nanoseconds(0); }
    // What happens when the input ends: by default, the driver is asked to stop once
    // when STOP was given.
    virtual void end_of_input();

    // Marks the end of the input and runs end_of_input().
    void finish();
    // Schedules the task (or wakes pullers) again if there is anything left to emit.
    void restart();
    // Stops emitting until restart().
    void pause();
    // Frees the packet held back by delay_before (when the position in the file moves).
    void drop_held_packet();

    Task task_;
    Timer timer_;
    bool stop_ = false;
    bool active_ = true;
    uint32_t burst_ = 1;
    bool at_end_ = false;
    bool stop_requested_ = false;
    uint64_t count_ = 0;

private:
    // The next packet that may go out now, or null (end of input, or waiting).
    Packet* next_due_packet();

    Packet* held_ = nullptr;
    NotifierSignal signal_;
};

}  // namespace snf::click
