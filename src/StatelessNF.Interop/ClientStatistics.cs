// A snapshot of a client's counters and its latency histogram, with percentiles estimated
// from the histogram. Bucket 0 holds operations under 1 µs, bucket i (i >= 1) those that
// took [2^(i-1), 2^i) µs, and the last bucket everything slower.
using System;
using System.Collections.Generic;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop;

/// <summary>Counters of a <see cref="StoreClient"/> since it was opened or last reset.</summary>
public sealed class ClientStatistics
{
    private readonly ulong[] _buckets;

    internal unsafe ClientStatistics(in snf_client_stats stats)
    {
        Reads = stats.reads;
        Writes = stats.writes;
        Removes = stats.removes;
        AsyncSubmitted = stats.async_submitted;
        AsyncCompleted = stats.async_completed;
        Errors = stats.errors;
        Reconnects = stats.reconnects;
        BytesWritten = stats.bytes_written;
        BytesRead = stats.bytes_read;

        _buckets = new ulong[StoreLimits.LatencyBuckets];
        ulong total = 0;
        fixed (ulong* buckets = stats.latency_buckets)
        {
            for (int i = 0; i < _buckets.Length; i++)
            {
                _buckets[i] = buckets[i];
                total += buckets[i];
            }
        }
        TimedOperations = total;

        // With nothing timed the native minimum is meaningless; report zeros.
        if (total > 0)
        {
            MinimumLatency = FromNanoseconds(stats.latency_min_ns);
            MaximumLatency = FromNanoseconds(stats.latency_max_ns);
            MeanLatency = FromNanoseconds(stats.latency_total_ns / total);
        }
    }

    /// <summary>Reads performed (blocking, async and per item of multi-reads).</summary>
    public ulong Reads { get; }

    /// <summary>Writes performed.</summary>
    public ulong Writes { get; }

    /// <summary>Removes performed.</summary>
    public ulong Removes { get; }

    /// <summary>Asynchronous operations submitted.</summary>
    public ulong AsyncSubmitted { get; }

    /// <summary>Asynchronous operations completed (successfully or not).</summary>
    public ulong AsyncCompleted { get; }

    /// <summary>Operations that failed.</summary>
    public ulong Errors { get; }

    /// <summary>Successful reconnections to the store.</summary>
    public ulong Reconnects { get; }

    /// <summary>Key and value bytes sent by writes.</summary>
    public ulong BytesWritten { get; }

    /// <summary>Value bytes returned by reads.</summary>
    public ulong BytesRead { get; }

    /// <summary>Operations counted in the latency histogram.</summary>
    public ulong TimedOperations { get; }

    /// <summary>The fastest operation's latency (zero when nothing was timed).</summary>
    public TimeSpan MinimumLatency { get; }

    /// <summary>The slowest operation's latency (zero when nothing was timed).</summary>
    public TimeSpan MaximumLatency { get; }

    /// <summary>The mean latency (zero when nothing was timed).</summary>
    public TimeSpan MeanLatency { get; }

    /// <summary>The latency histogram: see <see cref="BucketLowerBound"/> for each bucket's range.</summary>
    public IReadOnlyList<ulong> LatencyBuckets => _buckets;

    /// <summary>The estimated median latency.</summary>
    public TimeSpan Median => Percentile(0.50);

    /// <summary>The estimated 99th-percentile latency.</summary>
    public TimeSpan P99 => Percentile(0.99);

    /// <summary>
    /// Estimates a latency percentile from the histogram, interpolating linearly inside the
    /// bucket that holds it and clamping to the observed minimum and maximum.
    /// </summary>
    /// <param name="fraction">The percentile as a fraction, in [0, 1] (0.99 for P99).</param>
    public TimeSpan Percentile(double fraction)
    {
        if (double.IsNaN(fraction) || fraction < 0 || fraction > 1)
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "A percentile is a fraction in [0, 1].");
        if (TimedOperations == 0)
            return TimeSpan.Zero;
        if (fraction == 0)
            return MinimumLatency;

        double rank = Math.Max(1.0, Math.Ceiling(fraction * TimedOperations));
        double before = 0;
        for (int i = 0; i < _buckets.Length; i++)
        {
            ulong count = _buckets[i];
            if (count == 0 || before + count < rank)
            {
                before += count;
                continue;
            }
            double low = BucketLowerBound(i).TotalMicroseconds;
            double high = i == _buckets.Length - 1
                ? Math.Max(low, MaximumLatency.TotalMicroseconds)
                : BucketUpperBound(i).TotalMicroseconds;
            double estimate = low + (high - low) * ((rank - before) / count);
            TimeSpan value = TimeSpan.FromTicks((long)Math.Round(estimate * TimeSpan.TicksPerMicrosecond));
            if (value < MinimumLatency)
                return MinimumLatency;
            return value > MaximumLatency ? MaximumLatency : value;
        }
        return MaximumLatency;
    }

    /// <summary>The shortest latency bucket <paramref name="bucket"/> counts.</summary>
    /// <param name="bucket">A bucket index, 0 to <see cref="StoreLimits.LatencyBuckets"/> - 1.</param>
    public static TimeSpan BucketLowerBound(int bucket)
    {
        CheckBucket(bucket);
        return bucket == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((1L << (bucket - 1)) * TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>The latency bucket <paramref name="bucket"/> stops short of (the last bucket has no bound; this returns its nominal one).</summary>
    /// <param name="bucket">A bucket index, 0 to <see cref="StoreLimits.LatencyBuckets"/> - 1.</param>
    public static TimeSpan BucketUpperBound(int bucket)
    {
        CheckBucket(bucket);
        return TimeSpan.FromTicks((1L << bucket) * TimeSpan.TicksPerMicrosecond);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"reads={Reads} writes={Writes} removes={Removes} async={AsyncCompleted}/{AsyncSubmitted} " +
        $"errors={Errors} reconnects={Reconnects} median={Median.TotalMicroseconds:F1}us p99={P99.TotalMicroseconds:F1}us";

    private static void CheckBucket(int bucket)
    {
        if ((uint)bucket >= StoreLimits.LatencyBuckets)
            throw new ArgumentOutOfRangeException(nameof(bucket), bucket, $"Buckets are numbered 0 to {StoreLimits.LatencyBuckets - 1}.");
    }

    private static TimeSpan FromNanoseconds(ulong nanoseconds) =>
        TimeSpan.FromTicks((long)Math.Min(nanoseconds / 100, (ulong)long.MaxValue));
}
