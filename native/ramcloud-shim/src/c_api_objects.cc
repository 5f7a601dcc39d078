// C ABI: blocking object operations (read, write, remove, multi-read, multi-write).
#include "c_api_internal.hh"

extern "C" {

SNF_API int32_t snf_read(snf_client* client, uint64_t table_id, const void* key,
                         uint32_t key_length, const snf_reject_rules* rules, void* buffer,
                         uint32_t capacity, uint32_t* out_length, uint64_t* out_version) {
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) {
        return client->impl->read(table_id, key, key_length, rules, buffer, capacity, out_length,
                                  out_version, error);
    });
}

SNF_API int32_t snf_write(snf_client* client, uint64_t table_id, const void* key,
                          uint32_t key_length, const void* value, uint32_t value_length,
                          const snf_reject_rules* rules, uint64_t ttl_ms,
                          uint64_t* out_version) {
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) {
        return client->impl->write(table_id, key, key_length, value, value_length, rules, ttl_ms,
                                   out_version, error);
    });
}

SNF_API int32_t snf_remove(snf_client* client, uint64_t table_id, const void* key,
                           uint32_t key_length, const snf_reject_rules* rules,
                           uint64_t* out_version) {
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) {
        return client->impl->remove(table_id, key, key_length, rules, out_version, error);
    });
}

SNF_API int32_t snf_multi_read(snf_client* client, snf_multi_read_op* ops, uint32_t count) {
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) {
        return client->impl->multi_read(ops, count, error);
    });
}

SNF_API int32_t snf_multi_write(snf_client* client, snf_multi_write_op* ops, uint32_t count) {
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) {
        return client->impl->multi_write(ops, count, error);
    });
}

}  // extern "C"
