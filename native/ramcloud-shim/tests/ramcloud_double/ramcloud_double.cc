// An in-memory implementation of RAMCloud's C binding, built only for the tests. It lets
// the RAMCloud backend (its dlopen loader, status mapping, TTL emulation, conditional
// writes and multi-operations) run through the same backend-independent suite as the other
// backends on machines without a RAMCloud cluster. It follows the binding's documented
// semantics: versions grow per key and never repeat, RejectRules are evaluated by the
// "server", reads copy at most maxLength bytes and report the full length. A real cluster
// runs the same suite when SNF_RAMCLOUD_LOCATOR is set.
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <string>

#include "ramcloud_c_binding.hh"  // from src/

using namespace snf::ramcloud;

namespace {

struct Object {
    std::string value;
    uint64_t version;
};

struct Cluster {
    std::mutex mutex;
    std::map<std::string, uint64_t> tables;
    uint64_t next_table = 1;
    uint64_t next_version = 1;
    std::map<std::pair<uint64_t, std::string>, Object> objects;
};

Cluster& cluster() {
    static Cluster c;
    return c;
}

bool table_exists(Cluster& c, uint64_t id) {
    for (const auto& [name, tid] : c.tables)
        if (tid == id) return true;
    return false;
}

Status apply_rules(const RejectRules* r, const Object* o) {
    if (!r) return STATUS_OK;
    if (!o) return r->doesntExist ? STATUS_OBJECT_DOESNT_EXIST : STATUS_OK;
    if (r->exists) return STATUS_OBJECT_EXISTS;
    if (r->versionLeGiven && o->version <= r->givenVersion) return STATUS_WRONG_VERSION;
    if (r->versionNeGiven && o->version != r->givenVersion) return STATUS_WRONG_VERSION;
    return STATUS_OK;
}

// The multi-op object the Create functions build in caller-provided memory.
struct MultiObject {
    MultiOp type;
    uint64_t table_id;
    std::string key;
    void* buffer;
    uint32_t max_length;
    uint32_t* actual_length;
    std::string value;
    RejectRules rules;
    bool has_rules;
    Status status;
    uint64_t version;
};

Status do_read(uint64_t table_id, const void* key, uint16_t key_length, const RejectRules* rules,
               uint64_t* version, void* buffer, uint32_t max_length, uint32_t* actual_length) {
    Cluster& c = cluster();
    std::lock_guard lock(c.mutex);
    if (!table_exists(c, table_id)) return STATUS_TABLE_DOESNT_EXIST;
    auto it = c.objects.find({table_id, std::string(static_cast<const char*>(key), key_length)});
    if (it == c.objects.end()) return STATUS_OBJECT_DOESNT_EXIST;
    if (Status s = apply_rules(rules, &it->second)) return s;
    *version = it->second.version;
    *actual_length = static_cast<uint32_t>(it->second.value.size());
    std::memcpy(buffer, it->second.value.data(), std::min<size_t>(max_length, it->second.value.size()));
    return STATUS_OK;
}

Status do_write(uint64_t table_id, const void* key, uint16_t key_length, const void* buffer,
                uint32_t length, const RejectRules* rules, uint64_t* version) {
    Cluster& c = cluster();
    std::lock_guard lock(c.mutex);
    if (!table_exists(c, table_id)) return STATUS_TABLE_DOESNT_EXIST;
    std::pair<uint64_t, std::string> id{table_id, std::string(static_cast<const char*>(key), key_length)};
    auto it = c.objects.find(id);
    if (Status s = apply_rules(rules, it == c.objects.end() ? nullptr : &it->second)) return s;
    Object& o = c.objects[id];
    o.value.assign(static_cast<const char*>(buffer), length);
    o.version = c.next_version++;
    if (version) *version = o.version;
    return STATUS_OK;
}

}  // namespace

extern "C" {

Status rc_connect(const char* locator, const char* cluster_name, rc_client** client) {
    if (std::strcmp(locator, "test") != 0) return STATUS_COULDNT_CONNECT;
    *client = reinterpret_cast<rc_client*>(new int(0));
    return STATUS_OK;
}

void rc_disconnect(rc_client* client) { delete reinterpret_cast<int*>(client); }

Status rc_createTable(rc_client*, const char* name, uint32_t) {
    Cluster& c = cluster();
    std::lock_guard lock(c.mutex);
    if (!c.tables.count(name)) c.tables[name] = c.next_table++;
    return STATUS_OK;
}

Status rc_dropTable(rc_client*, const char* name) {
    Cluster& c = cluster();
    std::lock_guard lock(c.mutex);
    auto it = c.tables.find(name);
    if (it == c.tables.end()) return STATUS_OK;
    uint64_t id = it->second;
    c.tables.erase(it);
    for (auto o = c.objects.begin(); o != c.objects.end();)
        o = o->first.first == id ? c.objects.erase(o) : std::next(o);
    return STATUS_OK;
}

Status rc_getTableId(rc_client*, const char* name, uint64_t* table_id) {
    Cluster& c = cluster();
    std::lock_guard lock(c.mutex);
    auto it = c.tables.find(name);
    if (it == c.tables.end()) return STATUS_TABLE_DOESNT_EXIST;
    *table_id = it->second;
    return STATUS_OK;
}

Status rc_read(rc_client*, uint64_t table_id, const void* key, uint16_t key_length,
               const RejectRules* rules, uint64_t* version, void* buffer, uint32_t max_length,
               uint32_t* actual_length) {
    return do_read(table_id, key, key_length, rules, version, buffer, max_length, actual_length);
}

Status rc_write(rc_client*, uint64_t table_id, const void* key, uint16_t key_length,
                const void* buffer, uint32_t length, const RejectRules* rules, uint64_t* version) {
    return do_write(table_id, key, key_length, buffer, length, rules, version);
}

Status rc_remove(rc_client*, uint64_t table_id, const void* key, uint16_t key_length,
                 const RejectRules* rules, uint64_t* version) {
    Cluster& c = cluster();
    std::lock_guard lock(c.mutex);
    if (!table_exists(c, table_id)) return STATUS_TABLE_DOESNT_EXIST;
    auto it = c.objects.find({table_id, std::string(static_cast<const char*>(key), key_length)});
    if (Status s = apply_rules(rules, it == c.objects.end() ? nullptr : &it->second)) return s;
    if (version) *version = it == c.objects.end() ? 0 : it->second.version;
    if (it != c.objects.end()) c.objects.erase(it);
    return STATUS_OK;
}

void rc_multiReadCreate(uint64_t table_id, const void* key, uint16_t key_length, void* buffer,
                        uint32_t max_length, uint32_t* actual_length, void* where) {
    new (where) MultiObject{MULTI_OP_READ, table_id, std::string(static_cast<const char*>(key), key_length),
                            buffer, max_length, actual_length, {}, {}, false, STATUS_OK, 0};
}

void rc_multiWriteCreate(uint64_t table_id, const void* key, uint16_t key_length,
                         const void* buffer, uint32_t length, const RejectRules* rules, void* where) {
    new (where) MultiObject{MULTI_OP_WRITE, table_id, std::string(static_cast<const char*>(key), key_length),
                            nullptr, 0, nullptr, std::string(static_cast<const char*>(buffer), length),
                            rules ? *rules : RejectRules{}, rules != nullptr, STATUS_OK, 0};
}

uint16_t rc_multiOpSizeOf(MultiOp) { return sizeof(MultiObject); }
Status rc_multiOpStatus(const void* object, MultiOp) { return static_cast<const MultiObject*>(object)->status; }
uint64_t rc_multiOpVersion(const void* object, MultiOp) { return static_cast<const MultiObject*>(object)->version; }
void rc_multiOpDestroy(void* object, MultiOp) { static_cast<MultiObject*>(object)->~MultiObject(); }

void rc_multiRead(rc_client*, void** requests, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) {
        auto* o = static_cast<MultiObject*>(requests[i]);
        o->status = do_read(o->table_id, o->key.data(), static_cast<uint16_t>(o->key.size()), nullptr,
                            &o->version, o->buffer, o->max_length, o->actual_length);
    }
}

void rc_multiWrite(rc_client*, void** requests, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) {
        auto* o = static_cast<MultiObject*>(requests[i]);
        o->status = do_write(o->table_id, o->key.data(), static_cast<uint16_t>(o->key.size()),
                             o->value.data(), static_cast<uint32_t>(o->value.size()),
                             o->has_rules ? &o->rules : nullptr, &o->version);
    }
}

}  // extern "C"
