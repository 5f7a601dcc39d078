// ControlSocket: the protocol driven in memory (every command, malformed and oversize
// input), then the real server on a loopback TCP port and a UNIX socket, with the router
// running on its own thread.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "router_test_support.hh"
#include "snf/click/control_protocol.hh"
#include "snf/click/control_socket.hh"

namespace snf::click {
namespace {

using namespace std::chrono_literals;

class ControlProtocolTest : public ::testing::Test {
protected:
    void SetUp() override {
        built = testing::build("c :: Counter; Idle -> c -> Discard; q :: Queue; Idle -> q -> Discard;");
        ASSERT_TRUE(built.router) << built.errors();
    }
    std::string send(std::string_view input, bool read_only = false) {
        ControlConnection c(built.router.get(), read_only);
        c.receive(input);
        c.end_of_input();
        return c.take_output();
    }
    testing::Built built;
};

TEST_F(ControlProtocolTest, Read) {
    EXPECT_EQ(send("READ c.count\r\n"), "200 Read handler 'c.count' OK\r\nDATA 1\r\n0");
    const std::string list = testing::read(*built.router, "list");
    EXPECT_EQ(send("read list\n"), "200 Read handler 'list' OK\r\nDATA " + std::to_string(list.size()) + "\r\n" + list);
    EXPECT_EQ(send("READ nope.count\n"), "510 No element named 'nope'\r\n");
    EXPECT_EQ(send("READ c.nope\n"), "511 No handler named 'c.nope'\r\n");
    EXPECT_EQ(send("READ c.reset\n"), "530 Handler 'c.reset' write-only\r\n");
    EXPECT_EQ(send("READ c.count extra\n"),
              "520-Read handler 'c.count' error\r\n520 read handler 'c.count' does not take parameters\r\n");
    EXPECT_EQ(send("READ\n"), "500 Wrong number of arguments\r\n");
}

TEST_F(ControlProtocolTest, ReadDataAndReadUntil) {
    EXPECT_EQ(send("READDATA c.count 0\r\n"), "200 Read handler 'c.count' OK\r\nDATA 1\r\n0");
    EXPECT_EQ(send("READDATA c.count x\r\n"), "500 Syntax error in 'READDATA'\r\n");
    EXPECT_EQ(send("READDATA c.count 5\r\nab"), "500 Not enough data\r\n");
    EXPECT_EQ(send("READUNTIL c.count\r\n\r\nREAD c.count\r\n"),
              "200 Read handler 'c.count' OK\r\nDATA 1\r\n0200 Read handler 'c.count' OK\r\nDATA 1\r\n0");
}

TEST_F(ControlProtocolTest, WriteAndWriteData) {
    EXPECT_EQ(send("WRITE q.capacity 7\r\n"), "200 Write handler 'q.capacity' OK\r\n");
    EXPECT_EQ(testing::read(*built.router, "q.capacity"), "7");
    EXPECT_EQ(send("WRITEDATA q.capacity 2\r\n12"), "200 Write handler 'q.capacity' OK\r\n");
    EXPECT_EQ(testing::read(*built.router, "q.capacity"), "12");
    EXPECT_EQ(send("WRITEUNTIL q.capacity END\r\n13\r\nEND\r\n"), "200 Write handler 'q.capacity' OK\r\n");
    EXPECT_EQ(testing::read(*built.router, "q.capacity"), "13");
    EXPECT_EQ(send("WRITE q.capacity lots\r\n"),
              "520-Write handler 'q.capacity' error\r\n520 CAPACITY: expected unsigned integer\r\n");
    EXPECT_EQ(send("WRITE c.count 1\r\n"), "530 Handler 'c.count' read-only\r\n");
    EXPECT_EQ(send("WRITE c.reset\r\n", true), "530 Permission denied for 'c.reset'\r\n");
    EXPECT_EQ(send("WRITE q.capacity 1000000000\r\n"),
              "520-Write handler 'q.capacity' error\r\n520 CAPACITY: out of range, bound 16777216\r\n");
}

TEST_F(ControlProtocolTest, CheckCommands) {
    EXPECT_EQ(send("CHECKREAD c.count\r\n"), "200 Read handler 'c.count' OK\r\n");
    EXPECT_EQ(send("CHECKREAD c.reset\r\n"), "511 Handler 'c.reset' not readable\r\n");
    EXPECT_EQ(send("CHECKWRITE c.reset\r\n"), "200 Write handler 'c.reset' OK\r\n");
    EXPECT_EQ(send("CHECKWRITE c.count\r\n"), "511 Handler 'c.count' not writable\r\n");
    EXPECT_EQ(send("CHECKWRITE c.reset\r\n", true), "530 Permission denied for 'c.reset'\r\n");
    EXPECT_EQ(send("CHECKREAD x.y\r\n"), "510 No element named 'x'\r\n");
    EXPECT_EQ(send("CHECKREAD\r\n"), "500 Wrong number of arguments\r\n");
}

TEST_F(ControlProtocolTest, LlrpcQuitHelpAndUnknown) {
    EXPECT_EQ(send("LLRPC c#80045f01\r\n"), "501 Cannot call LLRPC 'c#80045f01' remotely\r\n");
    EXPECT_EQ(send("LLRPC c\r\n"), "500 Syntax error in LLRPC name 'c'\r\n");
    EXPECT_EQ(send("LLRPC zz#1\r\n"), "510 No element named 'zz'\r\n");
    EXPECT_EQ(send("QUIT\r\nREAD c.count\r\n"), "200 Goodbye!\r\n");
    EXPECT_EQ(send("quit now\r\n"), "500 Bad command syntax\r\n200 Goodbye!\r\n");
    EXPECT_EQ(send("FROB x\r\n"), "501 Command 'FROB' unimplemented\r\n");
    EXPECT_EQ(send("HELP\r\n").substr(0, 25), "200-Commands supported:\r\n");
    EXPECT_EQ(send("\r\n   \n"), "");
}

TEST_F(ControlProtocolTest, LineEndingsAndSplitInput) {
    const std::string reply = "200 Read handler 'c.count' OK\r\nDATA 1\r\n0";
    ControlConnection c(built.router.get());
    for (char ch : std::string("READ c.co"))
        c.receive(std::string_view(&ch, 1));
    EXPECT_EQ(c.take_output(), "");
    c.receive("unt\rREAD c.count\n");  // CR alone and LF alone both end a line
    EXPECT_EQ(c.take_output(), reply + reply);
    c.receive("READ c.count\r");  // a final CR waits for a possible LF
    EXPECT_EQ(c.take_output(), "");
    c.receive("\n");
    EXPECT_EQ(c.take_output(), reply);
}

TEST_F(ControlProtocolTest, OversizeInputIsRefusedAndSkipped) {
    ControlConnection c(built.router.get());
    c.receive(std::string(ControlConnection::max_line_length + 10, 'A'));
    EXPECT_EQ(c.take_output(), "500 Line too long\r\n");
    c.receive(std::string(1000, 'B') + "\nREAD c.count\n");
    EXPECT_EQ(c.take_output(), "200 Read handler 'c.count' OK\r\nDATA 1\r\n0");
    c.receive("WRITEDATA q.capacity 1234567890123\r\n");
    EXPECT_EQ(c.take_output(), "500 Syntax error in 'WRITEDATA'\r\n");
    c.receive("WRITEDATA q.capacity 20000000\r\n");
    EXPECT_EQ(c.take_output(), "521 Data too large for handler 'q.capacity'\r\n");
    c.receive(std::string(20000000, '7'));
    c.receive("READ c.count\n");
    EXPECT_EQ(c.take_output(), "200 Read handler 'c.count' OK\r\nDATA 1\r\n0");
}

TEST(ControlProtocol, NoRouter) {
    ControlConnection c(nullptr);
    c.receive("READ version\n");
    EXPECT_EQ(c.take_output(), "540 No router installed\r\n");
}

// ---- Real sockets ------------------------------------------------------------------------

class Client {
public:
    explicit Client(int fd) : fd_(fd) {}
    ~Client() {
        if (fd_ >= 0)
            close(fd_);
    }
    bool ok() const { return fd_ >= 0; }
    void send_all(std::string_view s) {
        while (!s.empty()) {
            ssize_t w = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
            if (w <= 0)
                return;
            s.remove_prefix(std::size_t(w));
        }
    }
    // Reads until `count` bytes arrived, the peer closes, or two seconds pass.
    std::string receive(std::size_t count) {
        std::string out;
        auto deadline = std::chrono::steady_clock::now() + 2s;
        while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0)
                continue;
            char buf[4096];
            ssize_t r = recv(fd_, buf, std::min(sizeof buf, count - out.size()), 0);
            if (r <= 0)
                break;
            out.append(buf, std::size_t(r));
        }
        return out;
    }
    void shutdown_write() { ::shutdown(fd_, SHUT_WR); }
    bool closed_by_peer() {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, 2000) <= 0)
            return false;
        char c;
        return recv(fd_, &c, 1, 0) == 0;
    }

private:
    int fd_;
};

Client connect_tcp(uint16_t port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0) {
        close(fd);
        fd = -1;
    }
    return Client(fd);
}

Client connect_unix(const std::string& path) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path.c_str());
    if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0) {
        close(fd);
        fd = -1;
    }
    return Client(fd);
}

// Runs the router on a thread for the duration of a test, stopping it at the end.
class RunningRouter {
public:
    explicit RunningRouter(Router& r) : router_(r), thread_([this] { router_.run(); }) {}
    ~RunningRouter() {
        router_.please_stop_driver();
        thread_.join();
    }

private:
    Router& router_;
    std::thread thread_;
};

TEST(ControlSocketServer, ServesEveryCommandOverLoopbackTcp) {
    auto b = testing::build("s :: InfiniteSource(LIMIT 3) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    ControlSocket server(*b.router);
    std::string error;
    ASSERT_TRUE(server.listen_tcp(0, &error)) << error;
    ASSERT_NE(server.tcp_port(), 0);
    RunningRouter running(*b.router);

    Client client = connect_tcp(server.tcp_port());
    ASSERT_TRUE(client.ok());
    const std::string greeting = "Click::ControlSocket/1.3\r\n";
    EXPECT_EQ(client.receive(greeting.size()), greeting);

    std::string expected = "200 Read handler 'c.count' OK\r\nDATA 1\r\n3";
    for (int i = 0; i < 100; ++i) {  // the source may still be running for a moment
        client.send_all("READ c.count\r\n");
        std::string got = client.receive(expected.size());
        if (got == expected)
            break;
        ASSERT_EQ(got.substr(0, 39), expected.substr(0, 39));
        std::this_thread::sleep_for(5ms);
    }
    auto exchange = [&](std::string_view command, const std::string& reply) {
        client.send_all(command);
        EXPECT_EQ(client.receive(reply.size()), reply) << command;
    };
    exchange("WRITE c.reset\r\n", "200 Write handler 'c.reset' OK\r\n");
    exchange("WRITEDATA s.limit 1\r\n5", "200 Write handler 's.limit' OK\r\n");
    exchange("CHECKREAD c.count\r\nCHECKWRITE c.count\r\n",
             "200 Read handler 'c.count' OK\r\n511 Handler 'c.count' not writable\r\n");
    exchange("LLRPC c#1\r\n", "501 Cannot call LLRPC 'c#1' remotely\r\n");
    exchange("bogus\r\n" + std::string(100000, 'x') + "\r\n",
             "501 Command 'BOGUS' unimplemented\r\n500 Line too long\r\n");
    exchange("QUIT\r\n", "200 Goodbye!\r\n");
    EXPECT_TRUE(client.closed_by_peer());
}

TEST(ControlSocketServer, ServesAUnixSocketAndSurvivesAbruptClients) {
    auto b = testing::build("c :: Counter; Idle -> c -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    std::string path = "/tmp/snf_router_test_" + std::to_string(getpid()) + ".sock";
    ControlSocket server(*b.router);
    std::string error;
    ASSERT_TRUE(server.listen_unix(path, &error)) << error;
    RunningRouter running(*b.router);
    {
        Client rude = connect_unix(path);
        ASSERT_TRUE(rude.ok());
        rude.send_all("READ c.cou");  // then disconnect mid-line
    }
    {
        Client half = connect_unix(path);
        ASSERT_TRUE(half.ok());
        EXPECT_EQ(half.receive(26), "Click::ControlSocket/1.3\r\n");
        half.send_all("READ c.count");  // no newline: answered once input ends
        half.shutdown_write();
        const std::string reply = "200 Read handler 'c.count' OK\r\nDATA 1\r\n0";
        EXPECT_EQ(half.receive(reply.size()), reply);
        EXPECT_TRUE(half.closed_by_peer());
    }
    Client client = connect_unix(path);
    ASSERT_TRUE(client.ok());
    EXPECT_EQ(client.receive(26), "Click::ControlSocket/1.3\r\n");
    const std::string count = "200 Read handler 'c.count' OK\r\nDATA 1\r\n0";
    client.send_all("READ c.count\n");
    EXPECT_EQ(client.receive(count.size()), count);
    const std::string cls = "200 Read handler 'c.class' OK\r\nDATA 7\r\nCounter";
    client.send_all("READ c.class\r\n");
    EXPECT_EQ(client.receive(cls.size()), cls);
}

TEST(ControlSocketServer, ReportsBindFailures) {
    auto b = testing::build("Idle -> Discard;");
    ASSERT_TRUE(b.router);
    ControlSocket first(*b.router), second(*b.router);
    std::string error;
    ASSERT_TRUE(first.listen_tcp(0, &error)) << error;
    EXPECT_FALSE(second.listen_tcp(first.tcp_port(), &error));
    EXPECT_NE(error.find("TCP port"), std::string::npos) << error;
    EXPECT_FALSE(second.listen_unix(std::string(200, 'x'), &error));
}

}  // namespace
}  // namespace snf::click
