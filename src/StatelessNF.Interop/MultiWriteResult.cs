// The outcome of one write of a MultiWrite batch.
namespace StatelessNF.Interop;

/// <summary>The outcome of one write of <see cref="StoreClient.MultiWrite"/>.</summary>
/// <param name="Status">The write's status: <see cref="StoreStatus.Ok"/>, or why its rules rejected it.</param>
/// <param name="Version">The version written, 0 when the write failed.</param>
public readonly record struct MultiWriteResult(StoreStatus Status, ulong Version)
{
    /// <summary>True when the write was applied.</summary>
    public bool Succeeded => Status == StoreStatus.Ok;
}
