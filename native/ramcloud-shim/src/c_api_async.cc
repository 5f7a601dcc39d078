// C ABI: async submissions, drain, and the snf_op accessors.
#include "c_api_internal.hh"
#include "status.hh"

using snf::Request;

extern "C" {

SNF_API int32_t snf_async_read(snf_client* client, uint64_t table_id, const void* key,
                               uint32_t key_length, snf_completion_fn callback,
                               void* user_data, snf_op** out_op) {
    if (out_op != nullptr) *out_op = nullptr;
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) {
        return client->impl->submit(Request::Kind::Read, table_id, key, key_length, nullptr, 0,
                                    nullptr, 0, callback, user_data, out_op, error);
    });
}

SNF_API int32_t snf_async_write(snf_client* client, uint64_t table_id, const void* key,
                                uint32_t key_length, const void* value, uint32_t value_length,
                                const snf_reject_rules* rules, uint64_t ttl_ms,
                                snf_completion_fn callback, void* user_data, snf_op** out_op) {
    if (out_op != nullptr) *out_op = nullptr;
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) {
        return client->impl->submit(Request::Kind::Write, table_id, key, key_length, value,
                                    value_length, rules, ttl_ms, callback, user_data, out_op,
                                    error);
    });
}

SNF_API int32_t snf_async_remove(snf_client* client, uint64_t table_id, const void* key,
                                 uint32_t key_length, const snf_reject_rules* rules,
                                 snf_completion_fn callback, void* user_data,
                                 snf_op** out_op) {
    if (out_op != nullptr) *out_op = nullptr;
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) {
        return client->impl->submit(Request::Kind::Remove, table_id, key, key_length, nullptr, 0,
                                    rules, 0, callback, user_data, out_op, error);
    });
}

SNF_API int32_t snf_client_drain(snf_client* client, int64_t timeout_ms) {
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) { return client->impl->drain(timeout_ms, error); });
}

SNF_API int32_t snf_op_poll(const snf_op* op) {
    if (op == nullptr) return SNF_ERR_INVALID_ARGUMENT;
    return snf::op_of(op)->poll();
}

SNF_API int32_t snf_op_wait(snf_op* op, int64_t timeout_ms) {
    if (op == nullptr) return SNF_ERR_INVALID_ARGUMENT;
    try {
        return snf::op_of(op)->wait(timeout_ms);
    } catch (...) {
        // Only the standard library's mutex can throw here (a system error).
        return SNF_ERR_INTERNAL;
    }
}

SNF_API int32_t snf_op_value(const snf_op* op, const void** out_data, uint32_t* out_length) {
    if (op == nullptr || out_data == nullptr || out_length == nullptr) return SNF_ERR_INVALID_ARGUMENT;
    const snf::AsyncOp* async_op = snf::op_of(op);
    const int32_t status = async_op->poll();
    if (status != SNF_OK) return status;  // pending, or the op failed
    if (async_op->request().kind != Request::Kind::Read) return SNF_ERR_INVALID_ARGUMENT;
    const std::string& value = async_op->result().value;
    *out_data = value.data();
    *out_length = static_cast<uint32_t>(value.size());
    return SNF_OK;
}

SNF_API uint64_t snf_op_version(const snf_op* op) {
    if (op == nullptr) return 0;
    const snf::AsyncOp* async_op = snf::op_of(op);
    // A failed op read, wrote and removed nothing, whatever version the store reported.
    return async_op->poll() == SNF_OK ? async_op->result().version : 0;
}

SNF_API const char* snf_op_error(const snf_op* op) {
    if (op == nullptr) return "";
    const snf::AsyncOp* async_op = snf::op_of(op);
    const int32_t status = async_op->poll();
    if (status == SNF_OK || status == SNF_ERR_PENDING) return "";
    const std::string& error = async_op->result().error;
    return error.empty() ? snf::status_message(status) : error.c_str();
}

SNF_API void snf_op_free(snf_op* op) {
    if (op != nullptr) snf::op_of(op)->release();
}

}  // extern "C"
