// EmbeddedBackend: the Backend for `embedded:` URIs, over an EmbeddedStore shared by name.
//
// `embedded:` is the process-wide default store: it lives until the process exits, so
// clients opened one after another see each other's data. `embedded:NAME` is a separate
// store shared by every client naming it; it lives while at least one client has it
// open, so tests and benchmarks get their memory back when they close it.
//
// Every operation completes on the calling thread: submit() runs the operation and
// completes the op before returning, and drain() has nothing to wait for.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "backend.hh"
#include "embedded_store.hh"
#include "uri.hh"

namespace snf {

// The store named `name` ("" = the default store), created on first use.
std::shared_ptr<EmbeddedStore> open_embedded_store(std::string_view name);

// Opens an embedded backend for a parsed `embedded:` URI. SNF_ERR_BAD_URI for options
// (the embedded store takes none).
int32_t open_embedded_backend(const StoreUri& uri, std::unique_ptr<Backend>& out,
                              std::string& error);

class EmbeddedBackend final : public Backend {
public:
    explicit EmbeddedBackend(std::shared_ptr<EmbeddedStore> store) : store_(std::move(store)) {}

    const char* name() const noexcept override { return "embedded"; }
    int32_t ping(std::string& error) override { return SNF_OK; }

    int32_t create_table(std::string_view name, uint64_t& id, std::string& error) override {
        return store_->create_table(name, id, error);
    }
    int32_t get_table_id(std::string_view name, uint64_t& id, std::string& error) override {
        return store_->get_table_id(name, id, error);
    }
    int32_t drop_table(std::string_view name, std::string& error) override {
        return store_->drop_table(name, error);
    }

    int32_t execute(const Request* requests, Result* results, size_t count,
                    std::string& error) override;
    void submit(AsyncOp* op) override;
    int32_t drain(int64_t timeout_ms) override { return SNF_OK; }
    void shutdown() override {}

    const std::shared_ptr<EmbeddedStore>& store() const noexcept { return store_; }

private:
    std::shared_ptr<EmbeddedStore> store_;
};

}  // namespace snf
