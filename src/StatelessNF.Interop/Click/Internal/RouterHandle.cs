// Owns one native snf_router (see NativeHandle): a run on another thread holds a lease too,
// so snf_router_free runs once, after the last call on the router returned.
using System.Threading;
using StatelessNF.Interop.Internal;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Click.Internal;

internal sealed unsafe class RouterHandle : NativeHandle<snf_router>
{
    private static int _live;

    private RouterHandle() { }

    /// <summary>Native routers created and not yet freed in this process.</summary>
    internal static int Live => Volatile.Read(ref _live);

    internal override string OwnerName => nameof(Router);

    /// <summary>Takes ownership of a router snf_router_create returned.</summary>
    internal static RouterHandle Adopt(snf_router* router)
    {
        var owner = new RouterHandle();
        owner.Own(router);
        Interlocked.Increment(ref _live);
        return owner;
    }

    protected override void Free(snf_router* router)
    {
        SnfRouterNative.snf_router_free(router);
        Interlocked.Decrement(ref _live);
    }
}
