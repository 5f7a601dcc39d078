// SimpleQueue: stores pushed packets in a first-in first-out queue for pulling.
//
//   SimpleQueue([CAPACITY])
//
// CAPACITY (unsigned, default 1000): packets held at most; a packet pushed into a full
// queue is dropped (the first drop prints "NAME :: CLASS: overflow").
// Ports: one push input, one pull output. The queue's empty notifier is active while it
// holds packets, so pullers such as Unqueue sleep while it is empty.
//
// Handlers: length, highwater_length, drops (read); capacity (read/write);
// reset_counts (write) zeroes drops and highwater_length; reset (write) drops every
// queued packet. The config handler is writable (the capacity can change live).
#pragma once

#include <vector>

#include "snf/click/element.hh"
#include "snf/click/notifier.hh"

namespace snf::click {

class SimpleQueue : public Element {
public:
    const char* class_name() const override { return "SimpleQueue"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "h/l"; }
    bool can_live_reconfigure() const override { return true; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;

    void push(int port, Packet* p) override;
    Packet* pull(int port) override;
    NotifierSignal* empty_signal(int port) override { return &nonempty_; }

    uint32_t size() const noexcept { return size_; }
    uint32_t capacity() const noexcept { return capacity_; }
    uint64_t drops() const noexcept { return drops_; }

private:
    void set_capacity(uint32_t capacity);
    void clear();
    bool initialized_ring() const noexcept { return !ring_.empty(); }

    std::vector<Packet*> ring_;
    uint32_t head_ = 0;
    uint32_t size_ = 0;
    uint32_t capacity_ = 1000;
    uint32_t highwater_ = 0;
    uint64_t drops_ = 0;
    NotifierSignal nonempty_;
};

}  // namespace snf::click
