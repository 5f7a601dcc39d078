// EmbeddedStore implementation: table directory, object operations with reject rules
// and TTLs, and the incremental sweep of expired objects.
#include "embedded_store.hh"

#include <chrono>
#include <limits>

#include "status.hh"

namespace snf {
namespace {

// Buckets examined by each write to a shard that holds expiring objects.
constexpr size_t kSweepBucketsPerWrite = 4;

int64_t steady_now_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// now + ttl, saturating instead of overflowing for absurd TTLs.
int64_t deadline_after(int64_t now_ns, uint64_t ttl_ms) noexcept {
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    const uint64_t room_ms = static_cast<uint64_t>(kMax - now_ns) / 1000000u;
    if (ttl_ms >= room_ms) return kMax;
    return now_ns + static_cast<int64_t>(ttl_ms) * 1000000;
}

bool expired(int64_t expires_at_ns, int64_t now_ns) noexcept {
    return expires_at_ns != 0 && expires_at_ns <= now_ns;
}

}  // namespace

// ---- TableLiveness ---------------------------------------------------------------------

TableLiveness::~TableLiveness() {
    for (auto& chunk : chunks_) delete chunk.load(std::memory_order_relaxed);
}

bool TableLiveness::alive(uint64_t id) const noexcept {
    if (id == 0 || id > kMaxTableId) return false;
    const Chunk* chunk = chunks_[id / kChunkSize].load(std::memory_order_acquire);
    return chunk != nullptr && (*chunk)[id % kChunkSize].load(std::memory_order_acquire) != 0;
}

void TableLiveness::set(uint64_t id, bool alive) {
    auto& slot = chunks_[id / kChunkSize];
    Chunk* chunk = slot.load(std::memory_order_relaxed);
    if (chunk == nullptr) {
        if (!alive) return;
        chunk = new Chunk{};  // value-initialized: every table in it dead
        slot.store(chunk, std::memory_order_release);
    }
    (*chunk)[id % kChunkSize].store(alive ? 1 : 0, std::memory_order_release);
}

// ---- Tables ------------------------------------------------------------------------------

int32_t EmbeddedStore::create_table(std::string_view name, uint64_t& id, std::string& error) {
    std::lock_guard lock(tables_mutex_);
    if (auto it = table_ids_.find(std::string(name)); it != table_ids_.end()) {
        id = it->second;
        return SNF_OK;
    }
    if (next_table_id_ > TableLiveness::kMaxTableId)
        return fail(error, SNF_ERR_NO_MEMORY, "the embedded store has issued all " +
                                                  std::to_string(TableLiveness::kMaxTableId) +
                                                  " table ids");
    const uint64_t new_id = next_table_id_;
    table_ids_.emplace(std::string(name), new_id);
    try {
        liveness_.set(new_id, true);
    } catch (...) {
        table_ids_.erase(std::string(name));
        throw;
    }
    ++next_table_id_;
    id = new_id;
    return SNF_OK;
}

int32_t EmbeddedStore::get_table_id(std::string_view name, uint64_t& id, std::string& error) {
    std::lock_guard lock(tables_mutex_);
    auto it = table_ids_.find(std::string(name));
    if (it == table_ids_.end())
        return fail(error, SNF_ERR_TABLE_DOESNT_EXIST, "no table named '" + std::string(name) + "'");
    id = it->second;
    return SNF_OK;
}

int32_t EmbeddedStore::drop_table(std::string_view name, std::string& error) {
    std::lock_guard lock(tables_mutex_);
    auto it = table_ids_.find(std::string(name));
    if (it == table_ids_.end()) return SNF_OK;
    const uint64_t id = it->second;
    table_ids_.erase(it);
    // Dead first: an operation that locks a shard after the sweep below released it sees
    // the table dead (the shard mutex orders the two), so nothing is added behind us.
    liveness_.set(id, false);
    for (Shard& shard : shards_) {
        std::lock_guard shard_lock(shard.mutex);
        for (auto obj = shard.objects.begin(); obj != shard.objects.end();) {
            if (obj->first.table_id == id) {
                if (obj->second.expires_at_ns != 0) --shard.expiring;
                obj = shard.objects.erase(obj);
            } else {
                ++obj;
            }
        }
    }
    return SNF_OK;
}

// ---- Objects -----------------------------------------------------------------------------

void EmbeddedStore::erase(Shard& shard, ObjectMap::iterator it) {
    if (it->second.expires_at_ns != 0) --shard.expiring;
    shard.objects.erase(it);
}

void EmbeddedStore::sweep_some(Shard& shard, int64_t now_ns) {
    const size_t buckets = shard.objects.bucket_count();
    for (size_t n = 0; n < kSweepBucketsPerWrite && shard.expiring != 0; ++n) {
        const size_t bucket = shard.sweep_cursor++ % buckets;
        // Erasing invalidates the bucket's local iterators, so rescan after each erase;
        // a bucket holds about one object, so this stays short.
        bool erased = true;
        while (erased) {
            erased = false;
            for (auto obj = shard.objects.begin(bucket); obj != shard.objects.end(bucket); ++obj) {
                if (expired(obj->second.expires_at_ns, now_ns)) {
                    erase(shard, shard.objects.find(ObjectKeyView(obj->first.table_id, obj->first.key)));
                    erased = true;
                    break;
                }
            }
        }
    }
}

void EmbeddedStore::execute(const Request& request, Result& result) {
    const ObjectKeyView key(request.table_id, request.key);
    Shard& shard = shard_of(key);
    std::lock_guard lock(shard.mutex);

    if (!liveness_.alive(request.table_id)) {
        result.status = SNF_ERR_TABLE_DOESNT_EXIST;
        result.version = 0;
        return;
    }

    // The clock is read only when a deadline is involved.
    int64_t now_ns = 0;
    auto obj = shard.objects.find(key);
    if (obj != shard.objects.end() && obj->second.expires_at_ns != 0) {
        now_ns = steady_now_ns();
        if (expired(obj->second.expires_at_ns, now_ns)) {
            erase(shard, obj);
            obj = shard.objects.end();
        }
    }
    const bool exists = obj != shard.objects.end();
    const uint64_t current_version = exists ? obj->second.version : 0;

    switch (request.kind) {
        case Request::Kind::Read: {
            if (!exists) {
                result.status = SNF_ERR_OBJECT_DOESNT_EXIST;
                result.version = 0;
                return;
            }
            result.version = current_version;
            result.status = check_rules(request.rules, true, current_version);
            if (result.status == SNF_OK) result.value.assign(obj->second.value);
            return;
        }

        case Request::Kind::Write: {
            result.status = check_rules(request.rules, exists, current_version);
            if (result.status != SNF_OK) {
                result.version = current_version;
                return;
            }
            int64_t deadline = 0;
            if (request.ttl_ms != 0 || shard.expiring != 0) {
                if (now_ns == 0) now_ns = steady_now_ns();
                if (request.ttl_ms != 0) deadline = deadline_after(now_ns, request.ttl_ms);
            }
            const uint64_t version = ++shard.last_version;
            if (exists) {
                Entry& entry = obj->second;
                entry.value.assign(request.value);
                if (entry.expires_at_ns != 0) --shard.expiring;
                entry.version = version;
                entry.expires_at_ns = deadline;
            } else {
                shard.objects.emplace(ObjectKey(key), Entry{std::string(request.value), version, deadline});
            }
            if (deadline != 0) ++shard.expiring;
            if (shard.expiring != 0) sweep_some(shard, now_ns);
            result.status = SNF_OK;
            result.version = version;
            return;
        }

        case Request::Kind::Remove: {
            result.status = check_rules(request.rules, exists, current_version);
            result.version = current_version;
            if (result.status == SNF_OK && exists) erase(shard, obj);
            return;
        }
    }
    result.status = SNF_ERR_INTERNAL;
}

size_t EmbeddedStore::object_count() const {
    size_t count = 0;
    for (const Shard& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        count += shard.objects.size();
    }
    return count;
}

}  // namespace snf
