// Status codes of the C ABI: their names and one-line descriptions, and `fail`, which
// every layer uses to fail with a code and a message.
#pragma once

#include <cstdint>
#include <string>

#include "snf/snf_client.h"

namespace snf {

// "SNF_ERR_OBJECT_EXISTS"; "SNF_ERR_UNKNOWN" for a code outside snf_status.
const char* status_name(int32_t status) noexcept;

// A one-line description; "unknown status" for a code outside snf_status.
const char* status_message(int32_t status) noexcept;

// Stores `message` in `error` and returns `status`, so a failure is one statement.
inline int32_t fail(std::string& error, int32_t status, std::string message) {
    error = std::move(message);
    return status;
}

}  // namespace snf
