// RedisClusterAsync: the redis-cluster backend's asynchronous path. One I/O thread with
// connections of its own to every node takes all ops queued since its last round (up to
// kMaxRound), runs them as one batch (execute_cluster_batch: one pipeline per node, all
// nodes in flight at once, redirections and retries handled there), then completes them
// in submission order. Ops submitted while a round is in flight queue up for the next,
// so a busy client sends large pipelines and an idle one sends each op at once.
//
// Failures are those of the batch: a node that fails fails the ops it held (writes among
// them may or may not have been applied). shutdown() waits for the round in flight, then
// completes everything still queued with SNF_ERR_CLOSED. The thread keeps the object
// alive through a shared_ptr, so shutdown() from a completion callback is safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "async_drain.hh"
#include "backend.hh"
#include "redis_cluster_nodes.hh"

namespace snf {
class AsyncOp;
}

namespace snf::redis {

class RedisClusterAsync : public std::enable_shared_from_this<RedisClusterAsync> {
public:
    static constexpr size_t kMaxRound = 4096;

    static int32_t start(const ClusterOptions& options, std::shared_ptr<ClusterTopology> topology,
                         std::shared_ptr<std::atomic<uint64_t>> reconnects,
                         std::shared_ptr<RedisClusterAsync>& out, std::string& error);

    RedisClusterAsync(const ClusterOptions& options, std::shared_ptr<ClusterTopology> topology,
                      std::shared_ptr<std::atomic<uint64_t>> reconnects);
    ~RedisClusterAsync();
    RedisClusterAsync(const RedisClusterAsync&) = delete;
    RedisClusterAsync& operator=(const RedisClusterAsync&) = delete;

    // Takes over the backend's reference to `op`. Thread-safe.
    void submit(AsyncOp* op);
    // As RedisAsyncPipeline::drain.
    int32_t drain(int64_t timeout_ms) { return drain_.drain(timeout_ms); }
    void shutdown();

private:
    void run();
    void run_round(std::vector<AsyncOp*>& ops);

    // Used by the I/O thread only; the vectors keep their capacity from round to round.
    ClusterNodes nodes_;
    std::vector<Request> requests_;
    std::vector<Result> results_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<AsyncOp*> queue_;
    bool stopping_ = false;
    AsyncDrain drain_;
    std::thread thread_;
    std::mutex shutdown_mutex_;
};

}  // namespace snf::redis
