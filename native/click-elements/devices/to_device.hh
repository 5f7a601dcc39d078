// ToDevice: sends packets out a Linux network interface (user-level, through a packet
// socket).
//
//   ToDevice(DEVNAME [, BURST, keywords BURST])
//
// DEVNAME is an interface name or Ethernet address, as for FromDevice. Packets must
// start with their Ethernet header. With a pull input (a Queue in front, as in Click
// configurations) a task pulls up to BURST (default 16) packets per run and sleeps while
// the queue is empty; a push input sends each packet at once.
//
// When the socket's send buffer is full, a pulled packet is kept and sent as soon as the
// socket is writable again (the queue in front absorbs the burst, as in Click); a pushed
// packet is dropped. A packet the device refuses (its queue is full: ENOBUFS), one longer
// than the device allows, or one shorter than an Ethernet header is dropped and counted.
// Ports: one agnostic input, no outputs.
//
// Handlers: count (read) packets sent; drops (read) packets dropped; reset_counts
// (write); dev_name (read); scheduled, tickets (task).
#pragma once

#include <cstdint>
#include <string>

#include "devices/frame_output.hh"
#include "snf/click/element.hh"
#include "snf/click/task.hh"

namespace snf::click {

class NotifierSignal;

class ToDevice : public Element {
public:
    ToDevice();
    const char* class_name() const override { return "ToDevice"; }
    const char* port_count() const override { return "1/0"; }
    const char* processing() const override { return "a/"; }
    int configure_phase() const override { return configure_phase_privileged; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;
    void push(int port, Packet* p) override;
    bool run_task(Task* task) override;

private:
    void wait_for_room();
    void room_available();

    Task task_;
    NotifierSignal* signal_ = nullptr;
    std::string devname_;
    std::string ifname_;
    int fd_ = -1;
    uint32_t burst_ = 16;
    Packet* held_ = nullptr;  // pulled, waiting for room in the socket
    FrameCounters counters_;
};

}  // namespace snf::click
