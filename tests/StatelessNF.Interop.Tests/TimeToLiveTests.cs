// Expiry of objects written with a time to live, on every backend, with bounded polling.
using System;
using NUnit.Framework;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests;

[TestFixture("embedded:")]
[TestFixture(StoreFixture.RedisBackend)]
public sealed class TimeToLiveTests : StoreFixture
{
    private static readonly TimeSpan ExpiryBound = TimeSpan.FromSeconds(10);

    public TimeToLiveTests(string backend) : base(backend) { }

    [Test]
    public void AnObjectWithATimeToLiveExpires()
    {
        Client.Write(TableId, Key("ttl"), Bytes("short"), new WriteOptions(TimeToLive: TimeSpan.FromMilliseconds(200)));
        Client.Write(TableId, Key("forever"), Bytes("long"));
        Assert.That(Polling.Until(() => !Client.TryRead(TableId, Key("ttl"), out _), ExpiryBound), Is.True, "expired in time");
        Assert.That(() => Client.Read(TableId, Key("ttl")), Throws.InstanceOf<ObjectNotFoundException>());
        Assert.That(Client.ReadString(TableId, "forever"), Is.EqualTo("long"));
    }

    [Test]
    public void ALongTimeToLiveKeepsTheObject()
    {
        Client.Write(TableId, Key("hour"), Bytes("v"), new WriteOptions(TimeToLive: TimeSpan.FromHours(1)));
        System.Threading.Thread.Sleep(300);
        Assert.That(Client.ReadString(TableId, "hour"), Is.EqualTo("v"));
    }

    [Test]
    public void RewritingWithoutATimeToLiveMakesTheObjectPermanent()
    {
        Client.Write(TableId, Key("k"), Bytes("1"), new WriteOptions(TimeToLive: TimeSpan.FromMilliseconds(200)));
        Client.Write(TableId, Key("k"), Bytes("2"));
        System.Threading.Thread.Sleep(500);
        Assert.That(Client.ReadString(TableId, "k"), Is.EqualTo("2"));
    }

    [Test]
    public void AnExpiredObjectCanBeCreatedAgainWithANewerVersion()
    {
        Assert.That(Client.TryCreate(TableId, Key("flow"), Bytes("a"), out ulong first, TimeSpan.FromMilliseconds(150)), Is.True);
        Assert.That(Polling.Until(() => !Client.TryRead(TableId, Key("flow"), out _), ExpiryBound), Is.True);
        Assert.That(Client.TryCreate(TableId, Key("flow"), Bytes("b"), out ulong second), Is.True);
        Assert.That(second, Is.GreaterThan(first));
    }

    [Test]
    public void SubMillisecondTimeToLiveRoundsUpAndNonPositiveIsRejected()
    {
        Client.Write(TableId, Key("tiny"), Bytes("v"), new WriteOptions(TimeToLive: TimeSpan.FromTicks(1)));
        Assert.That(Polling.Until(() => !Client.TryRead(TableId, Key("tiny"), out _), ExpiryBound), Is.True);

        var zero = Assert.Throws<StoreArgumentException>(() =>
            Client.Write(TableId, Key("z"), Bytes("v"), new WriteOptions(TimeToLive: TimeSpan.Zero)))!;
        Assert.That(zero.Status, Is.EqualTo(StoreStatus.InvalidArgument));
        Assert.That(() => Client.TryCreate(TableId, Key("z"), Bytes("v"), out _, TimeSpan.FromSeconds(-1)), Throws.InstanceOf<StoreArgumentException>());
        Assert.That(() => Client.WriteAsync(TableId, Key("z"), Bytes("v"), new WriteOptions(TimeToLive: TimeSpan.FromSeconds(-1))),
                    Throws.InstanceOf<StoreArgumentException>());
    }

    [Test]
    public void MultiWriteAppliesTheTimeToLiveToEveryItem()
    {
        var items = new[]
        {
            new System.Collections.Generic.KeyValuePair<byte[], byte[]>(Key("m1"), Bytes("1")),
            new System.Collections.Generic.KeyValuePair<byte[], byte[]>(Key("m2"), Bytes("2")),
        };
        MultiWriteResult[] results = Client.MultiWrite(TableId, items, new WriteOptions(TimeToLive: TimeSpan.FromMilliseconds(150)));
        Assert.That(results, Has.All.Property(nameof(MultiWriteResult.Succeeded)).True);
        Assert.That(Polling.Until(() => !Client.TryRead(TableId, Key("m1"), out _) && !Client.TryRead(TableId, Key("m2"), out _), ExpiryBound), Is.True);
    }
}
