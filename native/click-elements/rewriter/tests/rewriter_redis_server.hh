// A throwaway redis-server for the rewriter tests: a free loopback port, no persistence,
// killed (SIGKILL) by stop() and always by the destructor; it also dies with the test
// process (PR_SET_PDEATHSIG). Every wait is bounded.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#ifndef SNF_REDIS_SERVER
#define SNF_REDIS_SERVER "/usr/bin/redis-server"
#endif

namespace snf::click::rewriter::test {

class RedisServer {
public:
    RedisServer() = default;
    ~RedisServer() { stop(); }
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    // Starts on a free port (or the previous one when restarting); false on failure.
    bool start() {
        if (port_ == 0)
            port_ = free_port();
        if (port_ == 0)
            return false;
        pid_ = fork();
        if (pid_ < 0)
            return false;
        if (pid_ == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            std::string port = std::to_string(port_);
            execl(SNF_REDIS_SERVER, SNF_REDIS_SERVER, "--port", port.c_str(), "--bind", "127.0.0.1", "--save", "",
                  "--appendonly", "no", "--daemonize", "no", "--logfile", "/dev/null",
                  static_cast<char*>(nullptr));
            _exit(127);
        }
        for (int i = 0; i < 200; ++i) {  // up to 10 s
            if (answers_ping())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        stop();
        return false;
    }

    void stop() {
        if (pid_ <= 0)
            return;
        ::kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    std::string uri() const { return "redis://127.0.0.1:" + std::to_string(port_); }

private:
    static uint16_t free_port() {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            return 0;
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof a;
        uint16_t port = 0;
        if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length) == 0)
            port = ntohs(a.sin_port);
        close(fd);
        return port;
    }

    bool answers_ping() const {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            return false;
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(port_);
        bool ok = false;
        if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
            send(fd, "PING\r\n", 6, MSG_NOSIGNAL) == 6) {
            pollfd p{fd, POLLIN, 0};
            char reply[16] = {0};
            ok = ::poll(&p, 1, 500) == 1 && recv(fd, reply, sizeof reply - 1, 0) > 0 &&
                 std::string(reply).rfind("+PONG", 0) == 0;
        }
        close(fd);
        return ok;
    }

    uint16_t port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace snf::click::rewriter::test
