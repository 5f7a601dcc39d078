// ControlSocket: serves Click's ControlSocket protocol (control_protocol.hh) on a TCP
// port of the loopback interface and/or a UNIX-domain socket. Everything runs on the
// router's own thread: the sockets are non-blocking and watched by the router's
// Scheduler, so handler calls never race the packet path. Connections and buffered
// output are bounded; a client that misbehaves is answered with errors or dropped.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "snf/click/control_protocol.hh"

namespace snf::click {

class Router;

class ControlSocket {
public:
    static constexpr std::size_t max_connections = 64;
    // A client whose unread replies exceed this is disconnected.
    static constexpr std::size_t max_pending_output = 64u << 20;

    explicit ControlSocket(Router& router, bool read_only = false);
    ~ControlSocket();
    ControlSocket(const ControlSocket&) = delete;
    ControlSocket& operator=(const ControlSocket&) = delete;

    // Listens on 127.0.0.1:port (0 picks a free port; see tcp_port()).
    bool listen_tcp(uint16_t port, std::string* error);
    // Listens on a UNIX-domain socket at `path` (an existing socket file is replaced).
    bool listen_unix(const std::string& path, std::string* error);

    uint16_t tcp_port() const noexcept { return tcp_port_; }
    std::size_t connection_count() const noexcept { return connections_.size(); }

private:
    struct Connection {
        int fd;
        ControlConnection protocol;
        std::string pending;       // replies not yet written
        bool peer_closed = false;  // the client sent everything; close once replies are out
    };

    void accept_ready(int listen_fd);
    void connection_ready(int fd, int mask);
    void flush(Connection& c);
    void update_select(Connection& c);
    void close_connection(int fd);
    Connection* find(int fd);

    Router& router_;
    bool read_only_;
    int tcp_fd_ = -1;
    int unix_fd_ = -1;
    uint16_t tcp_port_ = 0;
    std::string unix_path_;
    std::vector<std::unique_ptr<Connection>> connections_;
};

}  // namespace snf::click
