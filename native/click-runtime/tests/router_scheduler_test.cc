// Scheduler and running: task rounds and tickets, timers, bounded runs, Click's stop
// counting with and without a DriverManager, and waking a sleeping run from another
// thread.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "router_test_support.hh"
#include "snf/click/scheduler.hh"

namespace snf::click {
namespace {

using namespace std::chrono_literals;
using testing::build;
using testing::read;
using testing::write;

TEST(RouterScheduler, TasksRunOncePerRoundUntilUnscheduled) {
    Scheduler s;
    int a_runs = 0, b_runs = 0;
    Task a([&](Task& t) { ++a_runs; t.fast_reschedule(); return true; });
    Task b([&](Task&) { ++b_runs; return true; });  // runs once, then sleeps
    a.initialize(s, true);
    b.initialize(s, true);
    for (int i = 0; i < 10; ++i)
        s.run_round(false);
    EXPECT_EQ(a_runs, 10);
    EXPECT_EQ(b_runs, 1);
    b.reschedule();
    s.run_round(false);
    EXPECT_EQ(b_runs, 2);
    EXPECT_EQ(a_runs, 11);
    a.unschedule();
    s.run_round(false);
    EXPECT_EQ(a_runs, 11);
}

TEST(RouterScheduler, TicketsShareRounds) {
    Scheduler s;
    int low = 0, normal = 0, high = 0;
    Task l([&](Task& t) { ++low; t.fast_reschedule(); return true; });
    Task n([&](Task& t) { ++normal; t.fast_reschedule(); return true; });
    Task h([&](Task& t) { ++high; t.fast_reschedule(); return true; });
    l.set_tickets(Task::default_tickets / 4);
    h.set_tickets(Task::default_tickets * 2);
    l.initialize(s, true);
    n.initialize(s, true);
    h.initialize(s, true);
    for (int i = 0; i < 400; ++i)
        s.run_round(false);
    EXPECT_EQ(normal, 400);
    EXPECT_EQ(high, 800);
    EXPECT_EQ(low, 100);
}

TEST(RouterScheduler, ScheduleInfoSetsTaskTickets) {
    auto b = build("elementclass Src { s :: InfiniteSource -> output; ScheduleInfo(s .5) }\n"
                   "a :: Src -> ca :: Counter -> Discard;\n"
                   "b :: InfiniteSource -> cb :: Counter -> Discard;\n"
                   "ScheduleInfo(b 2);");
    ASSERT_TRUE(b.router) << b.errors();
    EXPECT_EQ(read(*b.router, "a/s.tickets"), "512");
    EXPECT_EQ(read(*b.router, "b.tickets"), "2048");
    b.router->run(400);
    EXPECT_EQ(read(*b.router, "ca.count"), "200");
    EXPECT_EQ(read(*b.router, "cb.count"), "800");
}

TEST(RouterScheduler, TimersFireInExpiryOrder) {
    Scheduler s;
    std::string order;
    Timer t1([&](Timer&) { order += '1'; });
    Timer t2([&](Timer&) { order += '2'; });
    Timer t3([&](Timer&) { order += '3'; });
    t1.initialize(s);
    t2.initialize(s);
    t3.initialize(s);
    t3.schedule_after(30ms);
    t1.schedule_after(10ms);
    t2.schedule_after(20ms);
    t2.unschedule();
    t2.schedule_after(15ms);
    auto deadline = std::chrono::steady_clock::now() + 2s;
    while (order.size() < 3 && std::chrono::steady_clock::now() < deadline)
        s.run_round(true, 50ms);
    EXPECT_EQ(order, "123");
    EXPECT_FALSE(t1.scheduled());
}

TEST(RouterScheduler, BoundedRunDoesNotSleep) {
    auto b = build("Idle -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(b.router->run(1000), Router::RunOutcome::rounds_done);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST(RouterScheduler, SourceLimitStopsTheDriver) {
    auto b = build("InfiniteSource(LIMIT 10, STOP true) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    EXPECT_EQ(b.router->run(100000), Router::RunOutcome::stopped);
    EXPECT_TRUE(b.router->stopped());
    EXPECT_EQ(read(*b.router, "c.count"), "10");
    EXPECT_EQ(b.router->run(10), Router::RunOutcome::stopped);  // a stopped router stays stopped
}

TEST(RouterScheduler, DriverManagerCountsStopRequests) {
    auto b = build("InfiniteSource(LIMIT 5, STOP true) -> c :: Counter -> Discard;\n"
                   "DriverManager(wait_stop 2, write c.reset, stop);");
    ASSERT_TRUE(b.router) << b.errors();
    // The source's one stop request is not enough for wait_stop 2.
    EXPECT_EQ(b.router->run(2000), Router::RunOutcome::rounds_done);
    EXPECT_EQ(read(*b.router, "c.count"), "5");
    EXPECT_TRUE(write(*b.router, "stop"));
    EXPECT_EQ(b.router->run(2000), Router::RunOutcome::stopped);
    EXPECT_EQ(read(*b.router, "c.count"), "0");  // the script ran "write c.reset"
}

TEST(RouterScheduler, StopHandlerTakesACount) {
    auto b = build("Idle -> Discard; DriverManager(pause 3, stop);");
    ASSERT_TRUE(b.router) << b.errors();
    EXPECT_TRUE(write(*b.router, "stop", "2"));
    EXPECT_EQ(b.router->run(100), Router::RunOutcome::rounds_done);
    EXPECT_TRUE(write(*b.router, "stop"));
    EXPECT_EQ(b.router->run(100), Router::RunOutcome::stopped);
}

TEST(RouterScheduler, DriverManagerWaitsForTime) {
    auto b = build("DriverManager(wait 20ms, stop);");
    ASSERT_TRUE(b.router) << b.errors();
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(b.router->run(), Router::RunOutcome::stopped);
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_GE(elapsed, 20ms);
    EXPECT_LT(elapsed, 5s);
}

TEST(RouterScheduler, UnqueueSleepsOnEmptyQueueAndWakesOnPush) {
    auto b = build("i :: InfiniteSource(LIMIT 0) -> q :: Queue -> u :: Unqueue -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    b.router->run(10);
    EXPECT_EQ(read(*b.router, "u.scheduled"), "false");
    EXPECT_TRUE(write(*b.router, "i.limit", "3"));
    b.router->run(50);
    EXPECT_EQ(read(*b.router, "c.count"), "3");
    EXPECT_EQ(read(*b.router, "q.length"), "0");
    EXPECT_EQ(read(*b.router, "u.scheduled"), "false");
}

TEST(RouterScheduler, StopFromAnotherThreadWakesASleepingRun) {
    auto b = build("Idle -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    Router* r = b.router.get();
    std::thread stopper([r] {
        std::this_thread::sleep_for(50ms);
        r->please_stop_driver();
    });
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(r->run(), Router::RunOutcome::stopped);
    stopper.join();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 900ms);  // woken, not timed out
}

TEST(RouterScheduler, CallsFromOtherThreadsRunBetweenRounds) {
    auto b = build("InfiniteSource -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors();
    Router* r = b.router.get();
    std::thread runner([r] { r->run(); });
    std::string count;
    for (int i = 0; i < 50 && (count.empty() || count == "0"); ++i) {
        r->call_on_router_thread([&] { count = read(*r, "c.count"); });
        std::this_thread::sleep_for(1ms);
    }
    r->please_stop_driver();
    runner.join();
    EXPECT_NE(count, "0");
    EXPECT_FALSE(count.empty());
}

}  // namespace
}  // namespace snf::click
