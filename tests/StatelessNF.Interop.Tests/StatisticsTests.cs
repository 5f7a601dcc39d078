// Client statistics on every backend (exact operation counts, async counters, histogram
// totals, reset) and the percentile arithmetic over a synthetic histogram.
using System;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using StatelessNF.Interop.Native;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests;

[TestFixture("embedded:")]
[TestFixture(StoreFixture.RedisBackend)]
public sealed class StatisticsTests : StoreFixture
{
    public StatisticsTests(string backend) : base(backend) { }

    [Test]
    public async Task CountersCountEachKindOfOperation()
    {
        Client.ResetStatistics();
        for (int i = 0; i < 5; i++)
            Client.Write(TableId, Key($"s{i}"), Bytes("12345"));
        for (int i = 0; i < 3; i++)
            Client.Read(TableId, Key($"s{i}"));
        Client.TryRead(TableId, Key("absent"), out _);
        Client.Remove(TableId, Key("s0"));
        Client.Remove(TableId, Key("s1"));
        await Client.ReadAsync(TableId, Key("s2"));
        await Client.WriteAsync(TableId, Key("s9"), Bytes("x"));

        ClientStatistics stats = Client.GetStatistics();
        Assert.Multiple(() =>
        {
            Assert.That(stats.Writes, Is.EqualTo(6UL));
            Assert.That(stats.Reads, Is.EqualTo(5UL));
            Assert.That(stats.Removes, Is.EqualTo(2UL));
            Assert.That(stats.AsyncSubmitted, Is.EqualTo(2UL));
            Assert.That(stats.AsyncCompleted, Is.EqualTo(2UL));
            Assert.That(stats.Errors, Is.EqualTo(1UL), "the read of an absent object failed");
            Assert.That(stats.BytesRead, Is.EqualTo(4UL * 5));
            Assert.That(stats.BytesWritten, Is.GreaterThanOrEqualTo(5UL * (2 + 5)));
            Assert.That(stats.TimedOperations, Is.EqualTo((ulong)stats.LatencyBuckets.Sum(count => (long)count)));
            Assert.That(stats.TimedOperations, Is.GreaterThanOrEqualTo(13UL));
            Assert.That(stats.MinimumLatency, Is.LessThanOrEqualTo(stats.Median));
            Assert.That(stats.Median, Is.LessThanOrEqualTo(stats.P99));
            Assert.That(stats.P99, Is.LessThanOrEqualTo(stats.MaximumLatency));
            Assert.That(stats.MeanLatency, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(stats.ToString(), Does.Contain("reads=5"));
        });
    }

    [Test]
    public void ResetZeroesEveryCounter()
    {
        Client.Write(TableId, Key("k"), Bytes("v"));
        Client.Read(TableId, Key("k"));
        Client.ResetStatistics();
        ClientStatistics stats = Client.GetStatistics();
        Assert.Multiple(() =>
        {
            Assert.That(stats.Reads + stats.Writes + stats.Removes + stats.Errors, Is.Zero);
            Assert.That(stats.TimedOperations, Is.Zero);
            Assert.That(stats.Median, Is.EqualTo(TimeSpan.Zero));
            Assert.That(stats.MaximumLatency, Is.EqualTo(TimeSpan.Zero));
            Assert.That(stats.LatencyBuckets, Has.Count.EqualTo(StoreLimits.LatencyBuckets));
        });
    }

    [Test]
    public void StatisticsBelongToOneClient()
    {
        using StoreClient other = OpenSecondClient();
        other.ResetStatistics();
        Client.Write(TableId, Key("mine"), Bytes("v"));
        Assert.That(other.GetStatistics().Writes, Is.Zero);
    }
}

[TestFixture]
public sealed class LatencyPercentileTests
{
    [Test]
    public unsafe void PercentilesInterpolateInsideTheirBucket()
    {
        // 100 operations: 50 in [1, 2) us (bucket 1), 49 in [8, 16) us (bucket 4), 1 in [512, 1024) us (bucket 10).
        var native = new snf_client_stats { latency_min_ns = 1_000, latency_max_ns = 600_000, latency_total_ns = 1_000_000 };
        native.latency_buckets[1] = 50;
        native.latency_buckets[4] = 49;
        native.latency_buckets[10] = 1;
        var stats = new ClientStatistics(native);

        Assert.That(stats.TimedOperations, Is.EqualTo(100UL));
        Assert.That(stats.Median.TotalMicroseconds, Is.EqualTo(2.0).Within(0.05), "the 50th operation is the last of bucket 1");
        Assert.That(stats.Percentile(0.99).TotalMicroseconds, Is.EqualTo(16.0).Within(0.05), "the 99th is the last of bucket 4");
        Assert.That(stats.Percentile(1.0), Is.EqualTo(stats.MaximumLatency), "clamped to the observed maximum");
        Assert.That(stats.Percentile(0.0), Is.EqualTo(stats.MinimumLatency));
        Assert.That(stats.MeanLatency.TotalMicroseconds, Is.EqualTo(10.0).Within(0.01));
        Assert.That(() => stats.Percentile(1.5), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => stats.Percentile(double.NaN), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void BucketBoundsArePowersOfTwoMicroseconds()
    {
        Assert.That(ClientStatistics.BucketLowerBound(0), Is.EqualTo(TimeSpan.Zero));
        Assert.That(ClientStatistics.BucketUpperBound(0), Is.EqualTo(TimeSpan.FromMicroseconds(1)));
        Assert.That(ClientStatistics.BucketLowerBound(1), Is.EqualTo(TimeSpan.FromMicroseconds(1)));
        Assert.That(ClientStatistics.BucketUpperBound(10), Is.EqualTo(TimeSpan.FromMicroseconds(1024)));
        Assert.That(() => ClientStatistics.BucketLowerBound(StoreLimits.LatencyBuckets), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => ClientStatistics.BucketUpperBound(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
