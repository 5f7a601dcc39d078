// Test support for elements that touch real interfaces: a private pair of network
// namespaces joined by a veth pair (created by the fixture, removed in TearDown even when
// a test fails), work run inside a namespace from a forked child (setns), raw frames
// sent and counted through packet sockets, and snf-click started in a namespace and
// stopped with SIGTERM so it prints its -h handlers. Every wait is bounded.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace snf::click::netns_testing {

using Clock = std::chrono::steady_clock;

// Runs a shell command with a time limit; returns its exit status (-1 on failure to run).
inline int shell(const std::string& command, int timeout_seconds = 10) {
    const std::string limited = "timeout " + std::to_string(timeout_seconds) + " sh -c '" + command + "' >/dev/null 2>&1";
    int status = std::system(limited.c_str());
    return status == -1 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Why namespace tests cannot run here, or empty when they can.
inline std::string namespace_skip_reason() {
    if (geteuid() != 0)
        return "needs root to create network namespaces";
    if (shell("command -v ip && ip netns list", 5) != 0)
        return "`ip netns` is not available";
    return {};
}

// Runs `work` in a child process that has joined namespace `ns`; whatever the child
// writes to the given descriptor comes back as a string. The child is killed after
// `timeout`.
inline bool run_in_namespace(const std::string& ns, const std::function<std::string()>& work, std::string& result,
                             std::chrono::milliseconds timeout = std::chrono::milliseconds(8000)) {
    int pipe_fds[2];
    if (pipe(pipe_fds) < 0)
        return false;
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        close(pipe_fds[0]);
        int ns_fd = open(("/var/run/netns/" + ns).c_str(), O_RDONLY | O_CLOEXEC);
        if (ns_fd < 0 || setns(ns_fd, CLONE_NEWNET) < 0)
            _exit(2);
        std::string out = work();
        ssize_t ignored = write(pipe_fds[1], out.data(), out.size());
        (void) ignored;
        _exit(0);
    }
    close(pipe_fds[1]);
    result.clear();
    const auto deadline = Clock::now() + timeout;
    bool done = false;
    int status = 0;
    char buffer[4096];
    fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
    while (Clock::now() < deadline) {
        pollfd pfd{pipe_fds[0], POLLIN, 0};
        poll(&pfd, 1, 50);
        ssize_t n;
        while ((n = read(pipe_fds[0], buffer, sizeof buffer)) > 0)
            result.append(buffer, std::size_t(n));
        if (waitpid(pid, &status, WNOHANG) == pid) {
            done = true;
            while ((n = read(pipe_fds[0], buffer, sizeof buffer)) > 0)
                result.append(buffer, std::size_t(n));
            break;
        }
    }
    if (!done) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    close(pipe_fds[0]);
    return done && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// A child running in a namespace in the background (for listeners started before the
// traffic they wait for).
class BackgroundWork {
public:
    BackgroundWork(std::string ns, std::function<std::string()> work, std::chrono::milliseconds timeout)
        : thread_([this, ns = std::move(ns), work = std::move(work), timeout] {
              ok_ = run_in_namespace(ns, work, result_, timeout);
          }) {}
    ~BackgroundWork() {
        if (thread_.joinable())
            thread_.join();
    }
    // Waits for the child (bounded by its timeout) and returns its output.
    std::string finish() {
        if (thread_.joinable())
            thread_.join();
        return result_;
    }
    bool ok() const { return ok_; }

private:
    std::string result_;
    bool ok_ = false;
    std::thread thread_;
};

inline std::vector<unsigned char> mac_bytes(const std::string& text) {
    std::vector<unsigned char> out(6, 0);
    unsigned v[6] = {};
    if (std::sscanf(text.c_str(), "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) == 6)
        for (int i = 0; i < 6; ++i)
            out[std::size_t(i)] = (unsigned char) v[i];
    return out;
}

// A frame: destination, source, ethertype, then `payload_length` bytes of 0x5a.
inline std::vector<unsigned char> make_frame(const std::string& dst, const std::string& src, uint16_t ethertype,
                                             std::size_t payload_length = 46) {
    std::vector<unsigned char> frame = mac_bytes(dst);
    auto s = mac_bytes(src);
    frame.insert(frame.end(), s.begin(), s.end());
    frame.push_back(uint8_t(ethertype >> 8));
    frame.push_back(uint8_t(ethertype));
    frame.insert(frame.end(), payload_length, 0x5a);
    return frame;
}

inline uint16_t ip_checksum(const unsigned char* data, std::size_t length) {
    uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < length; i += 2)
        sum += uint32_t((data[i] << 8) | data[i + 1]);
    if (length & 1)
        sum += uint32_t(data[length - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return uint16_t(~sum);
}

// An Ethernet/IPv4/UDP frame (UDP checksum 0) carrying `text`.
inline std::vector<unsigned char> make_udp_frame(const std::string& dst_mac, const std::string& src_mac,
                                                 const std::string& src_ip, const std::string& dst_ip,
                                                 uint16_t dst_port, const std::string& text) {
    std::vector<unsigned char> frame = make_frame(dst_mac, src_mac, 0x0800, 0);
    const uint16_t udp_length = uint16_t(8 + text.size());
    const uint16_t total = uint16_t(20 + udp_length);
    unsigned char ip[20] = {0x45, 0, uint8_t(total >> 8), uint8_t(total), 0, 1, 0x40, 0, 64, 17, 0, 0};
    inet_pton(AF_INET, src_ip.c_str(), ip + 12);
    inet_pton(AF_INET, dst_ip.c_str(), ip + 16);
    const uint16_t sum = ip_checksum(ip, 20);
    ip[10] = uint8_t(sum >> 8);
    ip[11] = uint8_t(sum);
    frame.insert(frame.end(), ip, ip + 20);
    const unsigned char udp[8] = {0x30, 0x39, uint8_t(dst_port >> 8), uint8_t(dst_port), uint8_t(udp_length >> 8),
                                  uint8_t(udp_length), 0, 0};
    frame.insert(frame.end(), udp, udp + 8);
    frame.insert(frame.end(), text.begin(), text.end());
    return frame;
}

// A packet socket on `device` in the calling process's namespace; -1 on failure.
inline int open_raw_socket(const std::string& device) {
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
    if (fd < 0)
        return -1;
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = int(if_nametoindex(device.c_str()));
    if (sll.sll_ifindex == 0 || bind(fd, reinterpret_cast<sockaddr*>(&sll), sizeof sll) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

// Sends `frame` `count` times on `device`, `gap` apart. Returns "sent N".
inline std::string send_frames(const std::string& device, const std::vector<unsigned char>& frame, int count,
                               std::chrono::milliseconds gap = std::chrono::milliseconds(20)) {
    int fd = open_raw_socket(device);
    if (fd < 0)
        return "no socket";
    int sent = 0;
    for (int i = 0; i < count; ++i) {
        if (send(fd, frame.data(), frame.size(), 0) == ssize_t(frame.size()))
            ++sent;
        std::this_thread::sleep_for(gap);
    }
    close(fd);
    return "sent " + std::to_string(sent);
}

// Counts frames on `device` (both directions) accepted by `match`, until `wanted` were
// seen or `limit` passed. Returns the count as text.
inline std::string count_frames(const std::string& device, const std::function<bool(const unsigned char*, std::size_t)>& match,
                                int wanted, std::chrono::milliseconds limit) {
    int fd = -1;
    // The device may still be coming up (a TAP the router creates).
    const auto deadline = Clock::now() + limit;
    while (fd < 0 && Clock::now() < deadline) {
        fd = open_raw_socket(device);
        if (fd < 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (fd < 0)
        return "no socket";
    int seen = 0;
    unsigned char buffer[4096];
    while (seen < wanted && Clock::now() < deadline) {
        pollfd pfd{fd, POLLIN, 0};
        if (poll(&pfd, 1, 20) <= 0)
            continue;
        ssize_t n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n > 0 && match(buffer, std::size_t(n)))
            ++seen;
    }
    close(fd);
    return std::to_string(seen);
}

inline bool has_ethertype(const unsigned char* frame, std::size_t length, uint16_t ethertype) {
    return length >= 14 && frame[12] == uint8_t(ethertype >> 8) && frame[13] == uint8_t(ethertype);
}

// An snf-click process running a configuration in a namespace.
class RouterProcess {
public:
    // Starts `config` in namespace `ns`, with -h for each of `handlers`, and waits (at
    // most 5 s) until the router is initialized (its control socket exists).
    bool start(const std::string& ns, const std::string& config, const std::vector<std::string>& handlers,
               const std::string& work_dir) {
        config_path_ = work_dir + "/router.click";
        socket_path_ = work_dir + "/router.sock";
        out_path_ = work_dir + "/router.out";
        err_path_ = work_dir + "/router.err";
        std::ofstream(config_path_) << config;
        std::vector<std::string> args = {"ip", "netns", "exec", ns, SNF_CLICK_BINARY, "-u", socket_path_};
        for (const std::string& h : handlers) {
            args.push_back("-h");
            args.push_back(h);
        }
        args.push_back(config_path_);
        pid_ = fork();
        if (pid_ < 0)
            return false;
        if (pid_ == 0) {
            int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(out, 1);
            dup2(err, 2);
            std::vector<char*> argv;
            for (std::string& a : args)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            execvp(argv[0], argv.data());
            _exit(127);
        }
        const auto deadline = Clock::now() + std::chrono::seconds(5);
        while (Clock::now() < deadline) {
            struct stat st;
            if (stat(socket_path_.c_str(), &st) == 0)
                return true;
            int status;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    // SIGTERM, then waits (at most 5 s, then SIGKILL). Returns standard output (the
    // handler values).
    std::string stop() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            const auto deadline = Clock::now() + std::chrono::seconds(5);
            int status;
            bool exited = false;
            while (Clock::now() < deadline) {
                if (waitpid(pid_, &status, WNOHANG) == pid_) {
                    exited = true;
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            if (!exited) {
                kill(pid_, SIGKILL);
                waitpid(pid_, &status, 0);
            }
            pid_ = -1;
        }
        return read_file(out_path_);
    }
    std::string errors() const { return read_file(err_path_); }
    ~RouterProcess() { stop(); }

    static std::string read_file(const std::string& path) {
        std::ifstream in(path);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

private:
    pid_t pid_ = -1;
    std::string config_path_, socket_path_, out_path_, err_path_;
};

// The value printed for handler `name` in snf-click's "name:\nvalue\n\n" output.
inline std::string handler_value(const std::string& output, const std::string& name) {
    const std::string key = name + ":\n";
    auto at = output.find(key);
    if (at == std::string::npos)
        return "<missing " + name + ">";
    at += key.size();
    auto end = output.find("\n\n", at);
    std::string value = output.substr(at, end == std::string::npos ? std::string::npos : end - at);
    while (!value.empty() && value.back() == '\n')
        value.pop_back();
    return value;
}

inline long handler_number(const std::string& output, const std::string& name) {
    try {
        return std::stol(handler_value(output, name));
    } catch (...) {
        return -1;
    }
}

// Two namespaces, "router" and "peer", joined by a veth pair with fixed MAC addresses;
// the peer has 10.1.0.2/24. Names carry the process id so parallel runs do not collide.
class NamespacePairTest : public ::testing::Test {
protected:
    static constexpr const char* router_mac = "02:00:0a:01:00:01";
    static constexpr const char* peer_mac = "02:00:0a:01:00:02";
    static constexpr const char* router_ip = "10.1.0.1";
    static constexpr const char* peer_ip = "10.1.0.2";

    void SetUp() override {
        std::string why = namespace_skip_reason();
        if (!why.empty())
            GTEST_SKIP() << why;
        const std::string tag = "t" + std::to_string(getpid() % 100000);
        router_ns = tag + "-r";
        peer_ns = tag + "-p";
        router_dev = tag + "-rd";
        peer_dev = tag + "-pd";
        char dir_template[] = "/tmp/snf-netns-XXXXXX";
        work_dir = mkdtemp(dir_template) ? dir_template : "/tmp";
        remove_namespaces();
        const std::vector<std::string> steps = {
            "ip netns add " + router_ns,
            "ip netns add " + peer_ns,
            "ip link add " + router_dev + " netns " + router_ns + " address " + router_mac + " type veth peer name " +
                peer_dev + " netns " + peer_ns + " address " + peer_mac,
            "ip netns exec " + router_ns + " sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0",
            "ip netns exec " + peer_ns + " sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1",
            "ip netns exec " + router_ns + " ip link set lo up",
            "ip netns exec " + peer_ns + " ip link set lo up",
            "ip netns exec " + router_ns + " ip link set " + router_dev + " up",
            "ip netns exec " + peer_ns + " ip link set " + peer_dev + " up",
            "ip netns exec " + peer_ns + " ip addr add " + std::string(peer_ip) + "/24 dev " + peer_dev,
        };
        for (const std::string& step : steps)
            ASSERT_EQ(shell(step), 0) << "setting up the namespaces failed at: " << step;
    }

    void TearDown() override {
        if (!router_ns.empty())
            remove_namespaces();
        if (work_dir.rfind("/tmp/snf-netns-", 0) == 0)
            shell("rm -rf " + work_dir);
    }

    void remove_namespaces() {
        shell("ip netns delete " + router_ns);
        shell("ip netns delete " + peer_ns);
    }

    std::string router_ns, peer_ns, router_dev, peer_dev, work_dir;
};

}  // namespace snf::click::netns_testing
