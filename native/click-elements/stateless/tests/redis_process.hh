// RedisProcess: a real redis-server for the tests that need a store (the flow-state tier,
// the stateless rewriters), on a free loopback port in a temporary directory of its own.
// Persistence is off unless asked for (then an append-only file with appendfsync always,
// so every acknowledged write survives SIGKILL). It can be killed and started again on
// the same port and directory. The destructor always kills it and removes the directory,
// and the server dies with the test process (PR_SET_PDEATHSIG), so a crashed test leaves
// nothing running.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#ifndef SNF_REDIS_SERVER
#define SNF_REDIS_SERVER "/usr/bin/redis-server"
#endif

namespace snf::click::stateless::test {

class RedisProcess {
public:
    explicit RedisProcess(bool append_only = false) : append_only_(append_only) {}
    ~RedisProcess() {
        kill9();
        std::error_code ignored;
        if (!directory_.empty()) std::filesystem::remove_all(directory_, ignored);
    }
    RedisProcess(const RedisProcess&) = delete;
    RedisProcess& operator=(const RedisProcess&) = delete;

    // Starts on a free port; "" on success, else what went wrong. A port taken between
    // the probe and the server's bind is retried with another one.
    std::string start() {
        if (directory_.empty()) {
            char pattern[] = "/tmp/snf-tier-redis-XXXXXX";
            if (mkdtemp(pattern) == nullptr) return "cannot create a temporary directory";
            directory_ = pattern;
        }
        std::string error;
        for (int attempt = 0; attempt < 5; ++attempt) {
            port_ = free_port();
            if (port_ == 0) return "no free loopback port";
            error = launch();
            if (error.empty()) return error;
        }
        return error;
    }

    // Starts again on the same port and directory, after kill9().
    std::string restart() { return launch(); }

    void kill9() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    uint16_t port() const { return port_; }
    std::string uri(const std::string& options = "") const {
        std::string text = "redis://127.0.0.1:" + std::to_string(port_);
        if (!options.empty()) text += "?" + options;
        return text;
    }

    std::string log() const {
        std::ifstream in(directory_ + "/redis.log");
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

private:
    static uint16_t free_port() {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) return 0;
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        socklen_t length = sizeof address;
        uint16_t port = 0;
        if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
            port = ntohs(address.sin_port);
        close(fd);
        return port;
    }

    // True once the server answers PING on its port.
    bool answers_ping() const {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) return false;
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(port_);
        bool ok = false;
        if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
            const char ping[] = "PING\r\n";
            if (send(fd, ping, sizeof ping - 1, MSG_NOSIGNAL) == static_cast<ssize_t>(sizeof ping - 1)) {
                pollfd p{fd, POLLIN, 0};
                char reply[16] = {0};
                if (::poll(&p, 1, 500) == 1 && recv(fd, reply, sizeof reply - 1, 0) > 0)
                    ok = std::string(reply).rfind("+PONG", 0) == 0;
            }
        }
        close(fd);
        return ok;
    }

    std::string launch() {
        kill9();
        const std::string port = std::to_string(port_);
        std::vector<std::string> args = {SNF_REDIS_SERVER, "--port", port, "--bind", "127.0.0.1",
                                         "--save", "", "--dir", directory_, "--daemonize", "no",
                                         "--logfile", directory_ + "/redis.log"};
        if (append_only_) {
            args.insert(args.end(), {"--appendonly", "yes", "--appendfsync", "always"});
        } else {
            args.insert(args.end(), {"--appendonly", "no"});
        }
        std::vector<char*> argv;
        for (std::string& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);

        const pid_t parent = getpid();
        const pid_t pid = fork();
        if (pid < 0) return "fork failed";
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent) _exit(127);  // the parent died before prctl
            int null_fd = open("/dev/null", O_RDWR);
            if (null_fd >= 0) {
                dup2(null_fd, 0);
                dup2(null_fd, 1);
                dup2(null_fd, 2);
            }
            execv(argv[0], argv.data());
            _exit(127);
        }
        pid_ = pid;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return "redis-server exited at start (port " + port + "): " + log();
            }
            if (answers_ping()) return "";
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        kill9();
        return "redis-server did not answer PING within 5 s: " + log();
    }

    bool append_only_;
    std::string directory_;
    uint16_t port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace snf::click::stateless::test
