// Client: the client core behind snf_client. It owns a Backend and the statistics, checks
// every argument before the store sees it, times every object operation, and turns
// backend results into the C ABI's out-parameters. Thread-safe: it holds no state of
// its own besides the (atomic) statistics; the backend serializes what it must.
//
// Two layers of object operations:
// - read/write/remove/multi_*/submit take the C ABI's raw arguments and check them;
// - read_checked/write_checked/remove_checked take arguments already checked (the cache
//   calls them after its own checks) and only run and count the operation.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "backend.hh"
#include "stats.hh"

namespace snf {

class Client {
public:
    // Parses `uri` and opens its backend. SNF_ERR_BAD_URI, SNF_ERR_CONNECTION, ... with a
    // message in `error` on failure.
    static int32_t open(std::string_view uri, std::shared_ptr<Client>& out, std::string& error);

    explicit Client(std::unique_ptr<Backend> backend);
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;
    // Completes pending async operations (SNF_ERR_CLOSED) and stops the backend.
    ~Client();

    const char* backend_name() const noexcept { return backend_->name(); }
    Backend& backend() noexcept { return *backend_; }

    int32_t ping(std::string& error);
    void stats(snf_client_stats& out) const noexcept;
    void reset_stats() noexcept;

    int32_t create_table(std::string_view name, uint64_t& id, std::string& error);
    int32_t get_table_id(std::string_view name, uint64_t& id, std::string& error);
    int32_t drop_table(std::string_view name, std::string& error);

    // ---- Checked object operations (the C ABI's contracts) ---------------------------
    int32_t read(uint64_t table_id, const void* key, uint32_t key_length,
                 const snf_reject_rules* rules, void* buffer, uint32_t capacity,
                 uint32_t* out_length, uint64_t* out_version, std::string& error);
    int32_t write(uint64_t table_id, const void* key, uint32_t key_length, const void* value,
                  uint32_t value_length, const snf_reject_rules* rules, uint64_t ttl_ms,
                  uint64_t* out_version, std::string& error);
    int32_t remove(uint64_t table_id, const void* key, uint32_t key_length,
                   const snf_reject_rules* rules, uint64_t* out_version, std::string& error);
    int32_t multi_read(snf_multi_read_op* ops, uint32_t count, std::string& error);
    int32_t multi_write(snf_multi_write_op* ops, uint32_t count, std::string& error);

    // Starts an async operation (value and rules are ignored where they do not apply).
    int32_t submit(Request::Kind kind, uint64_t table_id, const void* key, uint32_t key_length,
                   const void* value, uint32_t value_length, const snf_reject_rules* rules,
                   uint64_t ttl_ms, snf_completion_fn callback, void* user_data,
                   snf_op** out_op, std::string& error);
    int32_t drain(int64_t timeout_ms, std::string& error);

    // ---- Operations on checked arguments -------------------------------------------
    // On SNF_OK result.value holds the value; result.version is set whatever the status.
    int32_t read_checked(uint64_t table_id, std::string_view key, const snf_reject_rules& rules,
                         Result& result, std::string& error);
    int32_t write_checked(uint64_t table_id, std::string_view key, std::string_view value,
                          const snf_reject_rules& rules, uint64_t ttl_ms, uint64_t& version,
                          std::string& error);
    int32_t remove_checked(uint64_t table_id, std::string_view key, const snf_reject_rules& rules,
                           uint64_t& version, std::string& error);

    // Counts a call that failed before any object operation ran.
    void count_error() noexcept { stats_.record_error(); }

private:
    // Runs one request; returns its final status and the time the backend took.
    int32_t run(const Request& request, Result& result, uint64_t& latency_ns, std::string& error);
    int32_t rejected(int32_t status) noexcept {
        stats_.record_error();
        return status;
    }

    Stats stats_;                       // declared first: outlives the backend's completions
    std::unique_ptr<Backend> backend_;
};

}  // namespace snf
