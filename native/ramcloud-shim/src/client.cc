// Client implementation: argument checks, timing and statistics around backend calls,
// and the copying of results into the caller's buffers.
#include "client.hh"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>
#include <vector>

#include "arguments.hh"
#include "async_op.hh"
#include "backend_factory.hh"
#include "status.hh"
#include "steady_time.hh"
#include "uri.hh"

namespace snf {
namespace {

using Clock = std::chrono::steady_clock;

uint64_t elapsed_ns(Clock::time_point start) noexcept {
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
}

constexpr snf_reject_rules kNoRules{};

const snf_reject_rules& rules_or_none(const snf_reject_rules* rules) noexcept {
    return rules != nullptr ? *rules : kNoRules;
}

uint32_t length_u32(size_t length) noexcept {
    return static_cast<uint32_t>(std::min<size_t>(length, std::numeric_limits<uint32_t>::max()));
}

// A blocking read needs a Result only until its value is copied out. Each thread keeps
// one whose value buffer is reused, so a read allocates nothing once the buffer has grown
// to the values it sees. A nested read on the same thread (a completion callback that
// reads, run by a backend inside another call) gets a fresh Result instead.
constexpr size_t kScratchKeepBytes = 64 * 1024;  // larger buffers are not kept around
thread_local Result t_scratch;
thread_local bool t_scratch_busy = false;

class ScratchResult {
public:
    ScratchResult() noexcept : result_(t_scratch_busy ? &own_ : &t_scratch) {
        if (result_ == &t_scratch) t_scratch_busy = true;
        result_->status = SNF_OK;
        result_->version = 0;
        result_->value.clear();
        result_->error.clear();
    }
    ~ScratchResult() {
        if (result_ != &t_scratch) return;
        if (t_scratch.value.capacity() > kScratchKeepBytes) std::string().swap(t_scratch.value);
        t_scratch_busy = false;
    }
    ScratchResult(const ScratchResult&) = delete;
    ScratchResult& operator=(const ScratchResult&) = delete;

    Result& get() noexcept { return *result_; }

private:
    Result own_;
    Result* result_;
};

std::string too_small_message(size_t needed, uint32_t capacity) {
    return "value is " + std::to_string(needed) + " bytes but the buffer holds " +
           std::to_string(capacity);
}

}  // namespace

// ---- Lifetime ------------------------------------------------------------------------

int32_t Client::open(std::string_view uri, std::shared_ptr<Client>& out, std::string& error) {
    StoreUri parsed;
    if (int32_t status = parse_store_uri(uri, parsed, error)) return status;
    std::unique_ptr<Backend> backend;
    if (int32_t status = open_backend(parsed, backend, error)) return status;
    out = std::make_shared<Client>(std::move(backend));
    return SNF_OK;
}

Client::Client(std::unique_ptr<Backend> backend) : backend_(std::move(backend)) {
    stats_.reset(backend_->reconnects());
}

Client::~Client() {
    try {
        backend_->shutdown();
    } catch (...) {
        // Nothing sensible is left to do with a failure while closing.
    }
}

int32_t Client::ping(std::string& error) {
    if (int32_t status = backend_->ping(error)) return rejected(status);
    return SNF_OK;
}

void Client::stats(snf_client_stats& out) const noexcept {
    stats_.snapshot(out, backend_->reconnects());
}

void Client::reset_stats() noexcept { stats_.reset(backend_->reconnects()); }

// ---- Tables --------------------------------------------------------------------------

int32_t Client::create_table(std::string_view name, uint64_t& id, std::string& error) {
    if (int32_t status = check_table_name(name, error)) return rejected(status);
    if (int32_t status = backend_->create_table(name, id, error)) return rejected(status);
    return SNF_OK;
}

int32_t Client::get_table_id(std::string_view name, uint64_t& id, std::string& error) {
    if (int32_t status = check_table_name(name, error)) return rejected(status);
    if (int32_t status = backend_->get_table_id(name, id, error)) return rejected(status);
    return SNF_OK;
}

int32_t Client::drop_table(std::string_view name, std::string& error) {
    if (int32_t status = check_table_name(name, error)) return rejected(status);
    if (int32_t status = backend_->drop_table(name, error)) return rejected(status);
    return SNF_OK;
}

// ---- Operations on checked arguments ---------------------------------------------------

int32_t Client::run(const Request& request, Result& result, uint64_t& latency_ns,
                    std::string& error) {
    const auto start = Clock::now();
    int32_t batch_status;
    {
        // The embedded store takes the operation's time from this reading instead of
        // reading the clock again.
        const OperationClock operation_time(start);
        batch_status = backend_->execute(&request, &result, 1, error);
    }
    latency_ns = elapsed_ns(start);
    if (batch_status != SNF_OK) return batch_status;
    if (result.status != SNF_OK && !result.error.empty()) error = std::move(result.error);
    return result.status;
}

int32_t Client::read_checked(uint64_t table_id, std::string_view key,
                             const snf_reject_rules& rules, Result& result, std::string& error) {
    Request request;
    request.kind = Request::Kind::Read;
    request.table_id = table_id;
    request.key = key;
    request.rules = rules;
    uint64_t latency_ns = 0;
    const int32_t status = run(request, result, latency_ns, error);
    stats_.record(OpKind::Read, latency_ns, status == SNF_OK ? result.value.size() : 0,
                  status == SNF_OK);
    return status;
}

int32_t Client::write_checked(uint64_t table_id, std::string_view key, std::string_view value,
                              const snf_reject_rules& rules, uint64_t ttl_ms, uint64_t& version,
                              std::string& error) {
    Request request;
    request.kind = Request::Kind::Write;
    request.table_id = table_id;
    request.key = key;
    request.value = value;
    request.rules = rules;
    request.ttl_ms = ttl_ms;
    Result result;
    uint64_t latency_ns = 0;
    const int32_t status = run(request, result, latency_ns, error);
    stats_.record(OpKind::Write, latency_ns, key.size() + value.size(), status == SNF_OK);
    version = result.version;
    return status;
}

int32_t Client::remove_checked(uint64_t table_id, std::string_view key,
                               const snf_reject_rules& rules, uint64_t& version,
                               std::string& error) {
    Request request;
    request.kind = Request::Kind::Remove;
    request.table_id = table_id;
    request.key = key;
    request.rules = rules;
    Result result;
    uint64_t latency_ns = 0;
    const int32_t status = run(request, result, latency_ns, error);
    stats_.record(OpKind::Remove, latency_ns, 0, status == SNF_OK);
    version = result.version;
    return status;
}

// ---- Checked object operations -------------------------------------------------------

int32_t Client::read(uint64_t table_id, const void* key, uint32_t key_length,
                     const snf_reject_rules* rules, void* buffer, uint32_t capacity,
                     uint32_t* out_length, uint64_t* out_version, std::string& error) {
    if (int32_t status = check_key(key, key_length, error)) return rejected(status);
    if (int32_t status = check_reject_rules(rules, error)) return rejected(status);
    if (int32_t status = check_buffer(buffer, capacity, error)) return rejected(status);

    ScratchResult scratch;
    Result& result = scratch.get();
    if (int32_t status =
            read_checked(table_id, bytes_view(key, key_length), rules_or_none(rules), result, error))
        return status;
    const size_t length = result.value.size();
    if (length > capacity) {
        if (out_length != nullptr) *out_length = length_u32(length);
        error = too_small_message(length, capacity);
        return rejected(SNF_ERR_BUFFER_TOO_SMALL);
    }
    if (length != 0) std::memcpy(buffer, result.value.data(), length);
    if (out_length != nullptr) *out_length = static_cast<uint32_t>(length);
    if (out_version != nullptr) *out_version = result.version;
    return SNF_OK;
}

int32_t Client::write(uint64_t table_id, const void* key, uint32_t key_length, const void* value,
                      uint32_t value_length, const snf_reject_rules* rules, uint64_t ttl_ms,
                      uint64_t* out_version, std::string& error) {
    if (int32_t status = check_key(key, key_length, error)) return rejected(status);
    if (int32_t status = check_value(value, value_length, error)) return rejected(status);
    if (int32_t status = check_reject_rules(rules, error)) return rejected(status);
    uint64_t version = 0;
    if (int32_t status = write_checked(table_id, bytes_view(key, key_length),
                                       bytes_view(value, value_length), rules_or_none(rules),
                                       ttl_ms, version, error))
        return status;
    if (out_version != nullptr) *out_version = version;
    return SNF_OK;
}

int32_t Client::remove(uint64_t table_id, const void* key, uint32_t key_length,
                       const snf_reject_rules* rules, uint64_t* out_version, std::string& error) {
    if (int32_t status = check_key(key, key_length, error)) return rejected(status);
    if (int32_t status = check_reject_rules(rules, error)) return rejected(status);
    uint64_t version = 0;
    if (int32_t status = remove_checked(table_id, bytes_view(key, key_length),
                                        rules_or_none(rules), version, error))
        return status;
    if (out_version != nullptr) *out_version = version;
    return SNF_OK;
}

int32_t Client::multi_read(snf_multi_read_op* ops, uint32_t count, std::string& error) {
    if (count == 0) return SNF_OK;
    if (ops == nullptr)
        return rejected(fail(error, SNF_ERR_INVALID_ARGUMENT,
                             "ops is NULL but count is " + std::to_string(count)));

    // Ops with bad arguments get their own status; the rest go to the store together.
    std::vector<Request> requests;
    std::vector<uint32_t> op_of_request;
    requests.reserve(count);
    op_of_request.reserve(count);
    std::string op_error;
    for (uint32_t i = 0; i < count; ++i) {
        snf_multi_read_op& op = ops[i];
        op.value_length = 0;
        op.version = 0;
        int32_t status = check_key(op.key, op.key_length, op_error);
        if (status == SNF_OK) status = check_buffer(op.buffer, op.buffer_capacity, op_error);
        op.status = status;
        if (status != SNF_OK) {
            stats_.record_error();
            continue;
        }
        Request request;
        request.kind = Request::Kind::Read;
        request.table_id = op.table_id;
        request.key = bytes_view(op.key, op.key_length);
        requests.push_back(request);
        op_of_request.push_back(i);
    }
    if (requests.empty()) return SNF_OK;

    std::vector<Result> results(requests.size());
    const auto start = Clock::now();
    const int32_t batch_status =
        backend_->execute(requests.data(), results.data(), requests.size(), error);
    const uint64_t latency_ns = elapsed_ns(start);
    if (batch_status != SNF_OK) {
        for (size_t j = 0; j < requests.size(); ++j) stats_.record(OpKind::Read, latency_ns, 0, false);
        return batch_status;
    }
    for (size_t j = 0; j < requests.size(); ++j) {
        snf_multi_read_op& op = ops[op_of_request[j]];
        const Result& result = results[j];
        op.status = result.status;
        if (result.status == SNF_OK) {
            const size_t length = result.value.size();
            op.value_length = length_u32(length);
            if (length > op.buffer_capacity) {
                op.status = SNF_ERR_BUFFER_TOO_SMALL;
                stats_.record_error();
            } else {
                if (length != 0) std::memcpy(op.buffer, result.value.data(), length);
                op.version = result.version;
            }
        }
        stats_.record(OpKind::Read, latency_ns,
                      result.status == SNF_OK ? result.value.size() : 0, result.status == SNF_OK);
    }
    return SNF_OK;
}

int32_t Client::multi_write(snf_multi_write_op* ops, uint32_t count, std::string& error) {
    if (count == 0) return SNF_OK;
    if (ops == nullptr)
        return rejected(fail(error, SNF_ERR_INVALID_ARGUMENT,
                             "ops is NULL but count is " + std::to_string(count)));

    std::vector<Request> requests;
    std::vector<uint32_t> op_of_request;
    requests.reserve(count);
    op_of_request.reserve(count);
    std::string op_error;
    for (uint32_t i = 0; i < count; ++i) {
        snf_multi_write_op& op = ops[i];
        op.version = 0;
        int32_t status = check_key(op.key, op.key_length, op_error);
        if (status == SNF_OK) status = check_value(op.value, op.value_length, op_error);
        if (status == SNF_OK) status = check_reject_rules(&op.reject, op_error);
        if (status == SNF_OK && op.reserved != 0) status = SNF_ERR_INVALID_ARGUMENT;
        op.status = status;
        if (status != SNF_OK) {
            stats_.record_error();
            continue;
        }
        Request request;
        request.kind = Request::Kind::Write;
        request.table_id = op.table_id;
        request.key = bytes_view(op.key, op.key_length);
        request.value = bytes_view(op.value, op.value_length);
        request.rules = op.reject;
        request.ttl_ms = op.ttl_ms;
        requests.push_back(request);
        op_of_request.push_back(i);
    }
    if (requests.empty()) return SNF_OK;

    std::vector<Result> results(requests.size());
    const auto start = Clock::now();
    const int32_t batch_status =
        backend_->execute(requests.data(), results.data(), requests.size(), error);
    const uint64_t latency_ns = elapsed_ns(start);
    for (size_t j = 0; j < requests.size(); ++j) {
        const bool ok = batch_status == SNF_OK && results[j].status == SNF_OK;
        stats_.record(OpKind::Write, latency_ns, requests[j].key.size() + requests[j].value.size(), ok);
    }
    if (batch_status != SNF_OK) return batch_status;
    for (size_t j = 0; j < requests.size(); ++j) {
        snf_multi_write_op& op = ops[op_of_request[j]];
        op.status = results[j].status;
        if (op.status == SNF_OK) op.version = results[j].version;
    }
    return SNF_OK;
}

// ---- Async -----------------------------------------------------------------------------

int32_t Client::submit(Request::Kind kind, uint64_t table_id, const void* key,
                       uint32_t key_length, const void* value, uint32_t value_length,
                       const snf_reject_rules* rules, uint64_t ttl_ms, snf_completion_fn callback,
                       void* user_data, snf_op** out_op, std::string& error) {
    if (int32_t status = check_key(key, key_length, error)) return rejected(status);
    if (kind == Request::Kind::Write) {
        if (int32_t status = check_value(value, value_length, error)) return rejected(status);
    } else {
        value_length = 0;
        ttl_ms = 0;
    }
    if (kind == Request::Kind::Read) rules = nullptr;
    if (int32_t status = check_reject_rules(rules, error)) return rejected(status);

    auto* op = new AsyncOp(kind, table_id, bytes_view(key, key_length),
                           bytes_view(value, value_length), rules, ttl_ms, callback, user_data,
                           &stats_);
    stats_.record_async_submitted();
    // The backend's reference. A backend that throws from submit() has not taken the op,
    // but it may have half-queued it, so the op is deliberately leaked rather than freed.
    op->retain();
    backend_->submit(op);
    if (out_op != nullptr)
        *out_op = reinterpret_cast<snf_op*>(op);
    else
        op->release();  // the caller's reference: the op now frees itself when done
    return SNF_OK;
}

int32_t Client::drain(int64_t timeout_ms, std::string& error) {
    if (int32_t status = backend_->drain(timeout_ms)) {
        if (error.empty()) {
            error = status == SNF_ERR_TIMEOUT
                        ? "operations still in flight after " + std::to_string(timeout_ms) + " ms"
                        : std::string(status_message(status));
        }
        return rejected(status);
    }
    return SNF_OK;
}

}  // namespace snf
