// A snapshot of a StoreCache's counters.
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop;

/// <summary>Counters of a <see cref="StoreCache"/>.</summary>
public sealed class CacheStatistics
{
    internal CacheStatistics(in snf_cache_stats stats)
    {
        Hits = stats.hits;
        Misses = stats.misses;
        Evictions = stats.evictions;
        Entries = stats.entries;
        Capacity = stats.capacity;
        WriteThroughs = stats.write_throughs;
    }

    /// <summary>Reads answered from the cache without touching the store.</summary>
    public ulong Hits { get; }

    /// <summary>Reads that went to the store.</summary>
    public ulong Misses { get; }

    /// <summary>Entries dropped to make room for newer ones.</summary>
    public ulong Evictions { get; }

    /// <summary>Entries held now.</summary>
    public ulong Entries { get; }

    /// <summary>The most entries the cache holds.</summary>
    public ulong Capacity { get; }

    /// <summary>Writes and removes that went through to the store.</summary>
    public ulong WriteThroughs { get; }

    /// <summary>Hits over all reads; 0 before the first read.</summary>
    public double HitRatio => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);

    /// <inheritdoc />
    public override string ToString() =>
        $"hits={Hits} misses={Misses} evictions={Evictions} entries={Entries}/{Capacity} write-throughs={WriteThroughs} hit-ratio={HitRatio:P1}";
}
