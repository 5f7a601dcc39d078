// ToIPSummaryDump: writes one line of text per packet, in Click's IP summary dump
// format, to a file.
//
//   ToIPSummaryDump(FILENAME [, CONTENTS/FIELDS, BANNER, HEADER, DATA, VERBOSE])
//
// FILENAME (string): the file to create ("-" for standard output). CONTENTS or FIELDS
// (space-separated field names, default "timestamp ip_src"): the fields of each line;
// see ip_summary_fields.hh for the names (timestamp, ts_sec, ts_usec, ip_src, ip_dst,
// sport, dport, ip_proto, ip_len, ip_id, ip_ttl, ip_tos, ip_frag, ip_fragoff, ip_sum,
// payload_len, payload, tcp_flags, tcp_seq, tcp_ack, tcp_window, tcp_opt, udp_len,
// icmp_type, icmp_code, count, link, direction, and short synonyms like src, dst, proto,
// len). Values are written as Click writes them: payloads as double-quoted C strings
// (cp_quote: \n, \t, \r, \", \\, \$ and octal escapes), TCP flags as letters from
// FSRPAUECN ("." for none), TCP options in Click's notation ("." for none, "?" when
// malformed; see ip_summary_fields.hh). Unknown or unsupported
// fields are a configuration error. BANNER (string): written as the "!creator" line
// instead of the element's declaration. HEADER (bool, default true): write the
// "!IPSummaryDump 1.3" and "!creator" lines. DATA (bool, default true): write the
// "!data ..." line naming the fields. VERBOSE (bool): accepted; a "!runtime" line is
// added when true. Missing values print as "-".
// Ports: one push input; an optional push output gets every packet after it is written.
//
// Handlers: count (read) lines written; flush (write) flushes the file.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "ip_summary_fields.hh"
#include "snf/click/element.hh"

namespace snf::click {

class ToIPSummaryDump : public Element {
public:
    ~ToIPSummaryDump() override;
    const char* class_name() const override { return "ToIPSummaryDump"; }
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
    std::vector<SummaryField> fields_;
    std::string banner_;
    bool header_ = true;
    bool data_line_ = true;
    bool verbose_ = false;
    std::FILE* file_ = nullptr;
    uint64_t count_ = 0;
    std::string line_;
};

}  // namespace snf::click
