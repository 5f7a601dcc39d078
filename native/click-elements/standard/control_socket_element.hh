// ControlSocket: opens a control socket from the configuration, as Click's element does,
// so other programs can call the router's handlers (Click's ControlSocket protocol,
// served by the runtime's ControlSocket in snf/click/control_socket.hh).
//
//   ControlSocket("TCP", PORTNUMBER [, keywords READONLY, VERBOSE, LOCALHOST, RETRIES,
//                 RETRY_WARNINGS, PROXY])
//   ControlSocket("UNIX", FILENAME [, keywords])
//
// TYPE (TCP or UNIX, any case). PORTNUMBER (0-65535; 0 picks a free port, see the port
// handler) or FILENAME (the UNIX-domain socket; a stale socket file there is replaced,
// and the file is removed at cleanup). READONLY (bool, default false): write handlers
// are refused. LOCALHOST (bool): accepted; TCP sockets always listen on 127.0.0.1 only.
// VERBOSE (bool): accepted; connection messages are not printed (a warning says so).
// RETRIES (int, default 0): when the socket cannot be opened, try again once a second
// that many times before stopping the router, instead of failing initialization.
// RETRY_WARNINGS (bool, default true): report every failed attempt, not just the last.
// PROXY: handler proxies are not supported; giving one is an error.
// No ports.
//
// Handlers: port (read) the TCP port listened on (0 before it is open, and for UNIX).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "snf/click/element.hh"
#include "snf/click/timer.hh"

namespace snf::click {

class ControlSocket;

class ControlSocketElement : public Element {
public:
    ControlSocketElement();
    ~ControlSocketElement() override;
    const char* class_name() const override { return "ControlSocket"; }

    int configure(std::vector<std::string>& conf, ErrorHandler* errh) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;
    void run_timer(Timer* timer) override;

private:
    // Opens the socket; on failure sets `error` and leaves nothing open.
    bool open_socket(std::string& error);

    bool tcp_ = true;
    uint16_t port_ = 0;
    std::string path_;
    bool read_only_ = false;
    int retries_ = 0;
    bool retry_warnings_ = true;

    std::unique_ptr<ControlSocket> socket_;
    Timer retry_timer_;
    int attempts_left_ = 0;
};

}  // namespace snf::click
