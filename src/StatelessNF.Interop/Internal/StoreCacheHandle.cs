// Owns one native snf_cache (see NativeHandle). The native cache keeps its client alive by
// itself, so a cache handle outliving the StoreClient it was made from is safe.
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Internal;

internal sealed unsafe class StoreCacheHandle : NativeHandle<snf_cache>
{
    private StoreCacheHandle() { }

    internal override string OwnerName => nameof(StoreCache);

    /// <summary>Takes ownership of a cache snf_cache_create returned.</summary>
    internal static StoreCacheHandle Adopt(snf_cache* cache)
    {
        var owner = new StoreCacheHandle();
        owner.Own(cache);
        StoreHandleTracker.CacheOpened();
        return owner;
    }

    protected override void Free(snf_cache* cache)
    {
        SnfClientNative.snf_cache_free(cache);
        StoreHandleTracker.CacheFreed();
    }
}
