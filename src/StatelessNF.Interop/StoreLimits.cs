// The data model's size limits (snf_limits), as constants callers can validate against.
namespace StatelessNF.Interop;

/// <summary>Size limits of the store's data model.</summary>
public static class StoreLimits
{
    /// <summary>Longest key, in bytes. Keys must also be at least one byte long.</summary>
    public const int MaxKeyLength = 65535;

    /// <summary>Longest value, in bytes.</summary>
    public const int MaxValueLength = 1048576;

    /// <summary>Longest table name, in bytes of UTF-8.</summary>
    public const int MaxTableNameLength = 256;

    /// <summary>Number of buckets of the latency histogram.</summary>
    public const int LatencyBuckets = 32;
}
