// EmbeddedStore implementation: table directory, object operations with reject rules
// and TTLs, and the reclaiming of expired objects through each shard's expiry queue.
#include "embedded_store.hh"

#include "status.hh"

namespace snf {
namespace {

// Expired objects reclaimed at most by one operation. A write adds at most one object
// to the queue, so taking several off keeps the queue from outgrowing the live objects
// while bounding the time any one operation spends on others' garbage.
constexpr size_t kReclaimPerOperation = 8;

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
                shard.expiring.cancel(*obj);
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
    shard.expiring.cancel(*it);
    shard.objects.erase(it);
}

void EmbeddedStore::reclaim_expired(Shard& shard, int64_t now_ns) {
    for (size_t n = 0; n < kReclaimPerOperation && shard.expiring.due(now_ns); ++n) {
        Object& object = shard.expiring.earliest();
        shard.expiring.cancel(object);
        // The key carries its hash, so this lookup hashes nothing.
        shard.objects.erase(shard.objects.find(object.first));
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

    // The time is needed only when a deadline is involved: the shard holds objects with
    // one, or this write sets one. Writes and removes reclaim expired objects, and so do
    // reads whose caller stamped the time; an unstamped read of an object without a
    // deadline reads no clock, as it did before there was a queue. Reclaiming comes
    // before the lookup, which it could otherwise invalidate.
    int64_t now_ns = 0;
    if (!shard.expiring.empty() &&
        (request.kind != Request::Kind::Read || OperationClock::stamped())) {
        now_ns = OperationClock::now_ns();
        reclaim_expired(shard, now_ns);
    }
    auto obj = shard.objects.find(key);
    if (obj != shard.objects.end() && obj->second.expires_at_ns != 0) {
        if (now_ns == 0) now_ns = OperationClock::now_ns();
        if (expired(obj->second.expires_at_ns, now_ns)) {
            erase(shard, obj);  // due, but not yet reclaimed
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
            if (request.ttl_ms != 0) {
                if (now_ns == 0) now_ns = OperationClock::now_ns();
                deadline = deadline_after(now_ns, request.ttl_ms);
                // Allocate before changing anything, so queueing the object cannot fail
                // once it holds its deadline.
                shard.expiring.reserve_one_more();
            }
            const uint64_t version = ++shard.last_version;
            Object* written = nullptr;
            if (exists) {
                Entry& entry = obj->second;
                entry.value.assign(request.value);
                entry.version = version;
                entry.expires_at_ns = deadline;
                written = &*obj;
            } else {
                written = &*shard.objects
                                .emplace(ObjectKey(key), Entry{std::string(request.value), version, deadline})
                                .first;
            }
            // A rewrite moves the object's one queue entry to its new deadline (or takes it
            // out), so an earlier TTL can never cut the new one short.
            if (deadline != 0) shard.expiring.schedule(*written, deadline);
            else shard.expiring.cancel(*written);
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
