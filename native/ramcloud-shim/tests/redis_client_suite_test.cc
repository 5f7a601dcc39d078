// Runs the backend-independent client suite (client_suite.hh) against a real Redis
// server. Each test process starts one redis-server when its first Redis test needs it
// and stops it when the process's tests are done; tests work in tables of their own, so
// they share it. A missing redis-server fails the tests with the reason.
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>

#include "client_suite.hh"
#include "redis_server.hh"

namespace {

class SharedRedisServer : public ::testing::Environment {
public:
    // The server's URI, starting the server on first use; "" (with a test failure
    // recorded) if it cannot run.
    static std::string uri() {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!server_) {
            server_ = std::make_unique<snf::test::RedisServer>();
            error_ = server_->start();
        }
        if (!error_.empty()) {
            ADD_FAILURE() << "cannot run redis-server for the Redis client suite: " << error_;
            return "";
        }
        return server_->uri();
    }

    void TearDown() override {
        std::lock_guard<std::mutex> lock(mutex_);
        server_.reset();
    }

private:
    static inline std::mutex mutex_;
    static inline std::unique_ptr<snf::test::RedisServer> server_;
    static inline std::string error_;
};

// gtest owns the environment and runs its TearDown after the last test.
[[maybe_unused]] ::testing::Environment* const shared_redis_environment =
    ::testing::AddGlobalTestEnvironment(new SharedRedisServer);

}  // namespace

INSTANTIATE_TEST_SUITE_P(Redis, ClientSuite,
                         ::testing::Values(snf::test::StoreTarget{
                             "redis", &SharedRedisServer::uri,
                             "redis-server could not be started (see the failure above)"}),
                         snf::test::StoreTargetName);
