// Owns one native snf_router. The SafeHandle reference count keeps the router alive while
// any call on it is in flight (a run on another thread included), so Dispose racing with
// those calls never frees it under them; snf_router_free runs once, after the last of
// them returned.
using System;
using System.Runtime.InteropServices;
using System.Threading;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Click.Internal;

internal sealed unsafe class RouterHandle : SafeHandle
{
    private static int _live;

    private RouterHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    /// <summary>Native routers created and not yet freed in this process.</summary>
    internal static int Live => Volatile.Read(ref _live);

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Takes ownership of a router snf_router_create returned.</summary>
    internal static RouterHandle Adopt(snf_router* router)
    {
        var owner = new RouterHandle();
        owner.SetHandle((IntPtr)router);
        Interlocked.Increment(ref _live);
        return owner;
    }

    /// <summary>The native pointer; only valid inside a <see cref="RouterLease"/>.</summary>
    internal snf_router* Pointer => (snf_router*)handle;

    protected override bool ReleaseHandle()
    {
        SnfRouterNative.snf_router_free((snf_router*)handle);
        Interlocked.Decrement(ref _live);
        return true;
    }
}

/// <summary>
/// Holds a reference on a <see cref="RouterHandle"/> for the duration of one native call;
/// throws <see cref="ObjectDisposedException"/> when the router was disposed.
/// </summary>
internal unsafe ref struct RouterLease
{
    private readonly RouterHandle _owner;
    private bool _added;

    internal RouterLease(RouterHandle owner)
    {
        _owner = owner;
        _added = false;
        try
        {
            owner.DangerousAddRef(ref _added);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(Router), "The router was disposed.");
        }
    }

    internal readonly snf_router* Router => _owner.Pointer;

    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _owner.DangerousRelease();
        }
    }
}
