// The Redis backend: RAMCloud's data model (tables, binary keys, versions, conditional
// writes, TTL) on a Redis server, through hiredis. Opened for redis:// store URIs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "backend.hh"
#include "uri.hh"

namespace snf {

// Connects to the server named by `uri` (options in snf_client.h). SNF_ERR_BAD_URI for an
// unknown option or bad value, SNF_ERR_CONNECTION when the server cannot be reached (with
// hiredis's message), SNF_ERR_AUTH when it refuses the password.
int32_t open_redis_backend(const StoreUri& uri, std::unique_ptr<Backend>& out,
                           std::string& error);

}  // namespace snf
