#include "ramcloud_backend.hh"

#include <chrono>
#include <memory>
#include <vector>

#include "async_op.hh"
#include "ramcloud_expiry.hh"
#include "status.hh"

namespace snf {

using namespace ramcloud;

namespace {

constexpr size_t kMaxRamCloudKey = 65535;     // RAMCloud keys carry a 16-bit length
constexpr int kConditionalAttempts = 8;        // read-check-write rounds before giving up
constexpr uint32_t kInitialReadCapacity = 4096 + kExpiryHeaderLength;

// RAMCloud's status as ours, with a message naming the operation.
int32_t map_status(Status s, const char* what, std::string& error) {
    int32_t ours;
    switch (s) {
        case STATUS_OK: return SNF_OK;
        case STATUS_UNKNOWN_TABLE:
        case STATUS_TABLE_DOESNT_EXIST: ours = SNF_ERR_TABLE_DOESNT_EXIST; break;
        case STATUS_OBJECT_DOESNT_EXIST: ours = SNF_ERR_OBJECT_DOESNT_EXIST; break;
        case STATUS_OBJECT_EXISTS: ours = SNF_ERR_OBJECT_EXISTS; break;
        case STATUS_WRONG_VERSION: ours = SNF_ERR_WRONG_VERSION; break;
        case STATUS_COULDNT_CONNECT:
        case STATUS_SERVICE_NOT_AVAILABLE:
        case STATUS_SERVER_DOESNT_EXIST:
        case STATUS_RETRY: ours = SNF_ERR_CONNECTION; break;
        case STATUS_TIMEOUT: ours = SNF_ERR_TIMEOUT; break;
        case STATUS_UNIMPLEMENTED_REQUEST: ours = SNF_ERR_NOT_SUPPORTED; break;
        case STATUS_REQUEST_TOO_LARGE: ours = SNF_ERR_VALUE_TOO_LARGE; break;
        case STATUS_INVALID_PARAMETER: ours = SNF_ERR_INVALID_ARGUMENT; break;
        case STATUS_MESSAGE_TOO_SHORT:
        case STATUS_REQUEST_FORMAT_ERROR:
        case STATUS_RESPONSE_FORMAT_ERROR: ours = SNF_ERR_PROTOCOL; break;
        default: ours = SNF_ERR_INTERNAL; break;
    }
    error = std::string("RAMCloud ") + what + " failed with status " +
            std::to_string(static_cast<int>(s)) + " (" + status_name(ours) + ")";
    return ours;
}

RejectRules unchanged_since(uint64_t version) {
    return RejectRules{version, /*doesntExist*/ 1, /*exists*/ 0, /*versionLeGiven*/ 0,
                       /*versionNeGiven*/ 1};
}

constexpr RejectRules kMustBeAbsent{0, 0, 1, 0, 0};

uint16_t key_length(std::string_view key) { return static_cast<uint16_t>(key.size()); }

// Storage for RAMCloud's multi-op objects, whose size only the library knows: one slot
// per op, each rounded up to max_align_t so every object is suitably aligned.
struct MultiOpObjects {
    MultiOpObjects(const RamCloudLibrary& lib, MultiOp type, size_t count)
        : lib(lib), type(type),
          slots_per_object((lib.multi_op_size_of(type) + sizeof(std::max_align_t) - 1) /
                           sizeof(std::max_align_t)),
          storage(slots_per_object * count), pointers(count) {
        for (size_t i = 0; i < count; ++i) pointers[i] = &storage[i * slots_per_object];
    }
    ~MultiOpObjects() {
        for (size_t i = 0; i < created; ++i) lib.multi_op_destroy(pointers[i], type);
    }
    const RamCloudLibrary& lib;
    MultiOp type;
    size_t slots_per_object;
    std::vector<std::max_align_t> storage;
    std::vector<void*> pointers;
    size_t created = 0;  // objects constructed so far, destroyed at the end
};

}  // namespace

int32_t open_ramcloud_backend(const StoreUri& uri, std::unique_ptr<Backend>& out,
                              std::string& error) {
    if (int32_t st = uri_reject_unknown_options(uri, "lib,cluster,server_span", error)) return st;
    uint64_t span = 1;
    if (int32_t st = uri_option_u64(uri, "server_span", 1, 1024, span, error)) return st;
    if (span == 0) return fail(error, SNF_ERR_BAD_URI, "option server_span must be at least 1");
    auto lib_option = uri.options.find("lib");
    auto cluster_option = uri.options.find("cluster");
    std::string cluster = cluster_option != uri.options.end() ? cluster_option->second : "main";

    std::shared_ptr<RamCloudLibrary> lib;
    if (int32_t st = load_ramcloud_library(
            lib_option != uri.options.end() ? lib_option->second : std::string(), lib, error))
        return st;
    rc_client* client = nullptr;
    Status s = lib->connect(uri.locator.c_str(), cluster.c_str(), &client);
    if (s != STATUS_OK || !client) {
        int32_t st = s == STATUS_OK ? SNF_ERR_CONNECTION : map_status(s, "connect", error);
        if (st == SNF_ERR_INTERNAL) st = SNF_ERR_CONNECTION;
        return fail(error, st, "could not connect to RAMCloud at '" + uri.locator +
                                   "' (cluster '" + cluster + "'): status " +
                                   std::to_string(static_cast<int>(s)));
    }
    out = std::make_unique<RamCloudBackend>(std::move(lib), client, static_cast<uint32_t>(span));
    return SNF_OK;
}

RamCloudBackend::RamCloudBackend(std::shared_ptr<RamCloudLibrary> lib, rc_client* client,
                                 uint32_t server_span)
    : lib_(std::move(lib)), client_(client), server_span_(server_span),
      read_buffer_(kInitialReadCapacity, '\0'), completer_([this] { completion_loop(); }) {}

RamCloudBackend::~RamCloudBackend() {
    shutdown();
    lib_->disconnect(client_);
}

int32_t RamCloudBackend::ping(std::string& error) {
    // A table lookup is a round trip to the coordinator; any definite answer means alive.
    uint64_t id = 0;
    std::lock_guard lock(client_mutex_);
    Status s = lib_->get_table_id(client_, "snf:ping", &id);
    if (s == STATUS_OK || s == STATUS_TABLE_DOESNT_EXIST) return SNF_OK;
    return map_status(s, "ping", error);
}

int32_t RamCloudBackend::create_table(std::string_view name, uint64_t& id, std::string& error) {
    std::string n(name);
    std::lock_guard lock(client_mutex_);
    if (Status s = lib_->create_table(client_, n.c_str(), server_span_); s != STATUS_OK)
        return map_status(s, "createTable", error);
    return map_status(lib_->get_table_id(client_, n.c_str(), &id), "getTableId", error);
}

int32_t RamCloudBackend::get_table_id(std::string_view name, uint64_t& id, std::string& error) {
    std::string n(name);
    std::lock_guard lock(client_mutex_);
    int32_t st = map_status(lib_->get_table_id(client_, n.c_str(), &id), "getTableId", error);
    if (st == SNF_ERR_TABLE_DOESNT_EXIST) error = "no table named '" + n + "'";
    return st;
}

int32_t RamCloudBackend::drop_table(std::string_view name, std::string& error) {
    std::string n(name);
    std::lock_guard lock(client_mutex_);
    Status s = lib_->drop_table(client_, n.c_str());
    if (s == STATUS_TABLE_DOESNT_EXIST) return SNF_OK;  // dropping an absent table is fine
    return map_status(s, "dropTable", error);
}

int32_t RamCloudBackend::fetch_locked(uint64_t table_id, std::string_view key, uint64_t& version,
                                      uint64_t& deadline, std::string_view& value,
                                      std::string& error) {
    for (int attempt = 0; attempt < 3; ++attempt) {
        uint32_t actual = 0;
        Status s = lib_->read(client_, table_id, key.data(), key_length(key), nullptr, &version,
                              read_buffer_.data(), static_cast<uint32_t>(read_buffer_.size()),
                              &actual);
        if (s != STATUS_OK) return map_status(s, "read", error);
        if (actual > read_buffer_.size()) {  // grew past the buffer: read again, bigger
            read_buffer_.resize(actual);
            continue;
        }
        if (!decode_expiring_value(std::string_view(read_buffer_.data(), actual), deadline, value))
            return fail(error, SNF_ERR_PROTOCOL,
                        "object of " + std::to_string(actual) +
                            " bytes lacks the 8-byte expiry header: not written by this client");
        return SNF_OK;
    }
    return fail(error, SNF_ERR_WRONG_VERSION, "object kept growing while being read");
}

void RamCloudBackend::reap_locked(uint64_t table_id, std::string_view key, uint64_t version) {
    RejectRules rules = unchanged_since(version);
    uint64_t removed = 0;
    lib_->remove(client_, table_id, key.data(), key_length(key), &rules, &removed);
}

void RamCloudBackend::read_locked(const Request& r, Result& result) {
    uint64_t version = 0, deadline = 0;
    std::string_view value;
    int32_t st = fetch_locked(r.table_id, r.key, version, deadline, value, result.error);
    bool exists = st == SNF_OK && !expired(deadline, now_epoch_ms());
    if (st == SNF_OK && !exists) reap_locked(r.table_id, r.key, version);
    if (st != SNF_OK && st != SNF_ERR_OBJECT_DOESNT_EXIST) {
        result.status = st;
        return;
    }
    if (!exists) {
        result.status = SNF_ERR_OBJECT_DOESNT_EXIST;
        result.error = "no object with that key";
        return;
    }
    result.version = version;
    result.status = check_rules(r.rules, true, version);
    if (result.status != SNF_OK) {
        result.error = std::string("read rejected: ") + status_message(result.status);
        return;
    }
    result.value.assign(value);
}

template <typename Apply>
void RamCloudBackend::conditional_locked(const Request& r, Result& result, const char* what,
                                         Apply apply) {
    for (int attempt = 0; attempt < kConditionalAttempts; ++attempt) {
        uint64_t version = 0, deadline = 0;
        std::string_view value;
        int32_t st = fetch_locked(r.table_id, r.key, version, deadline, value, result.error);
        if (st != SNF_OK && st != SNF_ERR_OBJECT_DOESNT_EXIST) {
            result.status = st;
            return;
        }
        const bool present = st == SNF_OK;
        const bool live = present && !expired(deadline, now_epoch_ms());
        if (int32_t verdict = check_rules(r.rules, live, version)) {
            result.status = verdict;
            result.version = live ? version : 0;
            result.error = std::string(what) + " rejected: " + status_message(verdict);
            return;
        }
        const RejectRules guard = present ? unchanged_since(version) : kMustBeAbsent;
        Status s = apply(present, live, version, guard);
        if (s == STATUS_OK) {
            result.status = SNF_OK;
            result.error.clear();
            return;
        }
        if (s != STATUS_OBJECT_EXISTS && s != STATUS_OBJECT_DOESNT_EXIST && s != STATUS_WRONG_VERSION) {
            result.status = map_status(s, what, result.error);
            return;
        }
        // The guard failed: someone changed the object since it was read. Decide again.
    }
    result.status = SNF_ERR_WRONG_VERSION;
    result.error = std::string("object changed concurrently during every one of ") +
                   std::to_string(kConditionalAttempts) + " conditional " + what + " attempts";
}

void RamCloudBackend::write_locked(const Request& r, Result& result) {
    std::string stored;
    encode_expiring_value(r.value, r.ttl_ms, stored);
    auto write = [&](const RejectRules* guard) {
        return lib_->write(client_, r.table_id, r.key.data(), key_length(r.key), stored.data(),
                           static_cast<uint32_t>(stored.size()), guard, &result.version);
    };
    if (rules_empty(r.rules)) {
        result.status = map_status(write(nullptr), "write", result.error);
        return;
    }
    conditional_locked(r, result, "write",
                       [&](bool, bool, uint64_t, const RejectRules& guard) { return write(&guard); });
}

void RamCloudBackend::remove_locked(const Request& r, Result& result) {
    if (rules_empty(r.rules)) {
        Status s = lib_->remove(client_, r.table_id, r.key.data(), key_length(r.key), nullptr,
                                &result.version);
        result.status = map_status(s, "remove", result.error);
        return;
    }
    conditional_locked(r, result, "remove",
                       [&](bool present, bool live, uint64_t version, const RejectRules& guard) {
                           result.version = live ? version : 0;  // an expired object was absent
                           if (!present) return STATUS_OK;
                           uint64_t removed = 0;
                           return lib_->remove(client_, r.table_id, r.key.data(), key_length(r.key),
                                               &guard, &removed);
                       });
}

void RamCloudBackend::run_locked(const Request& r, Result& result) {
    result = Result{};
    if (r.key.size() > kMaxRamCloudKey) {
        result.status = SNF_ERR_KEY_TOO_LARGE;
        result.error = "RAMCloud keys are at most 65535 bytes";
        return;
    }
    switch (r.kind) {
        case Request::Kind::Read: read_locked(r, result); break;
        case Request::Kind::Write: write_locked(r, result); break;
        case Request::Kind::Remove: remove_locked(r, result); break;
    }
}

bool RamCloudBackend::try_multi_read_locked(const Request* requests, Result* results, size_t count) {
    for (size_t i = 0; i < count; ++i)
        if (requests[i].kind != Request::Kind::Read || !rules_empty(requests[i].rules) ||
            requests[i].key.size() > kMaxRamCloudKey)
            return false;
    MultiOpObjects objects(*lib_, MULTI_OP_READ, count);
    std::vector<std::string> buffers(count, std::string(kInitialReadCapacity, '\0'));
    std::vector<uint32_t> actual(count, 0);
    for (size_t i = 0; i < count; ++i, ++objects.created)
        lib_->multi_read_create(requests[i].table_id, requests[i].key.data(),
                                key_length(requests[i].key), buffers[i].data(),
                                kInitialReadCapacity, &actual[i], objects.pointers[i]);
    lib_->multi_read(client_, objects.pointers.data(), static_cast<uint32_t>(count));
    uint64_t now = now_epoch_ms();
    for (size_t i = 0; i < count; ++i) {
        Result& result = results[i];
        result = Result{};
        Status s = lib_->multi_op_status(objects.pointers[i], MULTI_OP_READ);
        if (s == STATUS_OK && actual[i] > kInitialReadCapacity) {  // too big for one batch slot
            run_locked(requests[i], result);
            continue;
        }
        result.status = map_status(s, "multiRead", result.error);
        if (result.status != SNF_OK) continue;
        uint64_t deadline = 0;
        std::string_view value;
        result.version = lib_->multi_op_version(objects.pointers[i], MULTI_OP_READ);
        if (!decode_expiring_value(std::string_view(buffers[i].data(), actual[i]), deadline, value)) {
            result.status = SNF_ERR_PROTOCOL;
            result.error = "object lacks the 8-byte expiry header: not written by this client";
        } else if (expired(deadline, now)) {
            reap_locked(requests[i].table_id, requests[i].key, result.version);
            result = Result{SNF_ERR_OBJECT_DOESNT_EXIST, 0, {}, "no object with that key"};
        } else {
            result.value.assign(value);
        }
    }
    return true;
}

bool RamCloudBackend::try_multi_write_locked(const Request* requests, Result* results, size_t count) {
    for (size_t i = 0; i < count; ++i)
        if (requests[i].kind != Request::Kind::Write || !rules_empty(requests[i].rules) ||
            requests[i].key.size() > kMaxRamCloudKey)
            return false;
    MultiOpObjects objects(*lib_, MULTI_OP_WRITE, count);
    std::vector<std::string> stored(count);
    for (size_t i = 0; i < count; ++i, ++objects.created) {
        encode_expiring_value(requests[i].value, requests[i].ttl_ms, stored[i]);
        lib_->multi_write_create(requests[i].table_id, requests[i].key.data(),
                                 key_length(requests[i].key), stored[i].data(),
                                 static_cast<uint32_t>(stored[i].size()), nullptr,
                                 objects.pointers[i]);
    }
    lib_->multi_write(client_, objects.pointers.data(), static_cast<uint32_t>(count));
    for (size_t i = 0; i < count; ++i) {
        results[i] = Result{};
        results[i].status = map_status(lib_->multi_op_status(objects.pointers[i], MULTI_OP_WRITE),
                                       "multiWrite", results[i].error);
        if (results[i].status == SNF_OK)
            results[i].version = lib_->multi_op_version(objects.pointers[i], MULTI_OP_WRITE);
    }
    return true;
}

int32_t RamCloudBackend::execute(const Request* requests, Result* results, size_t count,
                                 std::string& error) {
    std::lock_guard lock(client_mutex_);
    if (count > 1 && (try_multi_read_locked(requests, results, count) ||
                      try_multi_write_locked(requests, results, count)))
        return SNF_OK;
    for (size_t i = 0; i < count; ++i) run_locked(requests[i], results[i]);
    return SNF_OK;
}

void RamCloudBackend::submit(AsyncOp* op) {
    std::unique_lock lock(queue_mutex_);
    if (stopping_) {
        lock.unlock();
        op->complete(Result{SNF_ERR_CLOSED, 0, {}, "the client is shutting down"});
        op->release();
        return;
    }
    queue_.push_back(op);
    ++submitted_;
    queue_changed_.notify_all();
}

void RamCloudBackend::completion_loop() {
    std::unique_lock lock(queue_mutex_);
    for (;;) {
        queue_changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping with nothing left
        AsyncOp* op = queue_.front();
        queue_.pop_front();
        bool closing = stopping_;
        lock.unlock();
        Result result;
        if (closing) {
            result = Result{SNF_ERR_CLOSED, 0, {}, "the client is shutting down"};
        } else {
            std::lock_guard client_lock(client_mutex_);
            run_locked(op->request(), result);
        }
        op->complete(std::move(result));
        op->release();
        lock.lock();
        ++completed_;
        queue_changed_.notify_all();
    }
}

int32_t RamCloudBackend::drain(int64_t timeout_ms) {
    std::unique_lock lock(queue_mutex_);
    uint64_t target = submitted_;
    auto done = [&] { return completed_ >= target; };
    if (timeout_ms < 0) {
        queue_changed_.wait(lock, done);
        return SNF_OK;
    }
    return queue_changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), done)
               ? SNF_OK : SNF_ERR_TIMEOUT;
}

void RamCloudBackend::shutdown() {
    {
        std::lock_guard lock(queue_mutex_);
        if (stopping_ && !completer_.joinable()) return;
        stopping_ = true;
        queue_changed_.notify_all();
    }
    if (completer_.joinable()) completer_.join();
}

}  // namespace snf
