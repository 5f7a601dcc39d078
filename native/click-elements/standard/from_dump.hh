// FromDump: reads packets from a pcap ("tcpdump") file and emits them.
//
//   FromDump(FILENAME [, STOP, ACTIVE, BURST, FORCE_IP, TIMING, MMAP])
//
// FILENAME (string): the pcap file (microsecond or nanosecond magic, either byte order).
// STOP (bool, default false): ask the driver to stop at the end of the file. ACTIVE
// (bool, default true): emit packets at all. BURST (unsigned, default 1): packets per
// task run when pushing. FORCE_IP (bool, default false): emit only IPv4 packets (others
// are dropped) and always set the IP header annotation. TIMING (bool): only false is
// supported (packets go out as fast as they are taken). MMAP (bool): accepted for
// compatibility; the file is read through a large buffer either way.
// Link types: Ethernet (1) and raw IP (12, 14, 101). Each packet gets its timestamp
// annotation from the file and, when it carries IPv4, its network header annotation.
// A file with a bad header is an initialization error; a truncated or corrupt record
// ends the file with a warning (the packets before it still count).
// Ports: no inputs, one agnostic output.
//
// Handlers: count (read) packets emitted; reset (write) rewinds to the first packet and
// zeroes count; filesize, filepos (read) in bytes; active (read/write); stop (write)
// ends the file now.
#pragma once

#include <cstdio>
#include <string>

#include "file_source.hh"

namespace snf::click {

class FromDump : public FileSource {
public:
    FromDump();
    ~FromDump() override;
    const char* class_name() const override { return "FromDump"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;

private:
    // Opens the file and checks its global header; fills the link type and byte order.
    int open_file(ErrorHandler* errh) override;
    void close_file() override;
    // The next packet from the file that passes FORCE_IP, or null at the end.
    Packet* read_packet() override;

    std::string filename_;
    bool force_ip_ = false;

    std::FILE* file_ = nullptr;
    std::string read_buffer_;
    bool swapped_ = false;
    bool nanosecond_ = false;
    uint32_t link_type_ = 0;
    uint32_t snaplen_ = 0;
    uint64_t file_size_ = 0;
    uint64_t file_pos_ = 0;
};

}  // namespace snf::click
