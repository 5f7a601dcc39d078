// Backend: what a store must offer the client core. One implementation per store
// (embedded, redis; ramcloud later). The client core validates arguments, keeps
// statistics and maps nothing: a backend returns snf_status codes and a message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "snf/snf_client.h"

namespace snf {

class AsyncOp;

// One object operation. Views point at memory that outlives the call (the caller's
// buffers for blocking calls, the AsyncOp's own copies for async ones).
struct Request {
    enum class Kind : uint8_t { Read, Write, Remove };
    Kind kind = Kind::Read;
    uint64_t table_id = 0;
    std::string_view key;
    std::string_view value;       // Write only
    snf_reject_rules rules{};     // all zero: unconditional
    uint64_t ttl_ms = 0;          // Write only; 0: no expiry
};

struct Result {
    int32_t status = SNF_OK;
    uint64_t version = 0;         // read, written or removed version; 0 if none
    std::string value;            // Read only
    std::string error;            // message when status != SNF_OK
};

// True when no rule is set, so the backend may take its fast unconditional path.
inline bool rules_empty(const snf_reject_rules& r) {
    return !r.doesnt_exist && !r.exists && !r.version_le_given && !r.version_ne_given;
}

// The status a conditional operation gets for an object that exists (exists = true,
// at `version`) or not; SNF_OK when the rules let it through. Shared by every backend
// that evaluates rules itself.
inline int32_t check_rules(const snf_reject_rules& r, bool exists, uint64_t version) {
    if (!exists) return r.doesnt_exist ? SNF_ERR_OBJECT_DOESNT_EXIST : SNF_OK;
    if (r.exists) return SNF_ERR_OBJECT_EXISTS;
    if (r.version_le_given && version <= r.given_version) return SNF_ERR_WRONG_VERSION;
    if (r.version_ne_given && version != r.given_version) return SNF_ERR_WRONG_VERSION;
    return SNF_OK;
}

class Backend {
public:
    virtual ~Backend() = default;

    virtual const char* name() const noexcept = 0;
    virtual int32_t ping(std::string& error) = 0;

    virtual int32_t create_table(std::string_view name, uint64_t& id, std::string& error) = 0;
    virtual int32_t get_table_id(std::string_view name, uint64_t& id, std::string& error) = 0;
    virtual int32_t drop_table(std::string_view name, std::string& error) = 0;

    // Runs `count` requests, in one round trip where the store allows. Returns SNF_OK when
    // every results[i] holds that request's own outcome, or an error for the whole batch
    // (then results are unspecified). Thread-safe.
    virtual int32_t execute(const Request* requests, Result* results, size_t count,
                            std::string& error) = 0;

    // Starts an async operation. The backend holds a reference (op->retain() was called
    // by the caller on its behalf) and calls op->complete() exactly once, then
    // op->release(). Thread-safe.
    virtual void submit(AsyncOp* op) = 0;

    // Waits until every op submitted so far completed; SNF_ERR_TIMEOUT after timeout_ms
    // (< 0: forever).
    virtual int32_t drain(int64_t timeout_ms) = 0;

    // Completes every pending op with SNF_ERR_CLOSED and stops background threads. Called
    // once, before destruction.
    virtual void shutdown() = 0;

    // Successful reconnections since open (for statistics).
    virtual uint64_t reconnects() const noexcept { return 0; }
};

}  // namespace snf
