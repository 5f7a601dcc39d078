// StoreCache: an LRU write-through cache in front of a StoreClient (snf_cache). Reads that
// hit never leave the process; writes and removes reach the store first and update the
// cache only once the store acknowledged them. The span read is allocation-free so a hit
// costs one native call.
using System;
using StatelessNF.Interop.Internal;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop;

/// <summary>
/// An LRU write-through cache in front of a <see cref="StoreClient"/>; create one with
/// <see cref="StoreClient.CreateCache"/>. Thread-safe.
/// </summary>
public sealed unsafe class StoreCache : IDisposable
{
    private readonly StoreCacheHandle _handle;

    internal StoreCache(StoreCacheHandle handle) => _handle = handle;

    /// <summary>Reads an object, from the cache when it holds it, else from the store.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key.</param>
    /// <exception cref="ObjectNotFoundException">The object does not exist or expired.</exception>
    public StoreValue Read(ulong tableId, ReadOnlySpan<byte> key)
    {
        using var lease = new CacheLease(_handle);
        return ObjectCalls.Read(new CacheObjects(lease.Pointer), tableId, key);
    }

    /// <summary>Reads an object if it exists, from the cache when it holds it.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key.</param>
    /// <param name="value">The object, or default when it does not exist.</param>
    /// <returns>False when the object does not exist.</returns>
    public bool TryRead(ulong tableId, ReadOnlySpan<byte> key, out StoreValue value)
    {
        using var lease = new CacheLease(_handle);
        return ObjectCalls.TryRead(new CacheObjects(lease.Pointer), tableId, key, out value);
    }

    /// <summary>Reads an object into caller memory without allocating.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key.</param>
    /// <param name="destination">Where the value goes.</param>
    /// <param name="version">The object's version.</param>
    /// <returns>The value's length in bytes.</returns>
    /// <exception cref="BufferTooSmallException">The value is longer than <paramref name="destination"/>.</exception>
    /// <exception cref="ObjectNotFoundException">The object does not exist or expired.</exception>
    public int Read(ulong tableId, ReadOnlySpan<byte> key, Span<byte> destination, out ulong version)
    {
        using var lease = new CacheLease(_handle);
        return ObjectCalls.ReadInto(new CacheObjects(lease.Pointer), tableId, key, destination, out version);
    }

    /// <summary>Writes an object through to the store, then caches it.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">Conditions and time to live (the cached entry honours it too).</param>
    /// <returns>The object's new version.</returns>
    public ulong Write(ulong tableId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, WriteOptions options = default)
    {
        using var lease = new CacheLease(_handle);
        return ObjectCalls.Write(new CacheObjects(lease.Pointer), tableId, key, value, options);
    }

    /// <summary>Creates an object in the store unless it already exists.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key.</param>
    /// <param name="value">The value.</param>
    /// <param name="version">The new object's version, or 0 when it already existed.</param>
    /// <param name="timeToLive">How long the object lives; null never expires.</param>
    /// <returns>False when the object already existed.</returns>
    public bool TryCreate(ulong tableId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, out ulong version,
                          TimeSpan? timeToLive = null)
    {
        using var lease = new CacheLease(_handle);
        return ObjectCalls.TryCreate(new CacheObjects(lease.Pointer), tableId, key, value, timeToLive, out version);
    }

    /// <summary>Removes an object from the store and drops it from the cache.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key.</param>
    /// <param name="rules">Conditions under which the remove is rejected.</param>
    /// <returns>The removed version, or 0 when the object did not exist.</returns>
    public ulong Remove(ulong tableId, ReadOnlySpan<byte> key, RejectRules rules = default)
    {
        using var lease = new CacheLease(_handle);
        return ObjectCalls.Remove(new CacheObjects(lease.Pointer), tableId, key, rules);
    }

    /// <summary>Reads an object whose key and value are UTF-8 text.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The key, encoded as UTF-8.</param>
    /// <returns>The value decoded as UTF-8, or null when the object does not exist.</returns>
    public string? ReadString(ulong tableId, string key)
    {
        using var lease = new CacheLease(_handle);
        return ObjectCalls.ReadString(new CacheObjects(lease.Pointer), tableId, key);
    }

    /// <summary>Writes an object whose key and value are UTF-8 text.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The key, encoded as UTF-8.</param>
    /// <param name="value">The value, encoded as UTF-8.</param>
    /// <param name="options">Conditions and time to live.</param>
    /// <returns>The object's new version.</returns>
    public ulong Write(ulong tableId, string key, string value, WriteOptions options = default)
    {
        using var lease = new CacheLease(_handle);
        return ObjectCalls.WriteString(new CacheObjects(lease.Pointer), tableId, key, value, options);
    }

    /// <summary>Drops one entry from the cache without touching the store.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key.</param>
    public void Invalidate(ulong tableId, ReadOnlySpan<byte> key)
    {
        using var lease = new CacheLease(_handle);
        var objects = new CacheObjects(lease.Pointer);
        fixed (byte* k = key)
            StoreErrors.Check(SnfClientNative.snf_cache_invalidate(lease.Pointer, tableId, k, (uint)key.Length), objects);
    }

    /// <summary>Drops every entry from the cache without touching the store.</summary>
    public void Clear()
    {
        using var lease = new CacheLease(_handle);
        StoreErrors.Check(SnfClientNative.snf_cache_clear(lease.Pointer), new CacheObjects(lease.Pointer));
    }

    /// <summary>A snapshot of the cache's counters.</summary>
    public CacheStatistics GetStatistics()
    {
        using var lease = new CacheLease(_handle);
        snf_cache_stats stats;
        StoreErrors.Check(SnfClientNative.snf_cache_stats_get(lease.Pointer, &stats), new CacheObjects(lease.Pointer));
        return new CacheStatistics(stats);
    }

    /// <summary>Frees the cache; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _handle.Dispose();
}
