// EmbeddedBackend and the registry of named embedded stores.
#include "embedded_backend.hh"

#include <map>
#include <mutex>

#include "async_op.hh"
#include "status.hh"

namespace snf {
namespace {

// Named stores are held weakly (they die with their last client); the default store is
// held strongly for the life of the process. The registry is never destroyed, so a
// client closed during static destruction still finds it intact.
struct StoreRegistry {
    std::mutex mutex;
    std::shared_ptr<EmbeddedStore> default_store;
    std::map<std::string, std::weak_ptr<EmbeddedStore>, std::less<>> named;
};

StoreRegistry& registry() {
    static StoreRegistry* instance = new StoreRegistry();
    return *instance;
}

}  // namespace

std::shared_ptr<EmbeddedStore> open_embedded_store(std::string_view name) {
    StoreRegistry& reg = registry();
    std::lock_guard lock(reg.mutex);
    if (name.empty()) {
        if (!reg.default_store) reg.default_store = std::make_shared<EmbeddedStore>();
        return reg.default_store;
    }
    // Forget stores whose clients are all gone, so the map does not grow without bound.
    for (auto it = reg.named.begin(); it != reg.named.end();)
        it = it->second.expired() ? reg.named.erase(it) : std::next(it);
    auto it = reg.named.find(name);
    if (it != reg.named.end()) {
        if (auto store = it->second.lock()) return store;
    }
    auto store = std::make_shared<EmbeddedStore>();
    reg.named.insert_or_assign(std::string(name), store);
    return store;
}

int32_t open_embedded_backend(const StoreUri& uri, std::unique_ptr<Backend>& out,
                              std::string& error) {
    if (!uri.options.empty())
        return fail(error, SNF_ERR_BAD_URI,
                    "unknown option '" + uri.options.begin()->first +
                        "' for embedded store (the embedded store takes no options)");
    out = std::make_unique<EmbeddedBackend>(open_embedded_store(uri.name));
    return SNF_OK;
}

int32_t EmbeddedBackend::execute(const Request* requests, Result* results, size_t count,
                                 std::string& error) {
    for (size_t i = 0; i < count; ++i) store_->execute(requests[i], results[i]);
    return SNF_OK;
}

void EmbeddedBackend::submit(AsyncOp* op) {
    Result result;
    try {
        store_->execute(op->request(), result);
    } catch (const std::bad_alloc&) {
        result.status = SNF_ERR_NO_MEMORY;
    } catch (const std::exception& e) {
        result.status = SNF_ERR_INTERNAL;
        try {
            result.error = e.what();
        } catch (...) {  // the status alone must still reach the op
        }
    }
    op->complete(std::move(result));
    op->release();
}

}  // namespace snf
