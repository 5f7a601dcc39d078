// The calling thread's last failure message, remembered together with the handle the
// failed call was made on. The success path never touches it: only failures write it.
#pragma once

#include <cstdint>
#include <string>

namespace snf {

// Records the failure of a call on `handle`. An empty message is replaced by the
// status's standard description so a failure never reads back as "". Never throws.
void set_last_error(const void* handle, int32_t status, std::string&& message) noexcept;

// The message of the calling thread's last failure if it was on `handle`, else "".
// Valid until the thread's next failing call.
const char* last_error(const void* handle) noexcept;

// Forgets the thread's message if it belongs to `handle` (called when a handle is freed,
// so a new handle allocated at the same address does not inherit it).
void forget_last_error(const void* handle) noexcept;

}  // namespace snf
