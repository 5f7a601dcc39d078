// What the C ABI files share: the definitions behind the opaque handles, and the guard
// every entry point runs its body in, so no C++ exception crosses the ABI and every
// failure leaves a message for snf_*_last_error.
#pragma once

#include <exception>
#include <memory>
#include <new>
#include <string>

#include "async_op.hh"
#include "client.hh"
#include "last_error.hh"
#include "lru_cache.hh"
#include "snf/snf_client.h"

struct snf_client {
    std::shared_ptr<snf::Client> impl;
};

struct snf_cache {
    std::unique_ptr<snf::Cache> impl;
};

namespace snf {

inline AsyncOp* op_of(snf_op* op) noexcept { return reinterpret_cast<AsyncOp*>(op); }
inline const AsyncOp* op_of(const snf_op* op) noexcept { return reinterpret_cast<const AsyncOp*>(op); }

// Records an exception as the last error of `handle` and returns its status.
inline int32_t failure_from_exception(const void* handle) noexcept {
    try {
        throw;
    } catch (const std::bad_alloc&) {
        set_last_error(handle, SNF_ERR_NO_MEMORY, std::string());
        return SNF_ERR_NO_MEMORY;
    } catch (const std::exception& e) {
        try {
            set_last_error(handle, SNF_ERR_INTERNAL, std::string("internal error: ") + e.what());
        } catch (...) {
            set_last_error(handle, SNF_ERR_INTERNAL, std::string());
        }
        return SNF_ERR_INTERNAL;
    } catch (...) {
        set_last_error(handle, SNF_ERR_INTERNAL, std::string());
        return SNF_ERR_INTERNAL;
    }
}

// Runs `body(error)`; a non-OK status or an exception becomes the calling thread's last
// error on `handle`. The success path touches no thread-local state.
template <class Body>
int32_t guarded(const void* handle, Body&& body) noexcept {
    try {
        std::string error;
        const int32_t status = body(error);
        if (status != SNF_OK) set_last_error(handle, status, std::move(error));
        return status;
    } catch (...) {
        return failure_from_exception(handle);
    }
}

// The failure of a call whose handle argument is NULL (recorded against NULL).
inline int32_t null_handle(const char* what) noexcept {
    try {
        set_last_error(nullptr, SNF_ERR_INVALID_ARGUMENT, std::string(what) + " is NULL");
    } catch (...) {
        set_last_error(nullptr, SNF_ERR_INVALID_ARGUMENT, std::string());
    }
    return SNF_ERR_INVALID_ARGUMENT;
}

}  // namespace snf
