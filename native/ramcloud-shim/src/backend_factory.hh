// Chooses and opens the Backend for a parsed store URI, by scheme.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "backend.hh"
#include "uri.hh"

namespace snf {

// embedded -> EmbeddedBackend; redis -> the Redis backend; redis-cluster -> the Redis
// Cluster backend; ramcloud -> the RAMCloud backend (libramcloud.so loaded at open time).
// On failure `out` is untouched and `error` says why.
int32_t open_backend(const StoreUri& uri, std::unique_ptr<Backend>& out, std::string& error);

}  // namespace snf
