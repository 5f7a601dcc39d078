// RedisServer: runs a real redis-server for tests, on a free loopback port with a
// temporary directory of its own. Persistence is off unless asked for (then appendonly
// with appendfsync always, so every acknowledged write survives kill -9). The server can
// be stopped, killed with SIGKILL and restarted on the same port and directory. The
// destructor always kills it and removes the directory; the server also dies if the
// thread that started it ends (PR_SET_PDEATHSIG), so a crashed test leaves nothing behind.
// A missing redis-server binary is reported as an error, never silently tolerated.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace snf::test {

// A loopback port nothing listens on right now (0 if none can be had): bind port 0 and see
// what the kernel picked. Another process may take it before it is used.
uint16_t pick_free_port();

class RedisServer {
public:
    struct Options {
        bool append_only = false;       // appendonly yes + appendfsync always
        uint16_t replica_of_port = 0;   // replicate the server on 127.0.0.1:this port
        std::string password;           // requirepass
        std::vector<std::string> extra_args;
    };

    RedisServer();
    explicit RedisServer(Options options);
    ~RedisServer();
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    // Starts the server and waits (bounded) until it answers PING. Returns "" on success,
    // otherwise what went wrong, including the end of the server's log.
    std::string start();
    // Starts it again on the same port and directory (after stop() or kill9()).
    std::string restart();
    // SIGTERM, then SIGKILL if it has not exited within a few seconds.
    void stop();
    // SIGKILL: the server gets no chance to write anything more.
    void kill9();

    bool running() const { return pid_ > 0; }
    uint16_t port() const { return port_; }
    const std::string& directory() const { return directory_; }

    // "redis://127.0.0.1:PORT" with "?options" appended when given.
    std::string uri(const std::string& options = "") const;

    // Runs one command on a fresh connection (authenticating if the server has a
    // password) and renders the reply as text: strings as they are, integers in decimal,
    // nil as "(nil)", arrays one element per line. On failure returns "" and sets *error.
    std::string command(const std::vector<std::string>& args, std::string* error = nullptr) const;

    // The server's log file, for failure messages.
    std::string log() const;

    // The redis-server binary: /usr/bin/redis-server, else the first on PATH; "" if none.
    static std::string find_binary();

private:
    std::string spawn();
    bool wait_until_ready(std::string& why);
    bool reap(bool block);

    Options options_;
    std::string binary_;
    std::string directory_;
    uint16_t port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace snf::test
