// ToDump: writes the packets it receives to a pcap ("tcpdump -w") file.
//
//   ToDump(FILENAME [, SNAPLEN, ENCAP, keywords USE_ENCAP_FROM, EXTRA_LENGTH, UNBUFFERED,
//          NANO])
//
// FILENAME (string): the file to create ("-" for standard output). SNAPLEN (unsigned,
// default 2000): bytes of each packet kept (0 = all). ENCAP (word, default ETHER): the
// link type recorded in the header: ETHER, IP (raw IP, LINKTYPE_RAW), FDDI, ATM, 802_11,
// SLL, AIRONET, HDLC, PPP_HDLC, PPP, SUNATM, PRISM or NULL. USE_ENCAP_FROM (element
// names, space-separated): take the link type from those elements' encap handlers
// (FromDump has one) at initialization; they must agree; exclusive with ENCAP.
// EXTRA_LENGTH (bool, default true): record each packet's original length as its length
// plus its extra length annotation (set by FromDump for cut captures). UNBUFFERED (bool,
// default false): every record reaches the file before the packet moves on, so readers
// see it at once. NANO (bool, default false): nanosecond timestamps (pcap's nanosecond
// magic) instead of microseconds.
// Records take their timestamps from the packets' timestamp annotations (the current
// time when it is zero). Configured after the default phase, so FromDump elements named
// in USE_ENCAP_FROM are ready.
// Ports: one agnostic input; an optional agnostic output that gets every packet after
// it is written. Pushed packets are written as they arrive; pulled from the output, a
// packet is pulled from the input and written; with a pull input and no output a task
// pulls packets (sleeping while the upstream's empty signal says there are none).
//
// Handlers: count (read) packets written; reset_counts (write) zeroes count; filename
// (read); and the task's handlers when a task pulls.
#pragma once

#include <cstdio>
#include <string>

#include "snf/click/element.hh"
#include "snf/click/task.hh"

namespace snf::click {

class NotifierSignal;

class ToDump : public Element {
public:
    ToDump() : task_(this) {}
    ~ToDump() override;
    const char* class_name() const override { return "ToDump"; }
    const char* port_count() const override { return "1/0-1"; }
    const char* processing() const override { return "a/a"; }
    int configure_phase() const override { return configure_phase_default + 100; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;
    void push(int port, Packet* p) override;
    Packet* pull(int port) override;
    bool run_task(Task* task) override;

private:
    // The link type the USE_ENCAP_FROM elements agree on.
    int link_type_from_elements(ErrorHandler* errh);
    void write_packet(const Packet* p);
    void close_file();

    std::string filename_;
    uint32_t snaplen_ = 2000;
    uint32_t link_type_ = 1;
    std::string use_encap_from_;
    bool extra_length_ = true;
    bool unbuffered_ = false;
    bool nano_ = false;

    std::FILE* file_ = nullptr;
    std::string write_buffer_;
    uint64_t count_ = 0;
    Task task_;
    NotifierSignal* signal_ = nullptr;
};

}  // namespace snf::click
