// The one ownership pattern of every native object (client, cache, router): a SafeHandle
// whose reference count keeps the object alive while any call on it is in flight, so a
// Dispose racing with other threads never frees it under them, and a lease that holds
// one reference for the length of one native call.
global using ClientLease = StatelessNF.Interop.Internal.NativeLease<StatelessNF.Interop.Native.snf_client>;
global using CacheLease = StatelessNF.Interop.Internal.NativeLease<StatelessNF.Interop.Native.snf_cache>;
global using RouterLease = StatelessNF.Interop.Internal.NativeLease<StatelessNF.Interop.Native.snf_router>;

using System;
using System.Runtime.InteropServices;

namespace StatelessNF.Interop.Internal;

/// <summary>Owns one native object of type <typeparamref name="T"/>.</summary>
internal abstract unsafe class NativeHandle<T> : SafeHandle where T : unmanaged
{
    protected NativeHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The native pointer; only valid inside a <see cref="NativeLease{T}"/>.</summary>
    internal T* Pointer => (T*)handle;

    /// <summary>The public type whose disposal closed this handle, for exception messages.</summary>
    internal abstract string OwnerName { get; }

    /// <summary>Takes ownership of a pointer a native create/open call returned.</summary>
    protected void Own(T* pointer) => SetHandle((IntPtr)pointer);

    /// <summary>Frees the native object; runs once, after the last lease was released.</summary>
    protected abstract void Free(T* pointer);

    protected sealed override bool ReleaseHandle()
    {
        Free((T*)handle);
        return true;
    }
}

/// <summary>
/// Holds a reference on a <see cref="NativeHandle{T}"/> for the duration of one native
/// call; throws <see cref="ObjectDisposedException"/> when its owner was disposed.
/// </summary>
internal unsafe ref struct NativeLease<T> where T : unmanaged
{
    private readonly NativeHandle<T> _owner;
    private bool _added;

    internal NativeLease(NativeHandle<T> owner)
    {
        _owner = owner;
        _added = false;
        try
        {
            owner.DangerousAddRef(ref _added);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(owner.OwnerName, $"The {owner.OwnerName} was disposed.");
        }
    }

    /// <summary>The native pointer, valid until this lease is disposed.</summary>
    internal readonly T* Pointer => _owner.Pointer;

    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _owner.DangerousRelease();
        }
    }
}
