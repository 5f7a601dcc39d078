// Counts the native handles (clients and caches) that are open, so tests and
// applications can check that everything they opened was released. The count moves when
// a native handle is created and when its SafeHandle actually frees it, which is after
// the last in-flight call on it returned.
using System.Threading;

namespace StatelessNF.Interop;

/// <summary>Live-handle accounting for the native clients and caches of this process.</summary>
public static class StoreHandleTracker
{
    private static int _liveClients;
    private static int _liveCaches;

    /// <summary>Native clients opened and not yet freed.</summary>
    public static int LiveClients => Volatile.Read(ref _liveClients);

    /// <summary>Native caches created and not yet freed.</summary>
    public static int LiveCaches => Volatile.Read(ref _liveCaches);

    /// <summary>All native handles opened and not yet freed.</summary>
    public static int LiveHandles => LiveClients + LiveCaches;

    internal static void ClientOpened() => Interlocked.Increment(ref _liveClients);
    internal static void ClientFreed() => Interlocked.Decrement(ref _liveClients);
    internal static void CacheOpened() => Interlocked.Increment(ref _liveCaches);
    internal static void CacheFreed() => Interlocked.Decrement(ref _liveCaches);
}
