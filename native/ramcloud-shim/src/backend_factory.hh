// Chooses and opens the Backend for a parsed store URI, by scheme.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "backend.hh"
#include "uri.hh"

namespace snf {

// embedded -> EmbeddedBackend; redis -> the Redis backend; ramcloud -> SNF_ERR_NOT_SUPPORTED
// until a RAMCloud backend is built in. On failure `out` is untouched and `error` says why.
int32_t open_backend(const StoreUri& uri, std::unique_ptr<Backend>& out, std::string& error);

}  // namespace snf
