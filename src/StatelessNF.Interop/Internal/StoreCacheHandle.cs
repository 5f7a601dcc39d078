// Owns one native snf_cache. The native cache keeps its client alive by itself, so a
// cache handle outliving the StoreClient it was made from is safe.
using System;
using System.Runtime.InteropServices;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Internal;

internal sealed unsafe class StoreCacheHandle : SafeHandle
{
    private StoreCacheHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Takes ownership of a cache snf_cache_create returned.</summary>
    internal static StoreCacheHandle Adopt(snf_cache* cache)
    {
        var owner = new StoreCacheHandle();
        owner.SetHandle((IntPtr)cache);
        StoreHandleTracker.CacheOpened();
        return owner;
    }

    /// <summary>The native pointer; only valid inside a <see cref="CacheLease"/>.</summary>
    internal snf_cache* Pointer => (snf_cache*)handle;

    protected override bool ReleaseHandle()
    {
        SnfClientNative.snf_cache_free((snf_cache*)handle);
        StoreHandleTracker.CacheFreed();
        return true;
    }
}

/// <summary>
/// Holds a reference on a <see cref="StoreCacheHandle"/> for the duration of one native
/// call; throws <see cref="ObjectDisposedException"/> when the cache was disposed.
/// </summary>
internal unsafe ref struct CacheLease
{
    private readonly StoreCacheHandle _owner;
    private bool _added;

    internal CacheLease(StoreCacheHandle owner)
    {
        _owner = owner;
        _added = false;
        try
        {
            owner.DangerousAddRef(ref _added);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(StoreCache), "The store cache was disposed.");
        }
    }

    internal readonly snf_cache* Cache => _owner.Pointer;

    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _owner.DangerousRelease();
        }
    }
}
