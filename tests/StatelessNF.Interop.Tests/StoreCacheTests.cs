// The LRU write-through cache on every backend: hits and misses, eviction, write-through
// visible to another client, invalidation, TTL, conditional writes, statistics, and the
// allocation-free span read.
using System;
using NUnit.Framework;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests;

[TestFixture("embedded:")]
[TestFixture(StoreFixture.RedisBackend)]
public sealed class StoreCacheTests : StoreFixture
{
    public StoreCacheTests(string backend) : base(backend) { }

    [Test]
    public void FirstReadMissesAndLaterReadsHit()
    {
        using StoreCache cache = Client.CreateCache(16);
        Client.Write(TableId, Key("k"), Bytes("v"));

        Assert.That(cache.Read(TableId, Key("k")).AsString(), Is.EqualTo("v"));
        Assert.That(cache.Read(TableId, Key("k")).AsString(), Is.EqualTo("v"));
        Assert.That(cache.TryRead(TableId, Key("k"), out StoreValue value), Is.True);
        Assert.That(value.AsString(), Is.EqualTo("v"));

        CacheStatistics stats = cache.GetStatistics();
        Assert.That(stats.Misses, Is.EqualTo(1UL));
        Assert.That(stats.Hits, Is.EqualTo(2UL));
        Assert.That(stats.Entries, Is.EqualTo(1UL));
        Assert.That(stats.Capacity, Is.EqualTo(16UL));
        Assert.That(stats.HitRatio, Is.EqualTo(2.0 / 3.0).Within(1e-9));
        Assert.That(stats.ToString(), Does.Contain("hits=2"));
    }

    [Test]
    public void AHitDoesNotTouchTheStore()
    {
        using StoreCache cache = Client.CreateCache(16);
        Client.Write(TableId, Key("k"), Bytes("v"));
        cache.Read(TableId, Key("k"));
        Client.ResetStatistics();
        for (int i = 0; i < 100; i++)
            cache.Read(TableId, Key("k"));
        Assert.That(Client.GetStatistics().Reads, Is.Zero);
    }

    [Test]
    public void MissingObjectsAreReportedLikeTheClient()
    {
        using StoreCache cache = Client.CreateCache(4);
        Assert.That(() => cache.Read(TableId, Key("none")), Throws.InstanceOf<ObjectNotFoundException>());
        Assert.That(cache.TryRead(TableId, Key("none"), out _), Is.False);
        Assert.That(cache.ReadString(TableId, "none"), Is.Null);
        Assert.That(() => cache.Read(TableId, Key("none"), new byte[4], out _), Throws.InstanceOf<ObjectNotFoundException>());
    }

    [Test]
    public void LeastRecentlyUsedEntriesAreEvicted()
    {
        using StoreCache cache = Client.CreateCache(4);
        for (int i = 0; i < 10; i++)
            cache.Write(TableId, Key($"e{i}"), Bytes($"{i}"));

        CacheStatistics stats = cache.GetStatistics();
        Assert.That(stats.Entries, Is.EqualTo(4UL));
        Assert.That(stats.Evictions, Is.EqualTo(6UL));

        // The four most recent writes are cached; the first one is not.
        cache.Read(TableId, Key("e9"));
        cache.Read(TableId, Key("e0"));
        CacheStatistics after = cache.GetStatistics();
        Assert.That(after.Hits - stats.Hits, Is.EqualTo(1UL));
        Assert.That(after.Misses - stats.Misses, Is.EqualTo(1UL));
        Assert.That(cache.Read(TableId, Key("e0")).AsString(), Is.EqualTo("0"), "evicted objects are still in the store");
    }

    [Test]
    public void WritesGoThroughToTheStoreAndAreVisibleToASecondClient()
    {
        using StoreCache cache = Client.CreateCache(8);
        ulong version = cache.Write(TableId, Key("wt"), Bytes("through"));
        using StoreClient other = OpenSecondClient();
        StoreValue seen = other.Read(TableId, Key("wt"));
        Assert.That(seen.AsString(), Is.EqualTo("through"));
        Assert.That(seen.Version, Is.EqualTo(version));

        CacheStatistics stats = cache.GetStatistics();
        Assert.That(stats.WriteThroughs, Is.EqualTo(1UL));
        Assert.That(cache.Read(TableId, Key("wt")).Version, Is.EqualTo(version));
        Assert.That(cache.GetStatistics().Hits, Is.EqualTo(1UL), "a written object is cached");

        cache.Write(TableId, "text", "value");
        Assert.That(other.ReadString(TableId, "text"), Is.EqualTo("value"));
        Assert.That(cache.ReadString(TableId, "text"), Is.EqualTo("value"));
    }

    [Test]
    public void RemoveGoesThroughAndDropsTheEntry()
    {
        using StoreCache cache = Client.CreateCache(8);
        ulong version = cache.Write(TableId, Key("rm"), Bytes("x"));
        Assert.That(cache.Remove(TableId, Key("rm")), Is.EqualTo(version));
        Assert.That(cache.TryRead(TableId, Key("rm"), out _), Is.False);
        Assert.That(Client.TryRead(TableId, Key("rm"), out _), Is.False);
        Assert.That(cache.Remove(TableId, Key("rm")), Is.Zero);
        Assert.That(() => cache.Remove(TableId, Key("rm"), RejectRules.MustExist), Throws.InstanceOf<ObjectNotFoundException>());
    }

    [Test]
    public void InvalidateAndClearForceTheNextReadToTheStore()
    {
        using StoreCache cache = Client.CreateCache(8);
        cache.Write(TableId, Key("a"), Bytes("1"));
        cache.Write(TableId, Key("b"), Bytes("2"));

        // Another instance changes the object behind the cache's back.
        Client.Write(TableId, Key("a"), Bytes("changed"));
        cache.Invalidate(TableId, Key("a"));
        cache.Invalidate(TableId, Key("never-cached"));
        Assert.That(cache.Read(TableId, Key("a")).AsString(), Is.EqualTo("changed"));

        cache.Clear();
        Assert.That(cache.GetStatistics().Entries, Is.Zero);
        ulong misses = cache.GetStatistics().Misses;
        Assert.That(cache.Read(TableId, Key("b")).AsString(), Is.EqualTo("2"));
        Assert.That(cache.GetStatistics().Misses, Is.EqualTo(misses + 1));
    }

    [Test]
    public void TryCreateThroughTheCache()
    {
        using StoreCache cache = Client.CreateCache(8);
        Assert.That(cache.TryCreate(TableId, Key("c"), Bytes("first"), out ulong version), Is.True);
        Assert.That(version, Is.GreaterThan(0UL));
        Assert.That(cache.TryCreate(TableId, Key("c"), Bytes("second"), out ulong none), Is.False);
        Assert.That(none, Is.Zero);
        Assert.That(cache.Read(TableId, Key("c")).AsString(), Is.EqualTo("first"));
        Assert.That(Client.Read(TableId, Key("c")).AsString(), Is.EqualTo("first"));
    }

    [Test]
    public void RejectedConditionalWriteRefreshesTheEntry()
    {
        using StoreCache cache = Client.CreateCache(8);
        cache.Write(TableId, Key("cas"), Bytes("old"));
        ulong current = Client.Write(TableId, Key("cas"), Bytes("new"));
        Assert.That(() => cache.Write(TableId, Key("cas"), Bytes("mine"), new WriteOptions(RejectRules.IfVersion(current - 1))),
                    Throws.InstanceOf<WrongVersionException>());
        StoreValue value = cache.Read(TableId, Key("cas"));
        Assert.That(value.AsString(), Is.EqualTo("new"));
        Assert.That(value.Version, Is.EqualTo(current));
    }

    [Test]
    public void CachedEntriesHonourTheirTimeToLive()
    {
        using StoreCache cache = Client.CreateCache(8);
        cache.Write(TableId, Key("ttl"), Bytes("soon gone"), new WriteOptions(TimeToLive: TimeSpan.FromMilliseconds(150)));
        Assert.That(Polling.Until(() => !cache.TryRead(TableId, Key("ttl"), out _), TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(cache.TryCreate(TableId, Key("ttl2"), Bytes("x"), out _, TimeSpan.FromMilliseconds(150)), Is.True);
        Assert.That(Polling.Until(() => !cache.TryRead(TableId, Key("ttl2"), out _), TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public void SpanReadHitsWithoutAllocating()
    {
        using StoreCache cache = Client.CreateCache(8);
        cache.Write(TableId, Key("hot"), Bytes("0123456789"));
        byte[] key = Key("hot");
        byte[] buffer = new byte[64];
        for (int i = 0; i < 1000; i++)
            cache.Read(TableId, key, buffer, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int length = 0;
        for (int i = 0; i < 10_000; i++)
            length = cache.Read(TableId, key, buffer, out _);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(length, Is.EqualTo(10));
        Assert.That(allocated, Is.Zero, "a cache hit through the span overload allocates nothing");
        Assert.That(() => cache.Read(TableId, key, new byte[3], out _),
                    Throws.InstanceOf<BufferTooSmallException>().With.Property(nameof(BufferTooSmallException.RequiredLength)).EqualTo(10));
    }

    [Test]
    public void TheCacheOutlivesItsClient()
    {
        StoreClient owner = OpenSecondClient();
        StoreCache cache = owner.CreateCache(8);
        cache.Write(TableId, Key("orphan"), Bytes("still works"));
        owner.Dispose();
        Assert.That(cache.Read(TableId, Key("orphan")).AsString(), Is.EqualTo("still works"));
        cache.Write(TableId, Key("orphan2"), Bytes("through"));
        Assert.That(Client.ReadString(TableId, "orphan2"), Is.EqualTo("through"));
        cache.Dispose();
        Assert.That(() => cache.Read(TableId, Key("orphan")), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void CapacityMustBePositive()
    {
        Assert.That(() => Client.CreateCache(0), Throws.InstanceOf<StoreArgumentException>());
        Assert.That(() => Client.CreateCache(-5), Throws.InstanceOf<StoreArgumentException>());
    }

    [Test]
    public void CacheRejectsBadKeysAndValues()
    {
        using StoreCache cache = Client.CreateCache(8);
        Assert.Multiple(() =>
        {
            Assert.That(() => cache.Read(TableId, new byte[StoreLimits.MaxKeyLength + 1]), Throws.InstanceOf<StoreArgumentException>());
            Assert.That(() => cache.Write(TableId, ReadOnlySpan<byte>.Empty, Bytes("v")), Throws.InstanceOf<StoreArgumentException>());
            Assert.That(() => cache.Write(TableId, Key("k"), new byte[StoreLimits.MaxValueLength + 1]), Throws.InstanceOf<StoreArgumentException>());
        });
    }
}
