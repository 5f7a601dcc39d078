// The RAMCloud backend: the client's interface on a RAMCloud cluster, through RAMCloud's C
// binding loaded at run time (ramcloud_library.hh), for URIs
//   ramcloud:LOCATOR[?lib=PATH&cluster=NAME&server_span=N]
// e.g. ramcloud:tcp:host=127.0.0.1,port=12246. RAMCloud gives tables, binary keys,
// versions and RejectRules natively; this backend adds TTL (ramcloud_expiry.hh) and async
// operations (one completion thread running the blocking C calls in submission order).
// RAMCloud's client object is single-threaded, so every call holds one mutex.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "backend.hh"
#include "ramcloud_library.hh"
#include "uri.hh"

namespace snf {

// SNF_ERR_NOT_SUPPORTED (naming the library and SNF_RAMCLOUD_LIB) when libramcloud.so cannot
// be loaded; SNF_ERR_CONNECTION when the cluster refuses; SNF_ERR_BAD_URI for bad options.
int32_t open_ramcloud_backend(const StoreUri& uri, std::unique_ptr<Backend>& out,
                              std::string& error);

class RamCloudBackend final : public Backend {
public:
    RamCloudBackend(std::shared_ptr<ramcloud::RamCloudLibrary> lib, ramcloud::rc_client* client,
                    uint32_t server_span);
    ~RamCloudBackend() override;

    const char* name() const noexcept override { return "ramcloud"; }
    int32_t ping(std::string& error) override;
    int32_t create_table(std::string_view name, uint64_t& id, std::string& error) override;
    int32_t get_table_id(std::string_view name, uint64_t& id, std::string& error) override;
    int32_t drop_table(std::string_view name, std::string& error) override;
    int32_t execute(const Request* requests, Result* results, size_t count,
                    std::string& error) override;
    void submit(AsyncOp* op) override;
    int32_t drain(int64_t timeout_ms) override;
    void shutdown() override;

private:
    // One operation with the client mutex held.
    void run_locked(const Request& request, Result& result);
    void read_locked(const Request& request, Result& result);
    void write_locked(const Request& request, Result& result);
    void remove_locked(const Request& request, Result& result);
    // A conditional write or remove: RAMCloud would count an expired object as present, so
    // the object is read, our rules decide, and `apply` runs guarded by what was read; a
    // concurrent change fails the guard and the decision is made again (bounded).
    template <typename Apply>
    void conditional_locked(const Request& request, Result& result, const char* what, Apply apply);
    // Reads the stored object: SNF_OK (value and deadline decoded), or a status.
    int32_t fetch_locked(uint64_t table_id, std::string_view key, uint64_t& version,
                         uint64_t& deadline, std::string_view& value, std::string& error);
    // Removes an expired object unless it changed since `version`; best effort.
    void reap_locked(uint64_t table_id, std::string_view key, uint64_t version);
    // Batches that RAMCloud's multi-operations can carry in one round trip.
    bool try_multi_read_locked(const Request* requests, Result* results, size_t count);
    bool try_multi_write_locked(const Request* requests, Result* results, size_t count);
    void completion_loop();

    std::shared_ptr<ramcloud::RamCloudLibrary> lib_;
    ramcloud::rc_client* client_;
    uint32_t server_span_;
    std::mutex client_mutex_;
    std::string read_buffer_;  // guarded by client_mutex_

    std::mutex queue_mutex_;
    std::condition_variable queue_changed_;
    std::deque<AsyncOp*> queue_;
    uint64_t submitted_ = 0;
    uint64_t completed_ = 0;
    bool stopping_ = false;
    std::thread completer_;
};

}  // namespace snf
