// RedisBackend: the Backend interface on Redis. Blocking calls go through RedisSession
// (one connection under a mutex: table calls in redis_tables.cc, object batches in
// redis_batch.cc); async ops go to RedisAsyncPipeline, started on first use with its own
// connection and I/O thread. Both connections count their reconnects into one counter.
//
// Reads are a plain GET, so a hit costs exactly what a bare GET does. Only a nil reply is
// followed by SISMEMBER snf:tableids <id> to tell a missing object from a dropped table:
// a NAT reads a flow's entry on every packet but misses once per flow, so checking on
// every read would double the server's work in the common case to save a round trip in
// the rare one.
#include "redis_backend.hh"

#include <atomic>
#include <memory>
#include <mutex>

#include "async_op.hh"
#include "redis_async_pipeline.hh"
#include "redis_batch.hh"
#include "redis_options.hh"
#include "redis_session.hh"
#include "redis_tables.hh"

namespace snf {
namespace {

class RedisBackend final : public Backend {
public:
    explicit RedisBackend(const redis::RedisOptions& options)
        : options_(options),
          reconnects_(std::make_shared<std::atomic<uint64_t>>(0)),
          session_(options_, reconnects_) {}

    ~RedisBackend() override { shutdown(); }

    // The first connection; failing it fails the open.
    int32_t connect(std::string& error) { return session_.connect(error); }

    const char* name() const noexcept override { return "redis"; }

    int32_t ping(std::string& error) override {
        return session_.run(redis::RedisSession::Retry::AfterReconnect, error,
                            [&](std::string& err) -> int32_t {
                                return session_.command(
                                    {"PING"}, err, [](const redisReply* r, std::string& e) -> int32_t {
                                        if (r->type == REDIS_REPLY_STATUS &&
                                            redis::reply_text(r) == "PONG")
                                            return SNF_OK;
                                        return redis::status_of_unexpected_reply(r, "PING", e);
                                    });
                            });
    }

    int32_t create_table(std::string_view name, uint64_t& id, std::string& error) override {
        return redis::create_table(session_, name, id, error);
    }

    int32_t get_table_id(std::string_view name, uint64_t& id, std::string& error) override {
        return redis::get_table_id(session_, name, id, error);
    }

    int32_t drop_table(std::string_view name, std::string& error) override {
        return redis::drop_table(session_, name, error);
    }

    int32_t execute(const Request* requests, Result* results, size_t count,
                    std::string& error) override {
        return redis::execute_batch(session_, requests, results, count, error);
    }

    void submit(AsyncOp* op) override {
        redis::RedisAsyncPipeline* pipeline = pipeline_raw_.load(std::memory_order_acquire);
        if (!pipeline) pipeline = start_pipeline(op);
        if (pipeline) pipeline->submit(op);
    }

    int32_t drain(int64_t timeout_ms) override {
        redis::RedisAsyncPipeline* pipeline = pipeline_raw_.load(std::memory_order_acquire);
        return pipeline ? pipeline->drain(timeout_ms) : SNF_OK;
    }

    void shutdown() override {
        std::shared_ptr<redis::RedisAsyncPipeline> pipeline;
        {
            std::lock_guard<std::mutex> lock(pipeline_mutex_);
            closed_ = true;
            pipeline = pipeline_;
        }
        if (pipeline) pipeline->shutdown();
        session_.close();
    }

    uint64_t reconnects() const noexcept override {
        return reconnects_->load(std::memory_order_relaxed);
    }

private:
    // Starts the async pipeline for the first op; completes the op with the reason if it
    // cannot (then returns nullptr).
    redis::RedisAsyncPipeline* start_pipeline(AsyncOp* op) {
        Result failure;
        {
            std::lock_guard<std::mutex> lock(pipeline_mutex_);
            if (pipeline_) return pipeline_.get();
            if (closed_) {
                failure.status = SNF_ERR_CLOSED;
                failure.error = "the client is shutting down";
            } else {
                failure.status = redis::RedisAsyncPipeline::start(options_, reconnects_, pipeline_,
                                                                  failure.error);
                if (failure.status == SNF_OK) {
                    pipeline_raw_.store(pipeline_.get(), std::memory_order_release);
                    return pipeline_.get();
                }
            }
        }
        op->complete(std::move(failure));
        op->release();
        return nullptr;
    }

    const redis::RedisOptions options_;
    std::shared_ptr<std::atomic<uint64_t>> reconnects_;
    redis::RedisSession session_;

    std::mutex pipeline_mutex_;
    std::shared_ptr<redis::RedisAsyncPipeline> pipeline_;
    std::atomic<redis::RedisAsyncPipeline*> pipeline_raw_{nullptr};  // lock-free submit path
    bool closed_ = false;
};

}  // namespace

int32_t open_redis_backend(const StoreUri& uri, std::unique_ptr<Backend>& out,
                           std::string& error) {
    redis::RedisOptions options;
    if (int32_t st = redis::parse_redis_options(uri, options, error)) return st;
    std::unique_ptr<RedisBackend> backend;
    try {
        backend = std::make_unique<RedisBackend>(options);
    } catch (const std::bad_alloc&) {
        error = "out of memory opening the redis backend";
        return SNF_ERR_NO_MEMORY;
    }
    if (int32_t st = backend->connect(error)) return st;
    out = std::move(backend);
    return SNF_OK;
}

}  // namespace snf
