/*
 * snf_client.h: the StatelessNF client, a C ABI over a low-latency key-value store.
 *
 * Data model (RAMCloud's): a store holds named tables; a table holds objects, each a
 * binary key (1..SNF_MAX_KEY_LENGTH bytes) mapped to a binary value
 * (0..SNF_MAX_VALUE_LENGTH bytes) and a 64-bit version. Versions start at 1, grow with
 * every write of an object and never repeat for a key, even after a remove. Writes and
 * removes may be conditional (snf_reject_rules), and writes may carry a time to live.
 *
 * Stores are opened by URI (a client's snf_client_backend name is its scheme, so
 * "redis-cluster" for a Redis Cluster):
 *   embedded:            the in-process store shared by every client of this process
 *   embedded:NAME        a separate in-process store, shared by clients that name it
 *   ramcloud:LOCATOR[?lib=PATH&cluster=NAME&server_span=N]
 *                        a RAMCloud cluster through RAMCloud's C binding, loaded at open
 *                        time from lib=, else $SNF_RAMCLOUD_LIB, else libramcloud.so;
 *                        LOCATOR is RAMCloud's, e.g. tcp:host=127.0.0.1,port=12246
 *   redis://[:PASSWORD@]HOST:PORT[/DB][?OPTIONS]
 *       password=S            AUTH password (also accepted before '@')
 *       connect_timeout_ms=N  default 1000
 *       command_timeout_ms=N  default 1000; a reply slower than this is SNF_ERR_TIMEOUT
 *       wait_replicas=N       a write succeeds only once N replicas acknowledged it (WAIT)
 *       wait_timeout_ms=N     how long a write waits for those replicas, default 1000
 *       read_retries=N        reads retried after a reconnect, default 1 (writes never are)
 *       spin_us=N             a blocking call polls for its reply this long before it
 *                             sleeps, default 50 (0: sleep at once, saving CPU)
 *       socket=PATH           connect over this Unix-domain socket (an absolute path)
 *                             instead of TCP to HOST:PORT; not accepted by redis-cluster://
 *   redis-cluster://[:PASSWORD@]HOST:PORT[,HOST:PORT...][?OPTIONS]
 *                        a Redis Cluster, discovered (CLUSTER SLOTS) from the first listed
 *                        node that answers; the options are those of redis:// (no /DB: a
 *                        cluster has only database 0). Each object lives on the master of
 *                        its key's slot; commands follow MOVED and ASK redirections and
 *                        are retried through TRYAGAIN, CLUSTERDOWN and failovers within
 *                        command_timeout_ms; wait_replicas applies to the master that took
 *                        the write. Keys whose bytes contain {tag} (the first '{' and the
 *                        next '}', at least one byte between) are placed by the tag alone,
 *                        in every table: keys sharing a tag share a slot, and so one
 *                        master.
 *
 * Conventions: every function returns an int status (SNF_OK or an snf_status error)
 * unless it says otherwise; out-parameters are written only on SNF_OK unless the
 * function says otherwise; binary data always comes with an explicit length; every
 * snf_*_create/open has an snf_*_free. After a failure, snf_*_last_error(handle) returns
 * a message for the last failed call the calling thread made on that handle.
 *
 * Thread safety: snf_client and snf_cache handles may be used from any number of
 * threads at once (calls on one connection are serialized inside). An snf_op may be
 * polled, waited on and read from any thread, and freed exactly once.
 */
#ifndef SNF_CLIENT_H
#define SNF_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#if defined(SNF_BUILDING_LIBRARY)
#define SNF_API __attribute__((visibility("default")))
#else
#define SNF_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. Values are stable: they cross the ABI and are mapped to exceptions in C#. */
typedef enum snf_status {
    SNF_OK = 0,
    SNF_ERR_TABLE_DOESNT_EXIST = 1,   /* no table with that name or id */
    SNF_ERR_OBJECT_DOESNT_EXIST = 2,  /* no object with that key (or it expired) */
    SNF_ERR_OBJECT_EXISTS = 3,        /* rejected: the object exists */
    SNF_ERR_WRONG_VERSION = 4,        /* rejected: the object's version failed the rule */
    SNF_ERR_INVALID_ARGUMENT = 5,     /* a NULL handle, bad length, empty name, ... */
    SNF_ERR_KEY_TOO_LARGE = 6,        /* key longer than SNF_MAX_KEY_LENGTH (or empty) */
    SNF_ERR_VALUE_TOO_LARGE = 7,      /* value longer than SNF_MAX_VALUE_LENGTH */
    SNF_ERR_BUFFER_TOO_SMALL = 8,     /* the value did not fit; the needed length was written */
    SNF_ERR_BAD_URI = 9,              /* the store URI could not be parsed */
    SNF_ERR_CONNECTION = 10,          /* the store could not be reached; the client reconnects */
    SNF_ERR_TIMEOUT = 11,             /* no reply in time; a write's outcome is unknown */
    SNF_ERR_PROTOCOL = 12,            /* the store sent a reply this client does not accept */
    SNF_ERR_REPLICATION = 13,         /* fewer replicas than wait_replicas acknowledged a write */
    SNF_ERR_AUTH = 14,                /* the store refused the credentials */
    SNF_ERR_PENDING = 15,             /* an async operation has not completed yet */
    SNF_ERR_NOT_SUPPORTED = 16,       /* the backend cannot do this */
    SNF_ERR_CLOSED = 17,              /* the client is shutting down */
    SNF_ERR_NO_MEMORY = 18,
    SNF_ERR_INTERNAL = 19,            /* a bug: please report it with the message */
    SNF_STATUS_COUNT = 20
} snf_status;

/* Limits of the data model. */
typedef enum snf_limits {
    SNF_MAX_KEY_LENGTH = 65535,      /* RAMCloud's: a key's length is 16 bits */
    SNF_MAX_VALUE_LENGTH = 1048576,
    SNF_MAX_TABLE_NAME_LENGTH = 256,
    SNF_LATENCY_BUCKETS = 32
} snf_limits;

typedef struct snf_client snf_client;
typedef struct snf_cache snf_cache;
typedef struct snf_op snf_op;

/*
 * Conditions under which a write or remove is rejected (RAMCloud's RejectRules). All zero
 * means unconditional. Create-only-if-absent: exists = 1. Write-if-version-is-V:
 * doesnt_exist = 1, version_ne_given = 1, given_version = V.
 */
typedef struct snf_reject_rules {
    uint64_t given_version;
    uint8_t doesnt_exist;      /* reject with SNF_ERR_OBJECT_DOESNT_EXIST if absent */
    uint8_t exists;            /* reject with SNF_ERR_OBJECT_EXISTS if present */
    uint8_t version_le_given;  /* reject with SNF_ERR_WRONG_VERSION if version <= given */
    uint8_t version_ne_given;  /* reject with SNF_ERR_WRONG_VERSION if version != given */
    uint8_t reserved[4];       /* must be zero */
} snf_reject_rules;

/* One read of snf_multi_read. In: table_id, key, key_length, buffer, buffer_capacity.
 * Out: status, value_length (the needed length when status is SNF_ERR_BUFFER_TOO_SMALL),
 * version. */
typedef struct snf_multi_read_op {
    uint64_t table_id;
    const void* key;
    void* buffer;
    uint64_t version;
    uint32_t key_length;
    uint32_t buffer_capacity;
    uint32_t value_length;
    int32_t status;
} snf_multi_read_op;

/* One write of snf_multi_write. In: table_id, key, key_length, value, value_length,
 * reject, ttl_ms (0 = never expires). Out: status, version. */
typedef struct snf_multi_write_op {
    uint64_t table_id;
    const void* key;
    const void* value;
    snf_reject_rules reject;
    uint64_t ttl_ms;
    uint64_t version;
    uint32_t key_length;
    uint32_t value_length;
    int32_t status;
    uint32_t reserved;
} snf_multi_write_op;

/* Counters of a client since open or the last reset. latency_buckets[0] counts operations
 * that took under 1 microsecond, latency_buckets[i] (i >= 1) those that took
 * [2^(i-1), 2^i) microseconds; the last bucket also takes everything slower. */
typedef struct snf_client_stats {
    uint64_t reads;
    uint64_t writes;
    uint64_t removes;
    uint64_t async_submitted;
    uint64_t async_completed;
    uint64_t errors;
    uint64_t reconnects;
    uint64_t bytes_written;   /* key and value bytes sent by writes */
    uint64_t bytes_read;      /* value bytes returned by reads */
    uint64_t latency_min_ns;
    uint64_t latency_max_ns;
    uint64_t latency_total_ns;
    uint64_t latency_buckets[32];
} snf_client_stats;

typedef struct snf_cache_stats {
    uint64_t hits;
    uint64_t misses;
    uint64_t evictions;
    uint64_t entries;
    uint64_t capacity;
    uint64_t write_throughs;
} snf_cache_stats;

/* Called once when an async operation completes, on a thread of the client (or on the
 * submitting thread, before submit returns, for backends that complete at once). The
 * op's results may be read inside; snf_op_free may be called inside. */
typedef void (*snf_completion_fn)(snf_op* op, int32_t status, void* user_data);

/* ---- Library ---------------------------------------------------------------------- */

/* The library's version, e.g. "0.1.0". Static string. Thread-safe. */
SNF_API const char* snf_version(void);
/* The status's name, e.g. "SNF_ERR_OBJECT_EXISTS"; "SNF_ERR_UNKNOWN" otherwise. Static. */
SNF_API const char* snf_status_name(int32_t status);
/* A one-line description of the status. Static string. Thread-safe. */
SNF_API const char* snf_status_message(int32_t status);
/* sizeof the named public struct, 0 for an unknown name; lets bindings check layouts. */
SNF_API size_t snf_struct_size(const char* struct_name);

/* ---- Client ----------------------------------------------------------------------- */

/* Opens a store. On failure *out_client is NULL and, if error_buffer is not NULL, a
 * NUL-terminated message (truncated to error_capacity) is written there. A Redis client
 * that cannot connect fails with SNF_ERR_CONNECTION. Thread-safe. */
SNF_API int32_t snf_client_open(const char* uri, snf_client** out_client, char* error_buffer,
                                size_t error_capacity);
/* Closes the client. Pending async operations complete with SNF_ERR_CLOSED first.
 * Caches made from it stay usable until freed. NULL is ignored. Not to be called
 * concurrently with other calls on the same client. */
SNF_API void snf_client_free(snf_client* client);
/* Message of the calling thread's last failed call on this client ("" if none). Valid
 * until that thread's next call into the library. */
SNF_API const char* snf_client_last_error(const snf_client* client);
/* "embedded", "redis", "redis-cluster" or "ramcloud". Static string. */
SNF_API const char* snf_client_backend(const snf_client* client);
/* Round trip to the store (reconnecting if needed). */
SNF_API int32_t snf_client_ping(snf_client* client);
SNF_API int32_t snf_client_stats_get(snf_client* client, snf_client_stats* out_stats);
SNF_API int32_t snf_client_stats_reset(snf_client* client);

/* ---- Tables ----------------------------------------------------------------------- */

/* Creates the table if absent; either way writes its id. */
SNF_API int32_t snf_table_create(snf_client* client, const char* name, uint64_t* out_table_id);
/* SNF_ERR_TABLE_DOESNT_EXIST if there is no such table. */
SNF_API int32_t snf_table_get_id(snf_client* client, const char* name, uint64_t* out_table_id);
/* Drops the table and all its objects; dropping an absent table is SNF_OK. */
SNF_API int32_t snf_table_drop(snf_client* client, const char* name);

/* ---- Objects (blocking) ---------------------------------------------------------- */

/* Reads an object into buffer. If the value is longer than capacity, returns
 * SNF_ERR_BUFFER_TOO_SMALL and writes the needed length to *out_length. rules may be
 * NULL; out_length and out_version may be NULL. */
SNF_API int32_t snf_read(snf_client* client, uint64_t table_id, const void* key,
                         uint32_t key_length, const snf_reject_rules* rules, void* buffer,
                         uint32_t capacity, uint32_t* out_length, uint64_t* out_version);
/* Writes an object; returns only after the store acknowledged it (and, with
 * wait_replicas, its replicas). rules may be NULL; ttl_ms 0 means no expiry. */
SNF_API int32_t snf_write(snf_client* client, uint64_t table_id, const void* key,
                          uint32_t key_length, const void* value, uint32_t value_length,
                          const snf_reject_rules* rules, uint64_t ttl_ms,
                          uint64_t* out_version);
/* Removes an object; *out_version gets the removed version, or 0 if it did not exist
 * (which is SNF_OK unless rules.doesnt_exist). */
SNF_API int32_t snf_remove(snf_client* client, uint64_t table_id, const void* key,
                           uint32_t key_length, const snf_reject_rules* rules,
                           uint64_t* out_version);
/* Several reads in one round trip. Returns SNF_OK when every op has its own status set;
 * otherwise the whole batch failed and no op status is meaningful. */
SNF_API int32_t snf_multi_read(snf_client* client, snf_multi_read_op* ops, uint32_t count);
/* Several writes in one round trip, each with its own conditions; same return rule. */
SNF_API int32_t snf_multi_write(snf_client* client, snf_multi_write_op* ops, uint32_t count);

/* ---- Objects (async) -------------------------------------------------------------- */

/* Each submit copies key and value, so the caller's memory may be reused at once. The
 * callback may be NULL. If out_op is NULL the op frees itself after the callback;
 * otherwise the caller owns it and must snf_op_free it. Many ops are pipelined on one
 * connection and complete in submission order per client. */
SNF_API int32_t snf_async_read(snf_client* client, uint64_t table_id, const void* key,
                               uint32_t key_length, snf_completion_fn callback,
                               void* user_data, snf_op** out_op);
SNF_API int32_t snf_async_write(snf_client* client, uint64_t table_id, const void* key,
                                uint32_t key_length, const void* value, uint32_t value_length,
                                const snf_reject_rules* rules, uint64_t ttl_ms,
                                snf_completion_fn callback, void* user_data, snf_op** out_op);
SNF_API int32_t snf_async_remove(snf_client* client, uint64_t table_id, const void* key,
                                 uint32_t key_length, const snf_reject_rules* rules,
                                 snf_completion_fn callback, void* user_data,
                                 snf_op** out_op);
/* Waits until every operation submitted so far on this client has completed. timeout_ms
 * < 0 waits forever; SNF_ERR_TIMEOUT otherwise. */
SNF_API int32_t snf_client_drain(snf_client* client, int64_t timeout_ms);

/* SNF_ERR_PENDING while in flight, else the operation's final status. */
SNF_API int32_t snf_op_poll(const snf_op* op);
/* Waits for completion and returns the final status; SNF_ERR_TIMEOUT if timeout_ms
 * (>= 0) passed first (the op stays in flight). */
SNF_API int32_t snf_op_wait(snf_op* op, int64_t timeout_ms);
/* The value read by a completed read: pointer valid until snf_op_free. */
SNF_API int32_t snf_op_value(const snf_op* op, const void** out_data, uint32_t* out_length);
/* The version read, written or removed by a completed op (0 if none). */
SNF_API uint64_t snf_op_version(const snf_op* op);
/* The failure message of a completed op ("" if it succeeded). Valid until snf_op_free. */
SNF_API const char* snf_op_error(const snf_op* op);
/* Releases the caller's reference; a pending op completes (its callback runs) and is
 * then released. NULL is ignored. */
SNF_API void snf_op_free(snf_op* op);

/* ---- LRU write-through cache ------------------------------------------------------ */

/* A cache of at most max_entries objects in front of client. Reads that hit never touch
 * the store; writes and removes go through to the store first and update the cache only
 * once the store acknowledged them. Entries honour the TTL they were written with. The
 * cache keeps the client alive until snf_cache_free. */
SNF_API int32_t snf_cache_create(snf_client* client, uint32_t max_entries,
                                 snf_cache** out_cache);
SNF_API void snf_cache_free(snf_cache* cache);
SNF_API const char* snf_cache_last_error(const snf_cache* cache);
/* Same contract as snf_read; a miss reads the store and fills the cache. */
SNF_API int32_t snf_cache_read(snf_cache* cache, uint64_t table_id, const void* key,
                               uint32_t key_length, void* buffer, uint32_t capacity,
                               uint32_t* out_length, uint64_t* out_version);
/* Same contract as snf_write. A rejected conditional write refreshes the entry. */
SNF_API int32_t snf_cache_write(snf_cache* cache, uint64_t table_id, const void* key,
                                uint32_t key_length, const void* value, uint32_t value_length,
                                const snf_reject_rules* rules, uint64_t ttl_ms,
                                uint64_t* out_version);
/* Same contract as snf_remove; the entry is dropped. */
SNF_API int32_t snf_cache_remove(snf_cache* cache, uint64_t table_id, const void* key,
                                 uint32_t key_length, const snf_reject_rules* rules,
                                 uint64_t* out_version);
/* Drops one entry (no store access); returns SNF_OK whether or not it was cached. */
SNF_API int32_t snf_cache_invalidate(snf_cache* cache, uint64_t table_id, const void* key,
                                     uint32_t key_length);
/* Drops every entry (no store access). */
SNF_API int32_t snf_cache_clear(snf_cache* cache);
SNF_API int32_t snf_cache_stats_get(snf_cache* cache, snf_cache_stats* out_stats);

#ifdef __cplusplus
}
#endif

#endif /* SNF_CLIENT_H */
