// Cache implementation: hit path under the lock, store calls outside it, epoch checks
// when the store's answers are applied.
#include "lru_cache.hh"

#include <cstring>

#include "arguments.hh"
#include "status.hh"
#include "steady_time.hh"

namespace snf {
namespace {

// The deadline of a value written now with `ttl_ms`, saturating; 0 for no TTL. Taken
// before the store write, so the cached copy never outlives the store's.
int64_t deadline_for(uint64_t ttl_ms) noexcept {
    return ttl_ms == 0 ? 0 : deadline_after(steady_clock_ns(), ttl_ms);
}

constexpr snf_reject_rules kNoRules{};

std::string too_small_message(size_t needed, uint32_t capacity) {
    return "value is " + std::to_string(needed) + " bytes but the buffer holds " +
           std::to_string(capacity);
}

}  // namespace

int32_t Cache::create(std::shared_ptr<Client> client, uint32_t max_entries,
                      std::unique_ptr<Cache>& out, std::string& error) {
    if (max_entries == 0)
        return fail(error, SNF_ERR_INVALID_ARGUMENT, "a cache needs max_entries >= 1");
    out = std::make_unique<Cache>(std::move(client), max_entries);
    return SNF_OK;
}

Cache::Cache(std::shared_ptr<Client> client, uint32_t max_entries)
    : client_(std::move(client)), index_(max_entries) {}

int32_t Cache::read(uint64_t table_id, const void* key, uint32_t key_length, void* buffer,
                    uint32_t capacity, uint32_t* out_length, uint64_t* out_version,
                    std::string& error) {
    if (int32_t status = check_key(key, key_length, error)) return status;
    if (int32_t status = check_buffer(buffer, capacity, error)) return status;
    const ObjectKeyView object(table_id, bytes_view(key, key_length));

    uint64_t epoch = 0;
    {
        std::lock_guard lock(mutex_);
        if (LruIndex::Entry* entry = index_.find(object)) {
            if (entry->expires_at_ns != 0 && entry->expires_at_ns <= steady_clock_ns()) {
                index_.erase(entry);
            } else {
                ++hits_;
                index_.touch(entry);
                const size_t length = entry->value.size();
                if (out_length != nullptr) *out_length = static_cast<uint32_t>(length);
                if (length > capacity) {
                    error = too_small_message(length, capacity);
                    return SNF_ERR_BUFFER_TOO_SMALL;
                }
                if (length != 0) std::memcpy(buffer, entry->value.data(), length);
                if (out_version != nullptr) *out_version = entry->version;
                return SNF_OK;
            }
        }
        ++misses_;
        epoch = stripe_epochs_[stripe_of(object)];
    }

    Result result;
    if (int32_t status = client_->read_checked(table_id, object.key, kNoRules, result, error))
        return status;  // absent objects are not cached
    const size_t length = result.value.size();
    {
        std::lock_guard lock(mutex_);
        if (stripe_epochs_[stripe_of(object)] == epoch) {
            // Another miss may have filled the entry meanwhile; keep the newer version.
            LruIndex::Entry* entry = index_.find(object);
            if (entry == nullptr || entry->version < result.version) {
                bool evicted = false;
                index_.put(object, result.value, result.version, 0, evicted);
                if (evicted) ++evictions_;
            }
        }
    }
    if (length > capacity) {
        if (out_length != nullptr) *out_length = static_cast<uint32_t>(length);
        error = too_small_message(length, capacity);
        return SNF_ERR_BUFFER_TOO_SMALL;
    }
    if (length != 0) std::memcpy(buffer, result.value.data(), length);
    if (out_length != nullptr) *out_length = static_cast<uint32_t>(length);
    if (out_version != nullptr) *out_version = result.version;
    return SNF_OK;
}

void Cache::settle(const ObjectKeyView& key, uint64_t epoch, bool install,
                   std::string_view value, uint64_t version, int64_t expires_at_ns) {
    std::lock_guard lock(mutex_);
    ++write_throughs_;
    uint64_t& stripe_epoch = stripe_epochs_[stripe_of(key)];
    const bool undisturbed = stripe_epoch == epoch;
    ++stripe_epoch;  // fills and write-throughs that started before this one must not land
    if (install && undisturbed) {
        bool evicted = false;
        index_.put(key, value, version, expires_at_ns, evicted);
        if (evicted) ++evictions_;
    } else {
        index_.erase(key);
    }
}

int32_t Cache::write(uint64_t table_id, const void* key, uint32_t key_length, const void* value,
                     uint32_t value_length, const snf_reject_rules* rules, uint64_t ttl_ms,
                     uint64_t* out_version, std::string& error) {
    if (int32_t status = check_key(key, key_length, error)) return status;
    if (int32_t status = check_value(value, value_length, error)) return status;
    if (int32_t status = check_reject_rules(rules, error)) return status;
    const ObjectKeyView object(table_id, bytes_view(key, key_length));
    const std::string_view bytes = bytes_view(value, value_length);
    const int64_t expires_at_ns = deadline_for(ttl_ms);

    uint64_t epoch = 0;
    {
        std::lock_guard lock(mutex_);
        epoch = stripe_epochs_[stripe_of(object)];
    }
    uint64_t version = 0;
    const int32_t status = client_->write_checked(table_id, object.key, bytes,
                                                  rules != nullptr ? *rules : kNoRules, ttl_ms,
                                                  version, error);
    settle(object, epoch, status == SNF_OK, bytes, version, expires_at_ns);
    if (status != SNF_OK) return status;
    if (out_version != nullptr) *out_version = version;
    return SNF_OK;
}

int32_t Cache::remove(uint64_t table_id, const void* key, uint32_t key_length,
                      const snf_reject_rules* rules, uint64_t* out_version, std::string& error) {
    if (int32_t status = check_key(key, key_length, error)) return status;
    if (int32_t status = check_reject_rules(rules, error)) return status;
    const ObjectKeyView object(table_id, bytes_view(key, key_length));
    uint64_t version = 0;
    const int32_t status = client_->remove_checked(
        table_id, object.key, rules != nullptr ? *rules : kNoRules, version, error);
    settle(object, 0, false, {}, 0, 0);
    if (status != SNF_OK) return status;
    if (out_version != nullptr) *out_version = version;
    return SNF_OK;
}

int32_t Cache::invalidate(uint64_t table_id, const void* key, uint32_t key_length,
                          std::string& error) {
    if (int32_t status = check_key(key, key_length, error)) return status;
    const ObjectKeyView object(table_id, bytes_view(key, key_length));
    std::lock_guard lock(mutex_);
    ++stripe_epochs_[stripe_of(object)];
    index_.erase(object);
    return SNF_OK;
}

void Cache::clear() noexcept {
    std::lock_guard lock(mutex_);
    for (uint64_t& epoch : stripe_epochs_) ++epoch;
    index_.clear();
}

void Cache::stats(snf_cache_stats& out) const noexcept {
    std::lock_guard lock(mutex_);
    out.hits = hits_;
    out.misses = misses_;
    out.evictions = evictions_;
    out.entries = index_.size();
    out.capacity = index_.capacity();
    out.write_throughs = write_throughs_;
}

bool Cache::contains(uint64_t table_id, std::string_view key) const {
    std::lock_guard lock(mutex_);
    return index_.find(ObjectKeyView(table_id, key)) != nullptr;
}

}  // namespace snf
