// Owns one native snf_client. The SafeHandle reference count keeps the client alive
// while any call on it is in flight, so Dispose racing with other threads never frees it
// under them; snf_client_free runs once, after the last of those calls returned.
using System;
using System.Runtime.InteropServices;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Internal;

internal sealed unsafe class StoreClientHandle : SafeHandle
{
    private StoreClientHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Takes ownership of a client snf_client_open returned.</summary>
    internal static StoreClientHandle Adopt(snf_client* client)
    {
        var owner = new StoreClientHandle();
        owner.SetHandle((IntPtr)client);
        StoreHandleTracker.ClientOpened();
        return owner;
    }

    /// <summary>The native pointer; only valid inside a <see cref="ClientLease"/>.</summary>
    internal snf_client* Pointer => (snf_client*)handle;

    protected override bool ReleaseHandle()
    {
        SnfClientNative.snf_client_free((snf_client*)handle);
        StoreHandleTracker.ClientFreed();
        return true;
    }
}

/// <summary>
/// Holds a reference on a <see cref="StoreClientHandle"/> for the duration of one native
/// call; throws <see cref="ObjectDisposedException"/> when the client was disposed.
/// </summary>
internal unsafe ref struct ClientLease
{
    private readonly StoreClientHandle _owner;
    private bool _added;

    internal ClientLease(StoreClientHandle owner)
    {
        _owner = owner;
        _added = false;
        try
        {
            owner.DangerousAddRef(ref _added);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(StoreClient), "The store client was disposed.");
        }
    }

    internal readonly snf_client* Client => _owner.Pointer;

    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _owner.DangerousRelease();
        }
    }
}
