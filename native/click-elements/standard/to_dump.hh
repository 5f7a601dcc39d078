// ToDump: writes the packets it receives to a pcap ("tcpdump") file.
//
//   ToDump(FILENAME [, SNAPLEN, ENCAP])
//
// FILENAME (string): the file to create ("-" for standard output). SNAPLEN (unsigned,
// default 2000): bytes of each packet kept (0 = all). ENCAP (ETHER or IP, default
// ETHER): the link type recorded in the header (Ethernet, or raw IPv4 as LINKTYPE_RAW).
// Records use microsecond timestamps taken from each packet's timestamp annotation
// (the current time when it is zero).
// Ports: one push input; an optional push output gets every packet after it is written.
//
// Handlers: count (read) packets written.
#pragma once

#include <cstdio>
#include <string>

#include "snf/click/element.hh"

namespace snf::click {

class ToDump : public Element {
public:
    ~ToDump() override;
    const char* class_name() const override { return "ToDump"; }
    const char* port_count() const override { return "1/0-1"; }
    const char* processing() const override { return "h/h"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;
    void push(int port, Packet* p) override;

private:
    void close_file();

    std::string filename_;
    uint32_t snaplen_ = 2000;
    uint32_t link_type_ = 1;
    std::FILE* file_ = nullptr;
    std::string write_buffer_;
    uint64_t count_ = 0;
};

}  // namespace snf::click
