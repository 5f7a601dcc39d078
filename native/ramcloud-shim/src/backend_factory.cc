// Backend selection. The one place that knows every backend, so the client core does not.
#include "backend_factory.hh"

#include "embedded_backend.hh"
#include "ramcloud_backend.hh"
#include "redis_backend.hh"
#include "redis_cluster_backend.hh"
#include "status.hh"

namespace snf {

int32_t open_backend(const StoreUri& uri, std::unique_ptr<Backend>& out, std::string& error) {
    if (uri.scheme == "embedded") return open_embedded_backend(uri, out, error);
    if (uri.scheme == "redis") return open_redis_backend(uri, out, error);
    if (uri.scheme == "redis-cluster") return open_redis_cluster_backend(uri, out, error);
    if (uri.scheme == "ramcloud") return open_ramcloud_backend(uri, out, error);
    return fail(error, SNF_ERR_BAD_URI, "unknown store scheme '" + uri.scheme + "'");
}

}  // namespace snf
