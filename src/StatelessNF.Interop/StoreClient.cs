// StoreClient: the public face of one native StatelessNF client. Blocking calls map one
// to one onto snf_* functions; *Async calls submit pipelined operations whose completion
// callback finishes a Task. Every status is checked through StoreErrors, and the native
// handle is a SafeHandle so disposal never races with calls in flight.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using StatelessNF.Interop.Internal;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop;

/// <summary>
/// A connection to a StatelessNF store: tables of objects with binary keys, binary values
/// and versions. Thread-safe: one client may be shared by any number of threads.
/// </summary>
/// <remarks>
/// Stores are opened by URI: <c>embedded:</c> (the in-process store of this process),
/// <c>embedded:NAME</c> (a separate in-process store), or
/// <c>redis://[:PASSWORD@]HOST:PORT[/DB][?OPTIONS]</c> with the options
/// <c>password</c>, <c>connect_timeout_ms</c>, <c>command_timeout_ms</c>,
/// <c>wait_replicas</c>, <c>wait_timeout_ms</c> and <c>read_retries</c>.
/// </remarks>
public sealed unsafe class StoreClient : IDisposable
{
    private const int OpenErrorCapacity = 1024;

    private readonly StoreClientHandle _handle;

    private StoreClient(StoreClientHandle handle, string uri, string backend)
    {
        _handle = handle;
        Uri = uri;
        Backend = backend;
    }

    /// <summary>The URI the client was opened with.</summary>
    public string Uri { get; }

    /// <summary>The backend serving the client: "embedded", "redis", "redis-cluster" or "ramcloud".</summary>
    public string Backend { get; }

    /// <summary>Opens a store.</summary>
    /// <param name="uri">The store's URI; the default is this process's embedded store.</param>
    /// <exception cref="StoreArgumentException">The URI is malformed.</exception>
    /// <exception cref="StoreConnectionException">The store could not be reached.</exception>
    /// <exception cref="StoreAuthenticationException">The store refused the credentials.</exception>
    public static StoreClient Open(string uri = "embedded:")
    {
        byte[] text = NativeText.ToNullTerminatedUtf8(uri, "store URI", StoreStatus.BadUri);
        byte* error = stackalloc byte[OpenErrorCapacity];
        error[0] = 0;
        snf_client* client = null;
        int status;
        fixed (byte* u = text)
            status = SnfClientNative.snf_client_open(u, &client, error, OpenErrorCapacity);
        StoreErrors.Check(status, Marshal.PtrToStringUTF8((IntPtr)error));
        if (client == null)
            StoreErrors.Throw((int)StoreStatus.Internal, "snf_client_open succeeded without returning a client.");

        StoreClientHandle handle = StoreClientHandle.Adopt(client);
        string backend = Marshal.PtrToStringUTF8((IntPtr)SnfClientNative.snf_client_backend(client)) ?? "unknown";
        return new StoreClient(handle, uri, backend);
    }

    /// <summary>Makes a round trip to the store, reconnecting if needed.</summary>
    public void Ping()
    {
        using var lease = new ClientLease(_handle);
        StoreErrors.Check(SnfClientNative.snf_client_ping(lease.Pointer), lease.Pointer);
    }

    // ---- Tables ------------------------------------------------------------------------

    /// <summary>Creates a table if it does not exist and returns its id either way.</summary>
    /// <param name="name">The table's name: 1 to <see cref="StoreLimits.MaxTableNameLength"/> bytes of UTF-8.</param>
    public ulong CreateTable(string name)
    {
        byte[] text = NativeText.ToNullTerminatedUtf8(name, "table name", StoreStatus.InvalidArgument);
        using var lease = new ClientLease(_handle);
        ulong id = 0;
        fixed (byte* n = text)
            StoreErrors.Check(SnfClientNative.snf_table_create(lease.Pointer, n, &id), lease.Pointer);
        return id;
    }

    /// <summary>The id of an existing table.</summary>
    /// <param name="name">The table's name.</param>
    /// <exception cref="TableNotFoundException">There is no such table.</exception>
    public ulong GetTableId(string name)
    {
        int status = GetTableIdCore(name, out ulong id, out string? error);
        StoreErrors.Check(status, error);
        return id;
    }

    /// <summary>Looks a table up by name.</summary>
    /// <param name="name">The table's name.</param>
    /// <param name="tableId">The table's id, or 0 when it does not exist.</param>
    /// <returns>False when there is no such table.</returns>
    public bool TryGetTableId(string name, out ulong tableId)
    {
        int status = GetTableIdCore(name, out tableId, out string? error);
        if (status == (int)snf_status.SNF_ERR_TABLE_DOESNT_EXIST)
            return false;
        StoreErrors.Check(status, error);
        return true;
    }

    /// <summary>Drops a table and all its objects; dropping an absent table does nothing.</summary>
    /// <param name="name">The table's name.</param>
    public void DropTable(string name)
    {
        byte[] text = NativeText.ToNullTerminatedUtf8(name, "table name", StoreStatus.InvalidArgument);
        using var lease = new ClientLease(_handle);
        fixed (byte* n = text)
            StoreErrors.Check(SnfClientNative.snf_table_drop(lease.Pointer, n), lease.Pointer);
    }

    private int GetTableIdCore(string name, out ulong tableId, out string? error)
    {
        byte[] text = NativeText.ToNullTerminatedUtf8(name, "table name", StoreStatus.InvalidArgument);
        using var lease = new ClientLease(_handle);
        ulong id = 0;
        int status;
        fixed (byte* n = text)
            status = SnfClientNative.snf_table_get_id(lease.Pointer, n, &id);
        error = status == (int)snf_status.SNF_OK ? null : StoreErrors.LastError(lease.Pointer);
        tableId = status == (int)snf_status.SNF_OK ? id : 0;
        return status;
    }

    // ---- Objects, blocking ----------------------------------------------------------------

    /// <summary>Reads an object.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key.</param>
    /// <exception cref="ObjectNotFoundException">The object does not exist or expired.</exception>
    public StoreValue Read(ulong tableId, ReadOnlySpan<byte> key)
    {
        using var lease = new ClientLease(_handle);
        return ObjectCalls.Read(new ClientObjects(lease.Pointer), tableId, key);
    }

    /// <summary>Reads an object if it exists.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key.</param>
    /// <param name="value">The object, or default when it does not exist.</param>
    /// <returns>False when the object does not exist.</returns>
    public bool TryRead(ulong tableId, ReadOnlySpan<byte> key, out StoreValue value)
    {
        using var lease = new ClientLease(_handle);
        return ObjectCalls.TryRead(new ClientObjects(lease.Pointer), tableId, key, out value);
    }

    /// <summary>Reads an object into caller memory, without allocating.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key.</param>
    /// <param name="destination">Where the value goes.</param>
    /// <param name="version">The object's version.</param>
    /// <returns>The value's length in bytes.</returns>
    /// <exception cref="BufferTooSmallException">The value is longer than <paramref name="destination"/>.</exception>
    /// <exception cref="ObjectNotFoundException">The object does not exist or expired.</exception>
    public int Read(ulong tableId, ReadOnlySpan<byte> key, Span<byte> destination, out ulong version)
    {
        using var lease = new ClientLease(_handle);
        return ObjectCalls.ReadInto(new ClientObjects(lease.Pointer), tableId, key, destination, out version);
    }

    /// <summary>Writes an object; returns once the store acknowledged it.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key: 1 to <see cref="StoreLimits.MaxKeyLength"/> bytes.</param>
    /// <param name="value">The value: up to <see cref="StoreLimits.MaxValueLength"/> bytes.</param>
    /// <param name="options">Conditions and time to live.</param>
    /// <returns>The object's new version.</returns>
    public ulong Write(ulong tableId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, WriteOptions options = default)
    {
        using var lease = new ClientLease(_handle);
        return ObjectCalls.Write(new ClientObjects(lease.Pointer), tableId, key, value, options);
    }

    /// <summary>Creates an object unless it already exists.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key.</param>
    /// <param name="value">The value.</param>
    /// <param name="version">The new object's version, or 0 when it already existed.</param>
    /// <param name="timeToLive">How long the object lives; null never expires.</param>
    /// <returns>False when the object already existed (and was left unchanged).</returns>
    public bool TryCreate(ulong tableId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, out ulong version,
                          TimeSpan? timeToLive = null)
    {
        using var lease = new ClientLease(_handle);
        return ObjectCalls.TryCreate(new ClientObjects(lease.Pointer), tableId, key, value, timeToLive, out version);
    }

    /// <summary>Removes an object.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key.</param>
    /// <param name="rules">Conditions under which the remove is rejected.</param>
    /// <returns>The removed version, or 0 when the object did not exist.</returns>
    public ulong Remove(ulong tableId, ReadOnlySpan<byte> key, RejectRules rules = default)
    {
        using var lease = new ClientLease(_handle);
        return ObjectCalls.Remove(new ClientObjects(lease.Pointer), tableId, key, rules);
    }

    /// <summary>Reads an object whose key and value are UTF-8 text.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The key, encoded as UTF-8.</param>
    /// <returns>The value decoded as UTF-8, or null when the object does not exist.</returns>
    public string? ReadString(ulong tableId, string key)
    {
        using var lease = new ClientLease(_handle);
        return ObjectCalls.ReadString(new ClientObjects(lease.Pointer), tableId, key);
    }

    /// <summary>Writes an object whose key and value are UTF-8 text.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The key, encoded as UTF-8.</param>
    /// <param name="value">The value, encoded as UTF-8.</param>
    /// <param name="options">Conditions and time to live.</param>
    /// <returns>The object's new version.</returns>
    public ulong Write(ulong tableId, string key, string value, WriteOptions options = default)
    {
        using var lease = new ClientLease(_handle);
        return ObjectCalls.WriteString(new ClientObjects(lease.Pointer), tableId, key, value, options);
    }

    /// <summary>Reads several objects of one table in one round trip.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="keys">The keys.</param>
    /// <returns>One result per key, in order, each with its own status.</returns>
    /// <exception cref="StoreException">The batch as a whole failed (for example, the store is unreachable).</exception>
    public MultiReadResult[] MultiRead(ulong tableId, IReadOnlyList<byte[]> keys)
    {
        using var lease = new ClientLease(_handle);
        return MultiOperations.Read(lease.Pointer, tableId, keys);
    }

    /// <summary>Writes several objects of one table in one round trip.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="items">The keys and values.</param>
    /// <param name="options">Conditions and time to live applied to every item.</param>
    /// <returns>One result per item, in order, each with its own status.</returns>
    /// <exception cref="StoreException">The batch as a whole failed (for example, the store is unreachable).</exception>
    public MultiWriteResult[] MultiWrite(ulong tableId, IReadOnlyList<KeyValuePair<byte[], byte[]>> items,
                                         WriteOptions options = default)
    {
        using var lease = new ClientLease(_handle);
        return MultiOperations.Write(lease.Pointer, tableId, items, options);
    }

    // ---- Objects, asynchronous ---------------------------------------------------------
    // The key and value are copied by the native submit, so these methods take spans and
    // return the task without awaiting anything themselves.

    /// <summary>Reads an object asynchronously; pipelined with other async operations.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key (copied before this method returns).</param>
    /// <returns>The object; faults with <see cref="ObjectNotFoundException"/> if it does not exist.</returns>
    public Task<StoreValue> ReadAsync(ulong tableId, ReadOnlySpan<byte> key)
    {
        var completion = AsyncCompletions.CreateSource<StoreValue>();
        using var lease = new ClientLease(_handle);
        void* userData = AsyncCompletions.Register(completion);
        int status;
        fixed (byte* k = key)
            status = SnfClientNative.snf_async_read(lease.Pointer, tableId, k, (uint)key.Length, AsyncCompletions.Read, userData, null);
        return status == (int)snf_status.SNF_OK ? completion.Task : Rejected<StoreValue>(status, lease.Pointer, userData);
    }

    /// <summary>Reads an object asynchronously if it exists.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key (copied before this method returns).</param>
    /// <returns>The object, or null when it does not exist.</returns>
    public Task<StoreValue?> TryReadAsync(ulong tableId, ReadOnlySpan<byte> key)
    {
        var completion = AsyncCompletions.CreateSource<StoreValue?>();
        using var lease = new ClientLease(_handle);
        void* userData = AsyncCompletions.Register(completion);
        int status;
        fixed (byte* k = key)
            status = SnfClientNative.snf_async_read(lease.Pointer, tableId, k, (uint)key.Length, AsyncCompletions.TryRead, userData, null);
        return status == (int)snf_status.SNF_OK ? completion.Task : Rejected<StoreValue?>(status, lease.Pointer, userData);
    }

    /// <summary>Writes an object asynchronously; completes once the store acknowledged it.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key (copied before this method returns).</param>
    /// <param name="value">The value (copied before this method returns).</param>
    /// <param name="options">Conditions and time to live.</param>
    /// <returns>The object's new version.</returns>
    public Task<ulong> WriteAsync(ulong tableId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, WriteOptions options = default)
    {
        ulong ttl = options.TimeToLiveMilliseconds;
        snf_reject_rules rules = options.Rules.ToNative();
        snf_reject_rules* rulesPointer = options.Rules.IsNone ? null : &rules;
        var completion = AsyncCompletions.CreateSource<ulong>();
        byte placeholder = 0;
        using var lease = new ClientLease(_handle);
        void* userData = AsyncCompletions.Register(completion);
        int status;
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            // An empty value is legal but pins to null; give the store a real address.
            status = SnfClientNative.snf_async_write(lease.Pointer, tableId, k, (uint)key.Length,
                v != null ? v : &placeholder, (uint)value.Length, rulesPointer, ttl,
                AsyncCompletions.Version, userData, null);
        }
        return status == (int)snf_status.SNF_OK ? completion.Task : Rejected<ulong>(status, lease.Pointer, userData);
    }

    /// <summary>Removes an object asynchronously.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="key">The object's key (copied before this method returns).</param>
    /// <param name="rules">Conditions under which the remove is rejected.</param>
    /// <returns>The removed version, or 0 when the object did not exist.</returns>
    public Task<ulong> RemoveAsync(ulong tableId, ReadOnlySpan<byte> key, RejectRules rules = default)
    {
        snf_reject_rules native = rules.ToNative();
        snf_reject_rules* rulesPointer = rules.IsNone ? null : &native;
        var completion = AsyncCompletions.CreateSource<ulong>();
        using var lease = new ClientLease(_handle);
        void* userData = AsyncCompletions.Register(completion);
        int status;
        fixed (byte* k = key)
            status = SnfClientNative.snf_async_remove(lease.Pointer, tableId, k, (uint)key.Length, rulesPointer,
                AsyncCompletions.Version, userData, null);
        return status == (int)snf_status.SNF_OK ? completion.Task : Rejected<ulong>(status, lease.Pointer, userData);
    }

    /// <summary>Waits until every asynchronous operation submitted so far has completed.</summary>
    /// <param name="timeout">How long to wait; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits for ever.</param>
    /// <exception cref="StoreTimeoutException">Operations were still in flight when the timeout passed.</exception>
    public void Drain(TimeSpan timeout)
    {
        long milliseconds = timeout == System.Threading.Timeout.InfiniteTimeSpan
            ? -1
            : timeout < TimeSpan.Zero
                ? throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A timeout is positive or infinite.")
                : (long)Math.Ceiling(timeout.TotalMilliseconds);
        using var lease = new ClientLease(_handle);
        StoreErrors.Check(SnfClientNative.snf_client_drain(lease.Pointer, milliseconds), lease.Pointer);
    }

    // A rejected submit faults the task with the message the failed call left. Argument
    // and state errors are found before an op exists, so no callback will come and the
    // handle is released. After an internal failure (out of memory, an exception inside
    // the library) the op may exist and still call back, so its handle stays valid: a
    // leaked handle is the lesser harm than a callback on a freed one.
    private static Task<T> Rejected<T>(int status, snf_client* client, void* userData)
    {
        StoreException failure = StoreErrors.Create(status, StoreErrors.LastError(client));
        if (status is not ((int)snf_status.SNF_ERR_INTERNAL or (int)snf_status.SNF_ERR_NO_MEMORY))
            AsyncCompletions.Unregister(userData);
        return Task.FromException<T>(failure);
    }

    // ---- Statistics and caches ------------------------------------------------------------

    /// <summary>A snapshot of the client's counters and latency histogram.</summary>
    public ClientStatistics GetStatistics()
    {
        using var lease = new ClientLease(_handle);
        snf_client_stats stats;
        StoreErrors.Check(SnfClientNative.snf_client_stats_get(lease.Pointer, &stats), lease.Pointer);
        return new ClientStatistics(stats);
    }

    /// <summary>Sets every counter and the latency histogram back to zero.</summary>
    public void ResetStatistics()
    {
        using var lease = new ClientLease(_handle);
        StoreErrors.Check(SnfClientNative.snf_client_stats_reset(lease.Pointer), lease.Pointer);
    }

    /// <summary>Creates an LRU write-through cache in front of this client.</summary>
    /// <param name="maxEntries">The most objects the cache holds; at least 1.</param>
    /// <remarks>The cache keeps the native client alive, so it may outlive this object.</remarks>
    public StoreCache CreateCache(int maxEntries)
    {
        if (maxEntries < 1)
            throw StoreErrors.Create((int)StoreStatus.InvalidArgument, $"A cache holds at least one entry, not {maxEntries}.");
        using var lease = new ClientLease(_handle);
        snf_cache* cache = null;
        StoreErrors.Check(SnfClientNative.snf_cache_create(lease.Pointer, (uint)maxEntries, &cache), lease.Pointer);
        if (cache == null)
            StoreErrors.Throw((int)StoreStatus.Internal, "snf_cache_create succeeded without returning a cache.");
        return new StoreCache(StoreCacheHandle.Adopt(cache));
    }

    /// <summary>
    /// Closes the client. Pending asynchronous operations fault with
    /// <see cref="StoreClosedException"/>; later calls throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose() => _handle.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"StoreClient({Backend}, {Uri})";
}
