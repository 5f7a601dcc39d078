// FTPPortMapper: lets active-mode FTP through a rewriter by mapping the data connection
// a PORT (or EPRT) command announces and rewriting the command to the mapped address.
//
//   FTPPortMapper(CONTROL_REWRITER, DATA_REWRITER, DATA_REWRITER_INPUT)
//
// Takes FTP control packets (client to server, IP header annotation set) before they
// reach CONTROL_REWRITER, a TCPRewriter or IPRewriter that already maps the control
// connection. For "PORT h1,h2,h3,h4,p1,p2" (or "EPRT |1|a.b.c.d|port|"), the first
// command in the segment, it creates (or finds) in DATA_REWRITER, through input spec
// DATA_REWRITER_INPUT, the mapping of the data flow (h1.h2.h3.h4:port -> server:control
// port - 1), rewrites the command with the mapped address and port, fixes the IP length
// and checksums, and asks CONTROL_REWRITER to shift the connection's later sequence
// numbers (and the peer's acks and SACK blocks) by the change in length. Passive mode
// (PASV/EPSV replies from an outside server) needs no rewriting: the client's data
// connection is an ordinary new outgoing flow.
//
// Ports: one agnostic input, one agnostic output. Other packets pass unchanged.
// Handlers: rewrites (read) commands rewritten so far.
#pragma once

#include <cstdint>

#include "snf/click/element.hh"

namespace snf::click {

class IPRewriterBase;

class FTPPortMapper : public Element {
public:
    const char* class_name() const override { return "FTPPortMapper"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "a/a"; }
    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    void add_handlers() override;
    Packet* simple_action(Packet* p) override;

private:
    IPRewriterBase* control_ = nullptr;
    IPRewriterBase* data_ = nullptr;
    int data_input_ = 0;
    uint64_t rewrites_ = 0;
};

}  // namespace snf::click
