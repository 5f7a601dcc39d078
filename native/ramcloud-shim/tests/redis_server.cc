// Test helper that runs a real redis-server (see redis_server.hh).
#include "redis_server.hh"

#include <arpa/inet.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace snf::test {
namespace {

constexpr int kPortAttempts = 5;
constexpr auto kReadyTimeout = std::chrono::seconds(10);
constexpr auto kStopGrace = std::chrono::seconds(5);

bool executable(const std::string& path) { return !path.empty() && access(path.c_str(), X_OK) == 0; }

std::string render(const redisReply* r) {
    switch (r->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
        return std::string(r->str, r->len);
    case REDIS_REPLY_INTEGER:
        return std::to_string(r->integer);
    case REDIS_REPLY_NIL:
        return "(nil)";
    case REDIS_REPLY_ARRAY: {
        std::string out;
        for (size_t i = 0; i < r->elements; ++i) {
            if (i) out.push_back('\n');
            out += render(r->element[i]);
        }
        return out;
    }
    default:
        return "(unknown reply type)";
    }
}

}  // namespace

uint16_t pick_free_port() {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    uint16_t port = 0;
    socklen_t len = sizeof addr;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    close(fd);
    return port;
}

RedisServer::RedisServer() : RedisServer(Options{}) {}

RedisServer::RedisServer(Options options) : options_(std::move(options)), binary_(find_binary()) {}

RedisServer::~RedisServer() {
    kill9();
    if (!directory_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(directory_, ec);
    }
}

std::string RedisServer::find_binary() {
    if (executable("/usr/bin/redis-server")) return "/usr/bin/redis-server";
    const char* path = std::getenv("PATH");
    if (!path) return "";
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        std::string candidate = (dir.empty() ? "." : dir) + "/redis-server";
        if (executable(candidate)) return candidate;
    }
    return "";
}

std::string RedisServer::uri(const std::string& options) const {
    std::string u = "redis://127.0.0.1:" + std::to_string(port_);
    if (!options.empty()) u += "?" + options;
    return u;
}

std::string RedisServer::log() const {
    std::ifstream in(directory_ + "/redis.log");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string RedisServer::start() {
    if (binary_.empty())
        return "redis-server not found in /usr/bin or on PATH (install the redis-server "
               "package to run the Redis tests)";
    if (running()) return "";
    if (directory_.empty()) {
        char pattern[] = "/tmp/snf-redis-XXXXXX";
        if (!mkdtemp(pattern)) return std::string("mkdtemp failed: ") + std::strerror(errno);
        directory_ = pattern;
    }
    std::string why;
    for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
        port_ = pick_free_port();
        if (port_ == 0) return "cannot find a free loopback port";
        if (std::string err = spawn(); !err.empty()) return err;
        if (wait_until_ready(why)) return "";
        kill9();
        // Lost the race for the port: try another one.
        if (log().find("Address already in use") == std::string::npos) break;
    }
    return why;
}

std::string RedisServer::restart() {
    if (running()) stop();
    std::string why;
    for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
        if (std::string err = spawn(); !err.empty()) return err;
        if (wait_until_ready(why)) return "";
        kill9();
        if (log().find("Address already in use") == std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return why;
}

std::string RedisServer::spawn() {
    std::error_code ec;
    std::filesystem::remove(directory_ + "/redis.log", ec);
    std::vector<std::string> args = {binary_,
                                     "--port", std::to_string(port_),
                                     "--bind", "127.0.0.1",
                                     "--dir", directory_,
                                     "--logfile", directory_ + "/redis.log",
                                     "--daemonize", "no",
                                     "--save", "",
                                     "--enable-debug-command", "local",
                                     // Replicas get their first copy at once, not 5 s later.
                                     "--repl-diskless-sync-delay", "0",
                                     "--appendonly", options_.append_only ? "yes" : "no"};
    if (options_.append_only) args.insert(args.end(), {"--appendfsync", "always"});
    if (options_.replica_of_port)
        args.insert(args.end(), {"--replicaof", "127.0.0.1", std::to_string(options_.replica_of_port)});
    if (!options_.password.empty()) args.insert(args.end(), {"--requirepass", options_.password});
    args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());

    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    const pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) return std::string("fork failed: ") + std::strerror(errno);
    if (pid == 0) {
        // Only async-signal-safe calls between fork and exec.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(1);
        int null_fd = open("/dev/null", O_RDWR);
        if (null_fd >= 0) {
            dup2(null_fd, 0);
            dup2(null_fd, 1);
            dup2(null_fd, 2);
        }
        syscall(SYS_close_range, 3U, ~0U, 0U);  // no inherited sockets of the test process
        execv(argv[0], argv.data());
        _exit(127);
    }
    pid_ = pid;
    return "";
}

bool RedisServer::wait_until_ready(std::string& why) {
    const auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (reap(false)) {
            why = "redis-server exited during startup; its log:\n" + log();
            return false;
        }
        std::string error;
        if (command({"PING"}, &error) == "PONG") return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    why = "redis-server on port " + std::to_string(port_) + " did not answer PING within " +
          std::to_string(std::chrono::seconds(kReadyTimeout).count()) + " s; its log:\n" + log();
    return false;
}

bool RedisServer::reap(bool block) {
    if (pid_ <= 0) return true;
    int status = 0;
    pid_t r = waitpid(pid_, &status, block ? 0 : WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) {
        pid_ = -1;
        return true;
    }
    return false;
}

void RedisServer::stop() {
    if (!running()) return;
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + kStopGrace;
    while (std::chrono::steady_clock::now() < deadline) {
        if (reap(false)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill9();
}

void RedisServer::kill9() {
    if (!running()) return;
    kill(pid_, SIGKILL);
    reap(true);
}

std::string RedisServer::command(const std::vector<std::string>& args, std::string* error) const {
    auto fail = [&](std::string message) {
        if (error) *error = std::move(message);
        return std::string();
    };
    if (port_ == 0) return fail("server not started");
    timeval connect_timeout{0, 500 * 1000};
    redisContext* c = redisConnectWithTimeout("127.0.0.1", port_, connect_timeout);
    if (!c) return fail("out of memory");
    if (c->err) {
        std::string message = c->errstr;
        redisFree(c);
        return fail(message);
    }
    // Long enough for DEBUG SLEEP and WAIT in tests, short enough to never hang one.
    timeval command_timeout{15, 0};
    redisSetTimeout(c, command_timeout);
    auto run = [&](const std::vector<std::string>& a, std::string& out) {
        std::vector<const char*> argv;
        std::vector<size_t> lens;
        for (const std::string& s : a) {
            argv.push_back(s.data());
            lens.push_back(s.size());
        }
        auto* r = static_cast<redisReply*>(
            redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lens.data()));
        if (!r) return false;
        out = render(r);
        freeReplyObject(r);
        return true;
    };
    std::string reply;
    if (!options_.password.empty() && !run({"AUTH", options_.password}, reply)) {
        std::string message = c->errstr;
        redisFree(c);
        return fail(message);
    }
    if (!run(args, reply)) {
        std::string message = c->errstr;
        redisFree(c);
        return fail(message);
    }
    redisFree(c);
    return reply;
}

}  // namespace snf::test
