// What the router's C ABI files share: the structs behind the opaque handles, the
// per-thread last-error store, and the guard every entry point runs in so no C++
// exception crosses the ABI.
#pragma once

#include <exception>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "snf/click/control_socket.hh"
#include "snf/click/router.hh"
#include "snf/snf_router.h"

struct snf_router {
    std::unique_ptr<snf::click::Router> router;
    // Declared after the router so it is destroyed first (it unregisters from the
    // router's scheduler).
    std::unique_ptr<snf::click::ControlSocket> control;
};

struct snf_router_diagnostics {
    struct Entry {
        std::string file;
        uint32_t line = 0;
        int32_t severity = SNF_ROUTER_SEVERITY_ERROR;
        std::string message;
    };
    std::vector<Entry> entries;
    std::string text;
};

namespace snf::click::capi {

void set_last_error(const void* handle, std::string message);
const char* last_error(const void* handle);

// Runs body(error); a non-OK status or an exception becomes the thread's last error on
// `handle`.
template <class Body>
int32_t guarded(const void* handle, Body&& body) noexcept {
    try {
        std::string error;
        int32_t status = body(error);
        if (status != SNF_ROUTER_OK)
            set_last_error(handle, std::move(error));
        return status;
    } catch (const std::bad_alloc&) {
        set_last_error(handle, "out of memory");
        return SNF_ROUTER_ERR_NO_MEMORY;
    } catch (const std::exception& e) {
        try {
            set_last_error(handle, std::string("internal error: ") + e.what());
        } catch (...) {
        }
        return SNF_ROUTER_ERR_INTERNAL;
    } catch (...) {
        set_last_error(handle, "internal error");
        return SNF_ROUTER_ERR_INTERNAL;
    }
}

}  // namespace snf::click::capi
