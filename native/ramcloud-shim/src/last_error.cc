// Per-thread last error: one slot per thread (handle + message). The message string's
// capacity is reused, so repeated failures do not allocate once it has grown.
#include "last_error.hh"

#include "status.hh"

namespace snf {
namespace {

struct LastError {
    const void* handle = nullptr;
    const char* text = nullptr;  // nullptr: no failure recorded
    std::string message;
};

thread_local LastError t_last_error;

}  // namespace

void set_last_error(const void* handle, int32_t status, std::string&& message) noexcept {
    LastError& slot = t_last_error;
    slot.handle = handle;
    if (message.empty()) {
        slot.text = status_message(status);
        return;
    }
    try {
        slot.message = std::move(message);
        slot.text = slot.message.c_str();
    } catch (...) {
        // The message could not be stored; the static description still says what failed.
        slot.text = status_message(status);
    }
}

const char* last_error(const void* handle) noexcept {
    const LastError& slot = t_last_error;
    return slot.text != nullptr && slot.handle == handle ? slot.text : "";
}

void forget_last_error(const void* handle) noexcept {
    LastError& slot = t_last_error;
    if (slot.text != nullptr && slot.handle == handle) {
        slot.text = nullptr;
        slot.handle = nullptr;
    }
}

}  // namespace snf
