// Handlers: the standard element handlers, the global ones, name forms, errors, and the
// handlers of the standard elements.
#include <gtest/gtest.h>

#include "router_test_support.hh"
#include "snf/click/chatter.hh"

namespace snf::click {
namespace {

using testing::build;
using testing::read;
using testing::write;

TEST(RouterHandlers, StandardElementHandlers) {
    auto b = build("q :: Queue(5); Idle -> q -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    Router& r = *b.router;
    EXPECT_EQ(read(r, "q.name"), "q");
    EXPECT_EQ(read(r, "q.class"), "Queue");
    EXPECT_EQ(read(r, "q.config"), "5");
    EXPECT_EQ(read(r, "q.ports"), "1 input\npush\t-\tIdle@2 [0]\n1 output\npull\t-\t[0] Discard@3\n");
    std::string handlers = read(r, "q.handlers");
    EXPECT_NE(handlers.find("name\tr.\n"), std::string::npos) << handlers;
    EXPECT_NE(handlers.find("config\trw.\n"), std::string::npos) << handlers;  // live reconfigure
    EXPECT_NE(handlers.find("capacity\trw\n"), std::string::npos) << handlers;
    EXPECT_EQ(read(r, "1.class"), "Queue");  // element number from 1
}

TEST(RouterHandlers, GlobalHandlers) {
    auto b = build("a :: Idle -> b :: Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    Router& r = *b.router;
    EXPECT_EQ(read(r, "list"), "2\na\nb\n");
    EXPECT_EQ(read(r, "version"), router_version);
    EXPECT_EQ(read(r, "config"), "a :: Idle -> b :: Discard;");
    EXPECT_EQ(read(r, "flatconfig"), "a :: Idle;\nb :: Discard;\n\na [0] -> [0] b;\n");
    EXPECT_EQ(read(r, "flatten"), read(r, "flatconfig"));
    std::string classes = read(r, "classes");
    EXPECT_NE(classes.find("Counter\n"), std::string::npos);
    EXPECT_NE(classes.find("DriverManager\n"), std::string::npos);
    EXPECT_NE(read(r, "handlers").find("stop\tw"), std::string::npos);
}

TEST(RouterHandlers, LookupFailures) {
    auto b = build("c :: Counter; Idle -> c -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    Router& r = *b.router;
    StringErrorHandler errh;
    std::string v;
    EXPECT_EQ(r.call_read("nope.count", "", v, &errh), Router::HandlerStatus::no_such_element);
    EXPECT_EQ(r.call_read("c.nope", "", v, &errh), Router::HandlerStatus::no_such_handler);
    EXPECT_EQ(r.call_read("c.reset", "", v, &errh), Router::HandlerStatus::not_readable);
    EXPECT_EQ(r.call_write("c.count", "1", &errh), Router::HandlerStatus::not_writable);
    EXPECT_EQ(r.call_read("c.count", "param", v, &errh), Router::HandlerStatus::handler_error);
    EXPECT_EQ(errh.text(), "read handler 'c.count' does not take parameters\n");
    EXPECT_EQ(r.call_read("99.count", "", v, &errh), Router::HandlerStatus::no_such_element);
}

TEST(RouterHandlers, QueueHandlersAndLiveReconfigure) {
    auto b = build("s :: InfiniteSource(LIMIT 8) -> q :: Queue(5) -> Unqueue(ACTIVE false) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    std::vector<std::string> chatter_lines;
    set_chatter_sink([&](std::string_view line) { chatter_lines.emplace_back(line); });
    b.router->run(20);
    set_chatter_sink(nullptr);
    Router& r = *b.router;
    EXPECT_EQ(read(r, "q.length"), "5");
    EXPECT_EQ(read(r, "q.drops"), "3");
    EXPECT_EQ(read(r, "q.highwater_length"), "5");
    ASSERT_EQ(chatter_lines.size(), 1u);
    EXPECT_EQ(chatter_lines[0], "q :: Queue: overflow");
    EXPECT_TRUE(write(r, "q.capacity", "2"));
    EXPECT_EQ(read(r, "q.length"), "2");
    EXPECT_TRUE(write(r, "q.config", "10"));
    EXPECT_EQ(read(r, "q.capacity"), "10");
    EXPECT_EQ(read(r, "q.config"), "10");
    EXPECT_FALSE(write(r, "q.config", "ten"));
    EXPECT_EQ(read(r, "q.capacity"), "10");  // a failed reconfiguration changes nothing
    EXPECT_TRUE(write(r, "q.reset_counts"));
    EXPECT_EQ(read(r, "q.drops"), "0");
    EXPECT_TRUE(write(r, "q.reset"));
    EXPECT_EQ(read(r, "q.length"), "0");
}

TEST(RouterHandlers, CounterAndSourceHandlers) {
    auto b = build("s :: InfiniteSource(DATA \\<0102030405>, LIMIT 4, BURST 2) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    Router& r = *b.router;
    r.run(10);
    EXPECT_EQ(read(r, "c.count"), "4");
    EXPECT_EQ(read(r, "c.byte_count"), "20");
    EXPECT_EQ(read(r, "s.count"), "4");
    EXPECT_EQ(read(r, "s.length"), "5");
    EXPECT_TRUE(write(r, "s.length", "8"));
    EXPECT_TRUE(write(r, "s.reset"));
    r.run(10);
    EXPECT_EQ(read(r, "c.byte_count"), "52");
    EXPECT_TRUE(write(r, "c.reset"));
    EXPECT_EQ(read(r, "c.count"), "0");
    EXPECT_FALSE(write(r, "s.burst", "0"));
    EXPECT_FALSE(write(r, "s.active", "perhaps"));
    EXPECT_TRUE(write(r, "s.active", "false\n"));
    EXPECT_EQ(read(r, "s.active"), "false");
}

TEST(RouterHandlers, PacketEditingElements) {
    auto b = build("s :: InfiniteSource(DATA \\<00112233445566778899>, LIMIT 1, STOP true)\n"
                   "  -> Strip(2) -> Unstrip(1) -> Truncate(4) -> p :: Paint(9) -> pr :: Print(x) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    std::vector<std::string> lines;
    set_chatter_sink([&](std::string_view line) { lines.emplace_back(line); });
    EXPECT_EQ(b.router->run(100), Router::RunOutcome::stopped);
    set_chatter_sink(nullptr);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0], "x:    4 | 11223344");
    EXPECT_EQ(read(*b.router, "p.color"), "9");
}

}  // namespace
}  // namespace snf::click
