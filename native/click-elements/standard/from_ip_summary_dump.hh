// FromIPSummaryDump: reads packet descriptions from a text file in Click's IP summary
// dump format and synthesizes IPv4 packets from them.
//
//   FromIPSummaryDump(FILENAME [, STOP, ACTIVE, ZERO, CHECKSUM, PROTO, FIELDS/CONTENTS,
//                     TIMING, MULTIPACKET])
//
// FILENAME (string): the dump ("-" for standard input). A "!data <fields>" line names
// the fields of the lines after it (ip_summary_fields.hh lists the names); lines
// starting with '!' or '#' are otherwise ignored, and a "-" value means absent. FIELDS
// or CONTENTS (field list): the fields to assume before any "!data" line. STOP (bool,
// default false): ask the driver to stop at the end of the file. ACTIVE (bool, default
// true). ZERO (bool, default true): bytes the dump does not define are zero (false is
// accepted; they are zero anyway). CHECKSUM (bool, default false): accepted; packets
// always cover their whole IP length and carry correct IP, TCP, UDP and ICMP checksums.
// PROTO (0-255, default 6 = TCP): the protocol of lines without one. TIMING and
// MULTIPACKET: only false is supported.
// Packets: a 20-byte IP header, then a TCP header (20 bytes plus the tcp_opt options,
// EOL-padded to whole words; tcp_flags may include NS), an 8-byte UDP header or an
// 8-byte ICMP header (icmp_type, icmp_code; default 0 0), none for later fragments and
// other protocols, then the payload (the "payload" field's bytes, a double-quoted C
// string, else payload_len or ip_len worth of zeros). The timestamp, paint
// ("link"/"direction"), destination IP, header and extra-packets ("count")
// annotations are set. Lines that cannot be read are skipped with a warning.
// Ports: no inputs, one agnostic output.
//
// Handlers: count (read) packets emitted; reset (write) rereads from the start;
// active (read/write).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "ip_summary_fields.hh"
#include "file_source.hh"

namespace snf::click {

class FromIPSummaryDump : public FileSource {
public:
    FromIPSummaryDump();
    ~FromIPSummaryDump() override;
    const char* class_name() const override { return "FromIPSummaryDump"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
private:
    int open_file(ErrorHandler* errh) override;
    void close_file() override;
    // The standard input ("-") cannot be reread.
    int rewind(ErrorHandler* errh) override;
    // The packet of the next data line, or null at the end of the file.
    Packet* read_packet() override;
    // Builds a packet from one data line's words; null (with `problem` set) when the
    // line cannot be used.
    Packet* make_packet(const std::vector<std::string>& words, std::string& problem);
    bool read_line(std::string& line);

    std::string filename_;
    std::vector<SummaryField> default_fields_;
    std::vector<SummaryField> fields_;
    uint8_t default_proto_ = 6;

    std::FILE* file_ = nullptr;
    uint64_t line_number_ = 0;
};

}  // namespace snf::click
