// C ABI: opening and closing clients, their last error, ping, statistics and tables.
#include <cstring>

#include "arguments.hh"
#include "c_api_internal.hh"
#include "status.hh"

namespace {

// Copies `message` into the caller's buffer, truncated and always NUL-terminated.
void copy_message(const std::string& message, char* buffer, size_t capacity) noexcept {
    if (buffer == nullptr || capacity == 0) return;
    const size_t length = message.size() < capacity - 1 ? message.size() : capacity - 1;
    std::memcpy(buffer, message.data(), length);
    buffer[length] = '\0';
}

}  // namespace

extern "C" {

SNF_API int32_t snf_client_open(const char* uri, snf_client** out_client, char* error_buffer,
                                size_t error_capacity) {
    if (out_client != nullptr) *out_client = nullptr;
    std::string error;
    int32_t status = SNF_OK;
    try {
        if (out_client == nullptr) {
            status = snf::fail(error, SNF_ERR_INVALID_ARGUMENT, "out_client is NULL");
        } else if (uri == nullptr) {
            status = snf::fail(error, SNF_ERR_INVALID_ARGUMENT, "uri is NULL");
        } else {
            auto client = std::make_unique<snf_client>();
            status = snf::Client::open(uri, client->impl, error);
            if (status == SNF_OK) *out_client = client.release();
        }
    } catch (const std::bad_alloc&) {
        status = SNF_ERR_NO_MEMORY;
        error.clear();
    } catch (const std::exception& e) {
        status = SNF_ERR_INTERNAL;
        try {
            error = std::string("internal error: ") + e.what();
        } catch (...) {
            error.clear();
        }
    } catch (...) {
        status = SNF_ERR_INTERNAL;
        error.clear();
    }
    if (status != SNF_OK) {
        if (error.empty()) copy_message(snf::status_message(status), error_buffer, error_capacity);
        else copy_message(error, error_buffer, error_capacity);
    }
    return status;
}

SNF_API void snf_client_free(snf_client* client) {
    if (client == nullptr) return;
    try {
        // A cache may still hold the client. Its async operations can only have come
        // through this handle, so wait for them here: no callback runs after free returns.
        if (client->impl.use_count() > 1) {
            std::string ignored;
            client->impl->drain(-1, ignored);
        }
    } catch (...) {
        // Closing goes ahead; the backend's shutdown completes what is left.
    }
    snf::forget_last_error(client);
    delete client;
}

SNF_API const char* snf_client_last_error(const snf_client* client) {
    return snf::last_error(client);
}

SNF_API const char* snf_client_backend(const snf_client* client) {
    return client != nullptr ? client->impl->backend_name() : "";
}

SNF_API int32_t snf_client_ping(snf_client* client) {
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) { return client->impl->ping(error); });
}

SNF_API int32_t snf_client_stats_get(snf_client* client, snf_client_stats* out_stats) {
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) {
        if (out_stats == nullptr) return snf::fail(error, SNF_ERR_INVALID_ARGUMENT, "out_stats is NULL");
        client->impl->stats(*out_stats);
        return int32_t{SNF_OK};
    });
}

SNF_API int32_t snf_client_stats_reset(snf_client* client) {
    if (client == nullptr) return snf::null_handle("client");
    client->impl->reset_stats();
    return SNF_OK;
}

SNF_API int32_t snf_table_create(snf_client* client, const char* name, uint64_t* out_table_id) {
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) {
        if (out_table_id == nullptr)
            return snf::fail(error, SNF_ERR_INVALID_ARGUMENT, "out_table_id is NULL");
        std::string_view checked;
        if (int32_t status = snf::check_table_name(name, checked, error)) {
            client->impl->count_error();
            return status;
        }
        uint64_t id = 0;
        if (int32_t status = client->impl->create_table(checked, id, error)) return status;
        *out_table_id = id;
        return int32_t{SNF_OK};
    });
}

SNF_API int32_t snf_table_get_id(snf_client* client, const char* name, uint64_t* out_table_id) {
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) {
        if (out_table_id == nullptr)
            return snf::fail(error, SNF_ERR_INVALID_ARGUMENT, "out_table_id is NULL");
        std::string_view checked;
        if (int32_t status = snf::check_table_name(name, checked, error)) {
            client->impl->count_error();
            return status;
        }
        uint64_t id = 0;
        if (int32_t status = client->impl->get_table_id(checked, id, error)) return status;
        *out_table_id = id;
        return int32_t{SNF_OK};
    });
}

SNF_API int32_t snf_table_drop(snf_client* client, const char* name) {
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) {
        std::string_view checked;
        if (int32_t status = snf::check_table_name(name, checked, error)) {
            client->impl->count_error();
            return status;
        }
        return client->impl->drop_table(checked, error);
    });
}

}  // extern "C"
