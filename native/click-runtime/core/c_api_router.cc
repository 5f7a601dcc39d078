// C ABI: router creation, running, stopping, handler calls, control sockets, status
// texts and the last-error store.
#include <cstring>
#include <map>
#include <thread>

#include "c_api_internal.hh"
#include "snf/click/router_parser.hh"

namespace snf::click::capi {
namespace {

thread_local std::map<const void*, std::string> errors;

snf_router_diagnostics* convert(const Diagnostics& d) {
    auto* out = new snf_router_diagnostics;
    for (const Diagnostic& entry : d.entries()) {
        snf_router_diagnostics::Entry e;
        // "file:line" -> file, line; a landmark without a numeric suffix is all file.
        std::size_t colon = entry.landmark.rfind(':');
        bool numeric = colon != std::string::npos && colon + 1 < entry.landmark.size() &&
                       entry.landmark.find_first_not_of("0123456789", colon + 1) == std::string::npos &&
                       entry.landmark.size() - colon - 1 < 10;
        if (numeric) {
            e.file = entry.landmark.substr(0, colon);
            e.line = uint32_t(std::stoul(entry.landmark.substr(colon + 1)));
        } else {
            e.file = entry.landmark;
        }
        e.severity = entry.severity == Severity::Error     ? SNF_ROUTER_SEVERITY_ERROR
                     : entry.severity == Severity::Warning ? SNF_ROUTER_SEVERITY_WARNING
                                                           : SNF_ROUTER_SEVERITY_NOTE;
        e.message = entry.message;
        out->entries.push_back(std::move(e));
    }
    out->text = format_click_diagnostics(d);
    return out;
}

int32_t handler_status(Router::HandlerStatus s, std::string_view name, const StringErrorHandler& errh,
                       std::string& error) {
    switch (s) {
    case Router::HandlerStatus::ok:
        return SNF_ROUTER_OK;
    case Router::HandlerStatus::no_such_element:
        error = "no element named '" + std::string(name.substr(0, name.find('.'))) + "'";
        return SNF_ROUTER_ERR_NO_SUCH_ELEMENT;
    case Router::HandlerStatus::no_such_handler:
        error = "no handler named '" + std::string(name) + "'";
        return SNF_ROUTER_ERR_NO_SUCH_HANDLER;
    case Router::HandlerStatus::not_readable:
        error = "handler '" + std::string(name) + "' is write-only";
        return SNF_ROUTER_ERR_NOT_READABLE;
    case Router::HandlerStatus::not_writable:
        error = "handler '" + std::string(name) + "' is read-only";
        return SNF_ROUTER_ERR_NOT_WRITABLE;
    case Router::HandlerStatus::handler_error:
        break;
    }
    error = "handler '" + std::string(name) + "' failed";
    std::string details = errh.text();
    if (!details.empty()) {
        if (details.back() == '\n')
            details.pop_back();
        error += ": " + details;
    }
    return SNF_ROUTER_ERR_HANDLER;
}

}  // namespace

void set_last_error(const void* handle, std::string message) {
    try {
        errors[handle] = std::move(message);
    } catch (...) {
    }
}

const char* last_error(const void* handle) {
    auto it = errors.find(handle);
    return it == errors.end() ? "" : it->second.c_str();
}

}  // namespace snf::click::capi

using namespace snf::click;
using snf::click::capi::guarded;

extern "C" {

SNF_ROUTER_API const char* snf_router_version(void) {
    return router_version;
}

SNF_ROUTER_API const char* snf_router_status_name(int32_t status) {
    static const char* const names[] = {
        "SNF_ROUTER_OK",
        "SNF_ROUTER_ERR_INVALID_ARGUMENT",
        "SNF_ROUTER_ERR_CONFIG",
        "SNF_ROUTER_ERR_NO_SUCH_ELEMENT",
        "SNF_ROUTER_ERR_NO_SUCH_HANDLER",
        "SNF_ROUTER_ERR_NOT_READABLE",
        "SNF_ROUTER_ERR_NOT_WRITABLE",
        "SNF_ROUTER_ERR_HANDLER",
        "SNF_ROUTER_ERR_BUFFER_TOO_SMALL",
        "SNF_ROUTER_ERR_STOPPED",
        "SNF_ROUTER_ERR_IO",
        "SNF_ROUTER_ERR_NO_MEMORY",
        "SNF_ROUTER_ERR_INTERNAL",
    };
    if (status < 0 || status >= SNF_ROUTER_STATUS_COUNT)
        return "SNF_ROUTER_ERR_UNKNOWN";
    return names[status];
}

SNF_ROUTER_API const char* snf_router_status_message(int32_t status) {
    static const char* const messages[] = {
        "success",
        "invalid argument",
        "the configuration has errors",
        "no such element",
        "no such handler",
        "the handler is not readable",
        "the handler is not writable",
        "the handler reported an error",
        "the buffer is too small",
        "the router has stopped",
        "a socket could not be opened",
        "out of memory",
        "internal error",
    };
    if (status < 0 || status >= SNF_ROUTER_STATUS_COUNT)
        return "unknown status";
    return messages[status];
}

SNF_ROUTER_API int32_t snf_router_create(const char* config, size_t config_length, const char* filename,
                                         const char* const* definitions, uint32_t definition_count,
                                         snf_router** out_router, snf_router_diagnostics** out_diagnostics) {
    if (out_router)
        *out_router = nullptr;
    if (out_diagnostics)
        *out_diagnostics = nullptr;
    return guarded(nullptr, [&](std::string& error) -> int32_t {
        if (!out_router || (!config && config_length) || (!definitions && definition_count)) {
            error = "config, definitions and out_router must not be NULL";
            return SNF_ROUTER_ERR_INVALID_ARGUMENT;
        }
        Diagnostics diagnostics;
        Definitions defs;
        for (uint32_t i = 0; i < definition_count; ++i)
            if (!definitions[i] || !add_definition(defs, definitions[i]))
                diagnostics.error("", std::string("bad definition '") + (definitions[i] ? definitions[i] : "(null)") +
                                          "' (expected NAME=value)");
        std::unique_ptr<Router> router;
        if (!diagnostics.has_errors())
            router = Router::create(std::string_view(config ? config : "", config_length),
                                    filename && *filename ? filename : "config", defs, diagnostics);
        if (out_diagnostics)
            *out_diagnostics = capi::convert(diagnostics);
        if (!router) {
            error = format_click_diagnostics(diagnostics);
            if (!error.empty() && error.back() == '\n')
                error.pop_back();
            return SNF_ROUTER_ERR_CONFIG;
        }
        auto* handle = new snf_router;
        handle->router = std::move(router);
        *out_router = handle;
        return SNF_ROUTER_OK;
    });
}

SNF_ROUTER_API void snf_router_free(snf_router* router) {
    if (!router)
        return;
    try {
        router->control.reset();
        router->router.reset();
    } catch (...) {
    }
    delete router;
}

SNF_ROUTER_API const char* snf_router_last_error(const snf_router* router) {
    return capi::last_error(router);
}

SNF_ROUTER_API int32_t snf_router_run(snf_router* router) {
    return guarded(router, [&](std::string& error) -> int32_t {
        if (!router) {
            error = "router is NULL";
            return SNF_ROUTER_ERR_INVALID_ARGUMENT;
        }
        Router::RunOutcome outcome = router->router->run();
        return outcome == Router::RunOutcome::not_initialized ? (error = "router not initialized",
                                                                 SNF_ROUTER_ERR_INTERNAL)
                                                              : SNF_ROUTER_OK;
    });
}

SNF_ROUTER_API int32_t snf_router_run_rounds(snf_router* router, uint64_t rounds, int32_t* out_outcome) {
    return guarded(router, [&](std::string& error) -> int32_t {
        if (!router) {
            error = "router is NULL";
            return SNF_ROUTER_ERR_INVALID_ARGUMENT;
        }
        if (router->router->stopped()) {
            error = "the router has stopped";
            return SNF_ROUTER_ERR_STOPPED;
        }
        // UINT64_MAX means "no bound" to Router::run; a finite request stays finite.
        if (rounds == UINT64_MAX)
            --rounds;
        Router::RunOutcome outcome = router->router->run(rounds);
        if (out_outcome)
            *out_outcome = outcome == Router::RunOutcome::stopped ? SNF_ROUTER_RUN_STOPPED : SNF_ROUTER_RUN_ROUNDS_DONE;
        return SNF_ROUTER_OK;
    });
}

SNF_ROUTER_API int32_t snf_router_stop(snf_router* router) {
    return guarded(router, [&](std::string& error) -> int32_t {
        if (!router) {
            error = "router is NULL";
            return SNF_ROUTER_ERR_INVALID_ARGUMENT;
        }
        router->router->please_stop_driver();
        return SNF_ROUTER_OK;
    });
}

SNF_ROUTER_API int32_t snf_router_stopped(const snf_router* router, int32_t* out_stopped) {
    return guarded(router, [&](std::string& error) -> int32_t {
        if (!router || !out_stopped) {
            error = "router and out_stopped must not be NULL";
            return SNF_ROUTER_ERR_INVALID_ARGUMENT;
        }
        *out_stopped = router->router->stopped() ? 1 : 0;
        return SNF_ROUTER_OK;
    });
}

SNF_ROUTER_API int32_t snf_router_read_handler(snf_router* router, const char* name, const void* param,
                                               size_t param_length, char* buffer, size_t capacity,
                                               size_t* out_length) {
    return guarded(router, [&](std::string& error) -> int32_t {
        if (!router || !name || (!param && param_length) || (!buffer && capacity) || !out_length) {
            error = "router, name, out_length (and param/buffer when lengths are nonzero) must not be NULL";
            return SNF_ROUTER_ERR_INVALID_ARGUMENT;
        }
        std::string value;
        StringErrorHandler errh;
        Router::HandlerStatus status = Router::HandlerStatus::ok;
        std::string_view p(static_cast<const char*>(param), param ? param_length : 0);
        router->router->call_on_router_thread(
            [&] { status = router->router->call_read(name, p, value, &errh); });
        int32_t code = capi::handler_status(status, name, errh, error);
        if (code != SNF_ROUTER_OK)
            return code;
        *out_length = value.size();
        if (value.size() > capacity) {
            error = "the value needs " + std::to_string(value.size()) + " bytes";
            return SNF_ROUTER_ERR_BUFFER_TOO_SMALL;
        }
        if (!value.empty())
            std::memcpy(buffer, value.data(), value.size());
        return SNF_ROUTER_OK;
    });
}

SNF_ROUTER_API int32_t snf_router_write_handler(snf_router* router, const char* name, const void* value,
                                                size_t value_length) {
    return guarded(router, [&](std::string& error) -> int32_t {
        if (!router || !name || (!value && value_length)) {
            error = "router and name (and value when value_length is nonzero) must not be NULL";
            return SNF_ROUTER_ERR_INVALID_ARGUMENT;
        }
        StringErrorHandler errh;
        Router::HandlerStatus status = Router::HandlerStatus::ok;
        std::string_view v(static_cast<const char*>(value), value ? value_length : 0);
        router->router->call_on_router_thread([&] { status = router->router->call_write(name, v, &errh); });
        return capi::handler_status(status, name, errh, error);
    });
}

static int32_t listen_on(snf_router* router, std::string& error, const std::function<bool(ControlSocket&)>& open) {
    bool ok = false;
    router->router->call_on_router_thread([&] {
        if (!router->control)
            router->control = std::make_unique<ControlSocket>(*router->router);
        ok = open(*router->control);
    });
    return ok ? SNF_ROUTER_OK : SNF_ROUTER_ERR_IO;
}

SNF_ROUTER_API int32_t snf_router_listen_tcp(snf_router* router, uint16_t port, uint16_t* out_port) {
    return guarded(router, [&](std::string& error) -> int32_t {
        if (!router) {
            error = "router is NULL";
            return SNF_ROUTER_ERR_INVALID_ARGUMENT;
        }
        int32_t status = listen_on(router, error, [&](ControlSocket& cs) {
            if (!cs.listen_tcp(port, &error))
                return false;
            if (out_port)
                *out_port = cs.tcp_port();
            return true;
        });
        return status;
    });
}

SNF_ROUTER_API int32_t snf_router_listen_unix(snf_router* router, const char* path) {
    return guarded(router, [&](std::string& error) -> int32_t {
        if (!router || !path) {
            error = "router and path must not be NULL";
            return SNF_ROUTER_ERR_INVALID_ARGUMENT;
        }
        return listen_on(router, error, [&](ControlSocket& cs) { return cs.listen_unix(path, &error); });
    });
}

SNF_ROUTER_API uint32_t snf_router_diagnostics_count(const snf_router_diagnostics* diagnostics) {
    return diagnostics ? uint32_t(diagnostics->entries.size()) : 0;
}

SNF_ROUTER_API int32_t snf_router_diagnostics_get(const snf_router_diagnostics* diagnostics, uint32_t index,
                                                  const char** out_file, uint32_t* out_line,
                                                  int32_t* out_severity, const char** out_message) {
    if (!diagnostics || index >= diagnostics->entries.size())
        return SNF_ROUTER_ERR_INVALID_ARGUMENT;
    const auto& e = diagnostics->entries[index];
    if (out_file)
        *out_file = e.file.c_str();
    if (out_line)
        *out_line = e.line;
    if (out_severity)
        *out_severity = e.severity;
    if (out_message)
        *out_message = e.message.c_str();
    return SNF_ROUTER_OK;
}

SNF_ROUTER_API const char* snf_router_diagnostics_text(const snf_router_diagnostics* diagnostics) {
    return diagnostics ? diagnostics->text.c_str() : "";
}

SNF_ROUTER_API void snf_router_diagnostics_free(snf_router_diagnostics* diagnostics) {
    delete diagnostics;
}

}  // extern "C"
