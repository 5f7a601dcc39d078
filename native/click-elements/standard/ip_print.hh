// IPPrint: prints a tcpdump-like line describing each IPv4 packet to standard error,
// then passes the packet on.
//
//   IPPrint([LABEL, CONTENTS, PAYLOAD, MAXLENGTH, ID, TTL, TOS, LENGTH, TIMESTAMP,
//            PAINT, ACTIVE])
//
// LABEL (string): printed first, followed by ": ". TIMESTAMP (bool, default true): the
// timestamp annotation, then ": ". ID, TTL, TOS, LENGTH (bool, default false): print
// "id N ", "ttl N ", "tos N ", "length N " before the addresses. PAINT (bool): print
// "paint N ". Then, by protocol:
//   TCP   "src.sport > dst.dport: FLAGS seq:seqend(datalen) ack N win N"
//         (FLAGS letters S F R P U, or '.' when none of them is set)
//   UDP   "src.sport > dst.dport: udp datalen"
//   ICMP  "src > dst: icmp: echo request" (type names for common types)
//   other "src > dst: ip-proto-N datalen"; later fragments add "(frag id:len@offset)".
// Packets without a readable IPv4 header print "truncated-ip" or "not-ip".
// CONTENTS (false, HEX or ASCII; default false): also dump the packet bytes from the
// IP header on following lines. PAYLOAD (false, HEX or ASCII): dump only the transport
// payload instead. MAXLENGTH (integer, default 1500; -1 = all): bytes dumped. ACTIVE
// (bool, default true).
// Ports: one agnostic input, one agnostic output.
//
// Handlers: active (read/write).
#pragma once

#include <string>

#include "snf/click/element.hh"

namespace snf::click {

class IPPrint : public Element {
public:
    const char* class_name() const override { return "IPPrint"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

private:
    enum class Dump : uint8_t { none, hex, ascii };
    // Appends the protocol-specific description of an IPv4 packet.
    void describe(const unsigned char* ip, uint32_t available, std::string& out) const;
    void dump_bytes(const unsigned char* data, uint32_t length, Dump mode, std::string& out) const;

    std::string label_;
    Dump contents_ = Dump::none;
    Dump payload_ = Dump::none;
    int64_t max_length_ = 1500;
    bool print_id_ = false;
    bool print_ttl_ = false;
    bool print_tos_ = false;
    bool print_length_ = false;
    bool print_timestamp_ = true;
    bool print_paint_ = false;
    bool active_ = true;
};

}  // namespace snf::click
