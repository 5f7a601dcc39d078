// Owns one native snf_client (see NativeHandle for the ownership pattern) and keeps the
// live-handle count of StoreHandleTracker.
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Internal;

internal sealed unsafe class StoreClientHandle : NativeHandle<snf_client>
{
    private StoreClientHandle() { }

    internal override string OwnerName => nameof(StoreClient);

    /// <summary>Takes ownership of a client snf_client_open returned.</summary>
    internal static StoreClientHandle Adopt(snf_client* client)
    {
        var owner = new StoreClientHandle();
        owner.Own(client);
        StoreHandleTracker.ClientOpened();
        return owner;
    }

    protected override void Free(snf_client* client)
    {
        SnfClientNative.snf_client_free(client);
        StoreHandleTracker.ClientFreed();
    }
}
