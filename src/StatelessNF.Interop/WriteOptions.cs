// Options of a write: the conditions it must pass and how long the object lives.
using System;
using StatelessNF.Interop.Internal;

namespace StatelessNF.Interop;

/// <summary>Conditions and expiry of a write.</summary>
/// <param name="Rules">When the write is rejected; the default applies it unconditionally.</param>
/// <param name="TimeToLive">How long the object lives after this write; null never expires.
/// Must be positive; sub-millisecond values round up to one millisecond.</param>
public readonly record struct WriteOptions(RejectRules Rules = default, TimeSpan? TimeToLive = null)
{
    /// <summary>The native ttl_ms: 0 for no expiry, else the TTL rounded up to whole milliseconds.</summary>
    internal ulong TimeToLiveMilliseconds => ToMilliseconds(TimeToLive);

    internal static ulong ToMilliseconds(TimeSpan? timeToLive)
    {
        if (timeToLive is not { } ttl)
            return 0;
        if (ttl <= TimeSpan.Zero)
            throw StoreErrors.Create((int)StoreStatus.InvalidArgument,
                $"A time to live must be positive, not {ttl}; leave it null for an object that never expires.");
        return (ulong)Math.Ceiling(ttl.TotalMilliseconds);
    }
}
