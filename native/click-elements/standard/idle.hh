// Idle: never produces a packet and frees any it receives.
//
//   Idle
//
// Ports: any number of agnostic inputs and outputs; packets never flow between them.
// Pulling from an Idle returns nothing, and its empty notifier is never active, so
// downstream pullers sleep.
//
// Handlers: only the standard ones.
#pragma once

#include "snf/click/element.hh"
#include "snf/click/notifier.hh"

namespace snf::click {

class Idle : public Element {
public:
    const char* class_name() const override { return "Idle"; }
    const char* port_count() const override { return "-/-"; }
    const char* processing() const override { return "a/a"; }
    const char* flow_code() const override { return "x/y"; }

    void push(int port, Packet* p) override;
    Packet* pull(int port) override;
    NotifierSignal* empty_signal(int port) override { return &never_; }

private:
    NotifierSignal never_;
};

}  // namespace snf::click
