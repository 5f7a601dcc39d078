// The outcome of one read of a MultiRead batch.
namespace StatelessNF.Interop;

/// <summary>The outcome of one read of <see cref="StoreClient.MultiRead"/>.</summary>
/// <param name="Status">The read's status: <see cref="StoreStatus.Ok"/>, <see cref="StoreStatus.ObjectDoesntExist"/>, ...</param>
/// <param name="Value">The value when <paramref name="Status"/> is <see cref="StoreStatus.Ok"/>, otherwise null.</param>
/// <param name="Version">The version read, 0 when the read failed.</param>
public readonly record struct MultiReadResult(StoreStatus Status, byte[]? Value, ulong Version)
{
    /// <summary>True when the object was read.</summary>
    public bool Found => Status == StoreStatus.Ok;
}
