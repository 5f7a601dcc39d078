// The object operations a client and a cache share, so the logic above them (buffer
// sizing, conditions, string conversion, error mapping) is written once. Implemented by
// small structs wrapping the native pointer: generic code over them is specialized by the
// JIT, so the indirection costs nothing at run time.
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Internal;

/// <summary>Blocking object operations on one native handle.</summary>
internal unsafe interface INativeObjects
{
    /// <summary>snf_read / snf_cache_read.</summary>
    int Read(ulong tableId, byte* key, uint keyLength, byte* buffer, uint capacity, uint* length, ulong* version);

    /// <summary>snf_write / snf_cache_write.</summary>
    int Write(ulong tableId, byte* key, uint keyLength, byte* value, uint valueLength,
              snf_reject_rules* rules, ulong ttlMilliseconds, ulong* version);

    /// <summary>snf_remove / snf_cache_remove.</summary>
    int Remove(ulong tableId, byte* key, uint keyLength, snf_reject_rules* rules, ulong* version);

    /// <summary>The message of this thread's last failed call on the handle.</summary>
    string? LastError();
}

/// <summary>The object operations of an snf_client.</summary>
internal readonly unsafe struct ClientObjects(snf_client* client) : INativeObjects
{
    public int Read(ulong tableId, byte* key, uint keyLength, byte* buffer, uint capacity, uint* length, ulong* version) =>
        SnfClientNative.snf_read(client, tableId, key, keyLength, null, buffer, capacity, length, version);

    public int Write(ulong tableId, byte* key, uint keyLength, byte* value, uint valueLength,
                     snf_reject_rules* rules, ulong ttlMilliseconds, ulong* version) =>
        SnfClientNative.snf_write(client, tableId, key, keyLength, value, valueLength, rules, ttlMilliseconds, version);

    public int Remove(ulong tableId, byte* key, uint keyLength, snf_reject_rules* rules, ulong* version) =>
        SnfClientNative.snf_remove(client, tableId, key, keyLength, rules, version);

    public string? LastError() => StoreErrors.LastError(client);
}

/// <summary>The object operations of an snf_cache.</summary>
internal readonly unsafe struct CacheObjects(snf_cache* cache) : INativeObjects
{
    public int Read(ulong tableId, byte* key, uint keyLength, byte* buffer, uint capacity, uint* length, ulong* version) =>
        SnfClientNative.snf_cache_read(cache, tableId, key, keyLength, buffer, capacity, length, version);

    public int Write(ulong tableId, byte* key, uint keyLength, byte* value, uint valueLength,
                     snf_reject_rules* rules, ulong ttlMilliseconds, ulong* version) =>
        SnfClientNative.snf_cache_write(cache, tableId, key, keyLength, value, valueLength, rules, ttlMilliseconds, version);

    public int Remove(ulong tableId, byte* key, uint keyLength, snf_reject_rules* rules, ulong* version) =>
        SnfClientNative.snf_cache_remove(cache, tableId, key, keyLength, rules, version);

    public string? LastError() => StoreErrors.LastError(cache);
}
