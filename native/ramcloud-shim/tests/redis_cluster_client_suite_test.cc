// Runs the backend-independent client suite (client_suite.hh) against a real 3-master
// Redis Cluster. Each test process starts the cluster when its first cluster suite test
// needs it and stops it when the process's tests are done; tests work in tables of their
// own, so they share it. A missing redis-server or redis-cli fails the tests with the
// reason.
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>

#include "client_suite.hh"
#include "redis_cluster.hh"

namespace {

class SharedRedisCluster : public ::testing::Environment {
public:
    static std::string uri() {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!cluster_) {
            cluster_ = std::make_unique<snf::test::RedisCluster>();
            error_ = cluster_->start();
        }
        if (!error_.empty()) {
            ADD_FAILURE() << "cannot run a redis cluster for the client suite: " << error_;
            return "";
        }
        return cluster_->uri();
    }

    void TearDown() override {
        std::lock_guard<std::mutex> lock(mutex_);
        cluster_.reset();
    }

private:
    static inline std::mutex mutex_;
    static inline std::unique_ptr<snf::test::RedisCluster> cluster_;
    static inline std::string error_;
};

[[maybe_unused]] ::testing::Environment* const shared_cluster_environment =
    ::testing::AddGlobalTestEnvironment(new SharedRedisCluster);

}  // namespace

INSTANTIATE_TEST_SUITE_P(RedisCluster, ClientSuite,
                         ::testing::Values(snf::test::StoreTarget{
                             "redis_cluster", &SharedRedisCluster::uri,
                             "the redis cluster could not be started (see the failure above)"}),
                         snf::test::StoreTargetName);
