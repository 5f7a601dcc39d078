// The redis-cluster backend's async I/O thread (see redis_cluster_async.hh).
#include "redis_cluster_async.hh"

#include <algorithm>
#include <system_error>

#include "async_op.hh"
#include "redis_cluster_batch.hh"

namespace snf::redis {
namespace {

const char* kClosedMessage = "the client is shutting down";

void complete(AsyncOp* op, Result&& result) {
    op->complete(std::move(result));
    op->release();
}

}  // namespace

int32_t RedisClusterAsync::start(const ClusterOptions& options,
                                 std::shared_ptr<ClusterTopology> topology,
                                 std::shared_ptr<std::atomic<uint64_t>> reconnects,
                                 std::shared_ptr<RedisClusterAsync>& out, std::string& error) {
    std::shared_ptr<RedisClusterAsync> async;
    try {
        async = std::make_shared<RedisClusterAsync>(options, std::move(topology),
                                                    std::move(reconnects));
        async->thread_ = std::thread([self = async] { self->run(); });
    } catch (const std::bad_alloc&) {
        error = "out of memory starting the async thread";
        return SNF_ERR_NO_MEMORY;
    } catch (const std::system_error& e) {
        error = std::string("cannot start the async I/O thread: ") + e.what();
        return SNF_ERR_INTERNAL;
    }
    out = std::move(async);
    return SNF_OK;
}

RedisClusterAsync::RedisClusterAsync(const ClusterOptions& options,
                                     std::shared_ptr<ClusterTopology> topology,
                                     std::shared_ptr<std::atomic<uint64_t>> reconnects)
    : nodes_(options, std::move(topology), std::move(reconnects)) {}

RedisClusterAsync::~RedisClusterAsync() {
    if (thread_.joinable()) {
        if (thread_.get_id() == std::this_thread::get_id())
            thread_.detach();
        else
            thread_.join();
    }
}

void RedisClusterAsync::submit(AsyncOp* op) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        drain_.note_submitted();
        if (!stopping_) {
            queue_.push_back(op);
            op = nullptr;
        }
    }
    if (op) {
        complete(op, Result{SNF_ERR_CLOSED, 0, {}, kClosedMessage});
        drain_.note_completed(1);
        return;
    }
    wake_.notify_one();
}

void RedisClusterAsync::shutdown() {
    std::lock_guard<std::mutex> once(shutdown_mutex_);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (!thread_.joinable()) return;
    if (thread_.get_id() == std::this_thread::get_id())
        thread_.detach();  // called from a completion callback; the thread ends by itself
    else
        thread_.join();
}

void RedisClusterAsync::run() {
    drain_.set_io_thread();
    std::vector<AsyncOp*> round;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) break;
            const size_t take = std::min(queue_.size(), kMaxRound);
            round.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(take));
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(take));
        }
        run_round(round);
        round.clear();
    }
    std::vector<AsyncOp*> rest;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        rest.swap(queue_);
    }
    for (AsyncOp* op : rest) complete(op, Result{SNF_ERR_CLOSED, 0, {}, kClosedMessage});
    if (!rest.empty()) drain_.note_completed(rest.size());
    nodes_.close();
}

void RedisClusterAsync::run_round(std::vector<AsyncOp*>& ops) {
    int32_t status = SNF_OK;
    std::string error;
    requests_.clear();
    results_.clear();
    try {
        for (AsyncOp* op : ops) requests_.push_back(op->request());
        results_.resize(ops.size());
        status = execute_cluster_batch(nodes_, requests_.data(), results_.data(), requests_.size(),
                                       error);
    } catch (const std::bad_alloc&) {
        status = SNF_ERR_NO_MEMORY;
        error = "out of memory in the async I/O thread";
        nodes_.close();  // replies may be left unread: start over
    }
    for (size_t i = 0; i < ops.size(); ++i) {
        Result result = status == SNF_OK && i < results_.size()
                            ? std::move(results_[i])
                            : Result{status, 0, {}, error};
        complete(ops[i], std::move(result));
    }
    drain_.note_completed(ops.size());
}

}  // namespace snf::redis
