// ControlSocket: listening sockets, accepting, non-blocking reads and writes, all driven
// by the router's Scheduler.
#include "snf/click/control_socket.hh"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "snf/click/router.hh"

namespace snf::click {
namespace {

bool set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 && fcntl(fd, F_SETFD, FD_CLOEXEC) == 0;
}

bool fail(std::string* error, const std::string& what) {
    if (error)
        *error = what + ": " + std::strerror(errno);
    return false;
}

}  // namespace

ControlSocket::ControlSocket(Router& router, bool read_only) : router_(router), read_only_(read_only) {}

ControlSocket::~ControlSocket() {
    while (!connections_.empty())
        close_connection(connections_.back()->fd);
    if (tcp_fd_ >= 0) {
        router_.scheduler().remove_select(tcp_fd_);
        close(tcp_fd_);
    }
    if (unix_fd_ >= 0) {
        router_.scheduler().remove_select(unix_fd_);
        close(unix_fd_);
        unlink(unix_path_.c_str());
    }
}

bool ControlSocket::listen_tcp(uint16_t port, std::string* error) {
    if (tcp_fd_ >= 0) {
        if (error)
            *error = "already listening on TCP";
        return false;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return fail(error, "socket");
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0 || listen(fd, 16) < 0 || !set_nonblocking(fd)) {
        bool r = fail(error, "TCP port " + std::to_string(port));
        close(fd);
        return r;
    }
    socklen_t len = sizeof sa;
    getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
    tcp_port_ = ntohs(sa.sin_port);
    tcp_fd_ = fd;
    router_.scheduler().set_select(fd, Scheduler::select_read, [this](int lfd, int) { accept_ready(lfd); });
    return true;
}

bool ControlSocket::listen_unix(const std::string& path, std::string* error) {
    if (unix_fd_ >= 0) {
        if (error)
            *error = "already listening on a UNIX socket";
        return false;
    }
    sockaddr_un sa{};
    if (path.empty() || path.size() >= sizeof sa.sun_path) {
        if (error)
            *error = "UNIX socket path '" + path + "' is empty or too long";
        return false;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return fail(error, "socket");
    sa.sun_family = AF_UNIX;
    std::memcpy(sa.sun_path, path.c_str(), path.size() + 1);
    // Replace a stale socket file, but never another kind of file.
    struct stat st{};
    if (lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode))
        unlink(path.c_str());
    if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0 || listen(fd, 16) < 0 || !set_nonblocking(fd)) {
        bool r = fail(error, path);
        close(fd);
        return r;
    }
    unix_fd_ = fd;
    unix_path_ = path;
    router_.scheduler().set_select(fd, Scheduler::select_read, [this](int lfd, int) { accept_ready(lfd); });
    return true;
}

ControlSocket::Connection* ControlSocket::find(int fd) {
    for (auto& c : connections_)
        if (c->fd == fd)
            return c.get();
    return nullptr;
}

void ControlSocket::accept_ready(int listen_fd) {
    for (int tries = 0; tries < 16; ++tries) {
        int fd = accept(listen_fd, nullptr, nullptr);
        if (fd < 0)
            return;
        if (connections_.size() >= max_connections || !set_nonblocking(fd)) {
            close(fd);
            continue;
        }
        auto c = std::make_unique<Connection>(Connection{fd, ControlConnection(&router_, read_only_), {}, false});
        c->pending = ControlConnection::greeting();
        Connection& ref = *c;
        connections_.push_back(std::move(c));
        flush(ref);
        if (find(fd))
            update_select(ref);
    }
}

void ControlSocket::update_select(Connection& c) {
    int mask = c.peer_closed ? 0 : Scheduler::select_read;
    if (!c.pending.empty())
        mask |= Scheduler::select_write;
    router_.scheduler().set_select(c.fd, mask, [this](int fd, int ready) { connection_ready(fd, ready); });
}

void ControlSocket::flush(Connection& c) {
    while (!c.pending.empty()) {
        ssize_t w = send(c.fd, c.pending.data(), c.pending.size(), MSG_NOSIGNAL);
        if (w > 0) {
            c.pending.erase(0, std::size_t(w));
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        close_connection(c.fd);
        return;
    }
    if (c.protocol.closing() || c.peer_closed)
        close_connection(c.fd);
}

void ControlSocket::connection_ready(int fd, int mask) {
    Connection* c = find(fd);
    if (!c)
        return;
    if (mask & Scheduler::select_read) {
        char buf[4096];
        // Read a bounded amount per round so one client cannot monopolize the router.
        for (int chunk = 0; chunk < 16 && !c->protocol.closing(); ++chunk) {
            ssize_t r = recv(fd, buf, sizeof buf, 0);
            if (r > 0) {
                c->protocol.receive(std::string_view(buf, std::size_t(r)));
                c->pending += c->protocol.take_output();
                if (c->pending.size() > max_pending_output) {
                    close_connection(fd);
                    return;
                }
                continue;
            }
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            // End of input (or a reset): answer what was complete, then close.
            c->protocol.end_of_input();
            c->pending += c->protocol.take_output();
            c->peer_closed = true;
            break;
        }
    }
    flush(*c);
    if ((c = find(fd)))
        update_select(*c);
}

void ControlSocket::close_connection(int fd) {
    router_.scheduler().remove_select(fd);
    close(fd);
    for (auto it = connections_.begin(); it != connections_.end(); ++it)
        if ((*it)->fd == fd) {
            connections_.erase(it);
            return;
        }
}

}  // namespace snf::click
