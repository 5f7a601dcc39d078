// C ABI: the LRU write-through cache.
#include "c_api_internal.hh"
#include "status.hh"

extern "C" {

SNF_API int32_t snf_cache_create(snf_client* client, uint32_t max_entries, snf_cache** out_cache) {
    if (out_cache != nullptr) *out_cache = nullptr;
    if (client == nullptr) return snf::null_handle("client");
    return snf::guarded(client, [&](std::string& error) {
        if (out_cache == nullptr) return snf::fail(error, SNF_ERR_INVALID_ARGUMENT, "out_cache is NULL");
        auto cache = std::make_unique<snf_cache>();
        if (int32_t status = snf::Cache::create(client->impl, max_entries, cache->impl, error))
            return status;
        *out_cache = cache.release();
        return int32_t{SNF_OK};
    });
}

SNF_API void snf_cache_free(snf_cache* cache) {
    if (cache == nullptr) return;
    snf::forget_last_error(cache);
    delete cache;
}

SNF_API const char* snf_cache_last_error(const snf_cache* cache) { return snf::last_error(cache); }

SNF_API int32_t snf_cache_read(snf_cache* cache, uint64_t table_id, const void* key,
                               uint32_t key_length, void* buffer, uint32_t capacity,
                               uint32_t* out_length, uint64_t* out_version) {
    if (cache == nullptr) return snf::null_handle("cache");
    return snf::guarded(cache, [&](std::string& error) {
        return cache->impl->read(table_id, key, key_length, buffer, capacity, out_length,
                                 out_version, error);
    });
}

SNF_API int32_t snf_cache_write(snf_cache* cache, uint64_t table_id, const void* key,
                                uint32_t key_length, const void* value, uint32_t value_length,
                                const snf_reject_rules* rules, uint64_t ttl_ms,
                                uint64_t* out_version) {
    if (cache == nullptr) return snf::null_handle("cache");
    return snf::guarded(cache, [&](std::string& error) {
        return cache->impl->write(table_id, key, key_length, value, value_length, rules, ttl_ms,
                                  out_version, error);
    });
}

SNF_API int32_t snf_cache_remove(snf_cache* cache, uint64_t table_id, const void* key,
                                 uint32_t key_length, const snf_reject_rules* rules,
                                 uint64_t* out_version) {
    if (cache == nullptr) return snf::null_handle("cache");
    return snf::guarded(cache, [&](std::string& error) {
        return cache->impl->remove(table_id, key, key_length, rules, out_version, error);
    });
}

SNF_API int32_t snf_cache_invalidate(snf_cache* cache, uint64_t table_id, const void* key,
                                     uint32_t key_length) {
    if (cache == nullptr) return snf::null_handle("cache");
    return snf::guarded(cache, [&](std::string& error) {
        return cache->impl->invalidate(table_id, key, key_length, error);
    });
}

SNF_API int32_t snf_cache_clear(snf_cache* cache) {
    if (cache == nullptr) return snf::null_handle("cache");
    cache->impl->clear();
    return SNF_OK;
}

SNF_API int32_t snf_cache_stats_get(snf_cache* cache, snf_cache_stats* out_stats) {
    if (cache == nullptr) return snf::null_handle("cache");
    return snf::guarded(cache, [&](std::string& error) {
        if (out_stats == nullptr) return snf::fail(error, SNF_ERR_INVALID_ARGUMENT, "out_stats is NULL");
        cache->impl->stats(*out_stats);
        return int32_t{SNF_OK};
    });
}

}  // extern "C"
