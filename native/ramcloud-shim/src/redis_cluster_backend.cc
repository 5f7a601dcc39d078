// RedisClusterBackend: the Backend interface on Redis Cluster. Blocking calls share one
// set of node connections under a mutex (table calls in redis_cluster_tables.cc, object
// batches in redis_cluster_batch.cc); async ops go to RedisClusterAsync, started on first
// use with connections of its own. Both share the slot map, so a MOVED learned on one
// path serves the other, and count their reconnects into one counter.
#include "redis_cluster_backend.hh"

#include <atomic>
#include <memory>
#include <mutex>

#include "async_op.hh"
#include "redis_cluster_async.hh"
#include "redis_cluster_batch.hh"
#include "redis_cluster_nodes.hh"
#include "redis_cluster_options.hh"
#include "redis_cluster_tables.hh"

namespace snf {
namespace {

class RedisClusterBackend final : public Backend {
public:
    explicit RedisClusterBackend(const redis::ClusterOptions& options)
        : options_(options),
          topology_(std::make_shared<redis::ClusterTopology>(options.seeds)),
          reconnects_(std::make_shared<std::atomic<uint64_t>>(0)),
          nodes_(options_, topology_, reconnects_) {}

    ~RedisClusterBackend() override { shutdown(); }

    // Learns the slot map; failing it fails the open.
    int32_t connect(std::string& error) {
        std::lock_guard<std::mutex> lock(mutex_);
        return nodes_.refresh(error);
    }

    const char* name() const noexcept override { return "redis-cluster"; }

    int32_t ping(std::string& error) override {
        std::lock_guard<std::mutex> lock(mutex_);
        return redis::cluster_ping(nodes_, error);
    }

    int32_t create_table(std::string_view name, uint64_t& id, std::string& error) override {
        std::lock_guard<std::mutex> lock(mutex_);
        return redis::cluster_create_table(nodes_, name, id, error);
    }

    int32_t get_table_id(std::string_view name, uint64_t& id, std::string& error) override {
        std::lock_guard<std::mutex> lock(mutex_);
        return redis::cluster_get_table_id(nodes_, name, id, error);
    }

    int32_t drop_table(std::string_view name, std::string& error) override {
        std::lock_guard<std::mutex> lock(mutex_);
        return redis::cluster_drop_table(nodes_, name, error);
    }

    int32_t execute(const Request* requests, Result* results, size_t count,
                    std::string& error) override {
        std::lock_guard<std::mutex> lock(mutex_);
        return redis::execute_cluster_batch(nodes_, requests, results, count, error);
    }

    void submit(AsyncOp* op) override {
        redis::RedisClusterAsync* async = async_raw_.load(std::memory_order_acquire);
        if (!async) async = start_async(op);
        if (async) async->submit(op);
    }

    int32_t drain(int64_t timeout_ms) override {
        redis::RedisClusterAsync* async = async_raw_.load(std::memory_order_acquire);
        return async ? async->drain(timeout_ms) : SNF_OK;
    }

    void shutdown() override {
        std::shared_ptr<redis::RedisClusterAsync> async;
        {
            std::lock_guard<std::mutex> lock(async_mutex_);
            closed_ = true;
            async = async_;
        }
        if (async) async->shutdown();
        std::lock_guard<std::mutex> lock(mutex_);
        nodes_.close();
    }

    uint64_t reconnects() const noexcept override {
        return reconnects_->load(std::memory_order_relaxed);
    }

private:
    // Starts the async thread for the first op; completes the op with the reason if it
    // cannot (then returns nullptr).
    redis::RedisClusterAsync* start_async(AsyncOp* op) {
        Result failure;
        {
            std::lock_guard<std::mutex> lock(async_mutex_);
            if (async_) return async_.get();
            if (closed_) {
                failure.status = SNF_ERR_CLOSED;
                failure.error = "the client is shutting down";
            } else {
                failure.status = redis::RedisClusterAsync::start(options_, topology_, reconnects_,
                                                                 async_, failure.error);
                if (failure.status == SNF_OK) {
                    async_raw_.store(async_.get(), std::memory_order_release);
                    return async_.get();
                }
            }
        }
        op->complete(std::move(failure));
        op->release();
        return nullptr;
    }

    const redis::ClusterOptions options_;
    std::shared_ptr<redis::ClusterTopology> topology_;
    std::shared_ptr<std::atomic<uint64_t>> reconnects_;

    std::mutex mutex_;  // the blocking path
    redis::ClusterNodes nodes_;

    std::mutex async_mutex_;
    std::shared_ptr<redis::RedisClusterAsync> async_;
    std::atomic<redis::RedisClusterAsync*> async_raw_{nullptr};  // lock-free submit path
    bool closed_ = false;
};

}  // namespace

int32_t open_redis_cluster_backend(const StoreUri& uri, std::unique_ptr<Backend>& out,
                                   std::string& error) {
    redis::ClusterOptions options;
    if (int32_t st = redis::parse_redis_cluster_options(uri, options, error)) return st;
    std::unique_ptr<RedisClusterBackend> backend;
    try {
        backend = std::make_unique<RedisClusterBackend>(options);
    } catch (const std::bad_alloc&) {
        error = "out of memory opening the redis-cluster backend";
        return SNF_ERR_NO_MEMORY;
    }
    if (int32_t st = backend->connect(error)) return st;
    out = std::move(backend);
    return SNF_OK;
}

}  // namespace snf
