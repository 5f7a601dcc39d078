// FakeBackend: a Backend for tests of the client core. Objects live in a private
// EmbeddedStore; tests can run hooks before or after each request reaches it, fail whole
// batches, and hold async ops in flight until they release them.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "async_op.hh"
#include "backend.hh"
#include "embedded_store.hh"

namespace snf::test {

class FakeBackend final : public Backend {
public:
    std::shared_ptr<EmbeddedStore> store = std::make_shared<EmbeddedStore>();
    std::function<void(const Request&)> before_request;  // runs outside any lock
    std::function<void(const Request&)> after_request;
    int32_t batch_status = SNF_OK;                        // != OK: execute fails whole
    std::atomic<bool> hold_async{false};
    std::atomic<uint64_t> reconnect_count{0};
    std::atomic<int> executed{0};                         // requests that reached the store

    const char* name() const noexcept override { return "fake"; }
    int32_t ping(std::string&) override { return SNF_OK; }
    int32_t create_table(std::string_view name, uint64_t& id, std::string& error) override {
        return store->create_table(name, id, error);
    }
    int32_t get_table_id(std::string_view name, uint64_t& id, std::string& error) override {
        return store->get_table_id(name, id, error);
    }
    int32_t drop_table(std::string_view name, std::string& error) override {
        return store->drop_table(name, error);
    }

    int32_t execute(const Request* requests, Result* results, size_t count,
                    std::string& error) override {
        if (batch_status != SNF_OK) {
            error = "fake batch failure";
            return batch_status;
        }
        for (size_t i = 0; i < count; ++i) {
            if (before_request) before_request(requests[i]);
            store->execute(requests[i], results[i]);
            executed.fetch_add(1);
            if (after_request) after_request(requests[i]);
        }
        return SNF_OK;
    }

    void submit(AsyncOp* op) override {
        if (hold_async) {
            std::lock_guard lock(mutex_);
            held_.push_back(op);
            return;
        }
        complete(op);
    }

    // Completes every held op, in submission order.
    void release_held() {
        for (AsyncOp* op : take_held()) complete(op);
    }

    size_t held_count() {
        std::lock_guard lock(mutex_);
        return held_.size();
    }

    int32_t drain(int64_t timeout_ms) override {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (held_count() != 0) {
            if (timeout_ms >= 0 && std::chrono::steady_clock::now() >= deadline) return SNF_ERR_TIMEOUT;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return SNF_OK;
    }

    void shutdown() override {
        for (AsyncOp* op : take_held()) {
            Result closed;
            closed.status = SNF_ERR_CLOSED;
            closed.error = "client closed";
            op->complete(std::move(closed));
            op->release();
        }
    }

    uint64_t reconnects() const noexcept override { return reconnect_count.load(); }

private:
    void complete(AsyncOp* op) {
        Result result;
        store->execute(op->request(), result);
        op->complete(std::move(result));
        op->release();
    }

    std::deque<AsyncOp*> take_held() {
        std::lock_guard lock(mutex_);
        std::deque<AsyncOp*> ops;
        ops.swap(held_);
        return ops;
    }

    std::mutex mutex_;
    std::deque<AsyncOp*> held_;
};

}  // namespace snf::test
