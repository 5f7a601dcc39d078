// Batched reads and writes on every backend: per-item statuses and versions, values of
// every size (including ones that need the second and third read rounds), conditions
// applied per item, and empty batches.
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests;

[TestFixture("embedded:")]
[TestFixture(StoreFixture.RedisBackend)]
public sealed class MultiOperationTests : StoreFixture
{
    public MultiOperationTests(string backend) : base(backend) { }

    [Test]
    public void MultiWriteThenMultiReadRoundTrips()
    {
        var items = Enumerable.Range(0, 100)
            .Select(i => new KeyValuePair<byte[], byte[]>(Key($"m{i}"), Bytes($"value-{i}")))
            .ToArray();
        MultiWriteResult[] written = Client.MultiWrite(TableId, items);
        Assert.That(written, Has.Length.EqualTo(100));
        Assert.That(written, Has.All.Property(nameof(MultiWriteResult.Status)).EqualTo(StoreStatus.Ok));
        Assert.That(written, Has.All.Property(nameof(MultiWriteResult.Version)).GreaterThan(0UL));

        MultiReadResult[] read = Client.MultiRead(TableId, items.Select(item => item.Key).ToArray());
        for (int i = 0; i < items.Length; i++)
        {
            Assert.That(read[i].Found, Is.True);
            Assert.That(read[i].Value, Is.EqualTo(items[i].Value));
            Assert.That(read[i].Version, Is.EqualTo(written[i].Version));
        }
    }

    [Test]
    public void MultiReadReportsEachItemOnItsOwn()
    {
        ulong version = Client.Write(TableId, Key("here"), Bytes("1"));
        MultiReadResult[] results = Client.MultiRead(TableId, new[] { Key("absent"), Key("here"), Key("absent2") });
        Assert.That(results[0], Is.EqualTo(new MultiReadResult(StoreStatus.ObjectDoesntExist, null, 0)));
        Assert.That(results[1].Status, Is.EqualTo(StoreStatus.Ok));
        Assert.That(results[1].Version, Is.EqualTo(version));
        Assert.That(results[2].Found, Is.False);
    }

    [Test]
    public void MultiReadFetchesValuesOfEverySize()
    {
        int[] sizes = { 0, 1, 255, 256, 257, 4096, 100_000, StoreLimits.MaxValueLength };
        foreach (int size in sizes)
            Client.Write(TableId, Key($"size{size}"), Pattern(size, size));
        MultiReadResult[] results = Client.MultiRead(TableId, sizes.Select(size => Key($"size{size}")).ToArray());
        for (int i = 0; i < sizes.Length; i++)
        {
            Assert.That(results[i].Status, Is.EqualTo(StoreStatus.Ok), $"size {sizes[i]}");
            Assert.That(results[i].Value, Is.EqualTo(Pattern(sizes[i], sizes[i])), $"size {sizes[i]}");
        }
    }

    [Test]
    public void MultiWriteAppliesTheRulesPerItem()
    {
        Client.Write(TableId, Key("taken"), Bytes("original"));
        var items = new[]
        {
            new KeyValuePair<byte[], byte[]>(Key("fresh"), Bytes("new")),
            new KeyValuePair<byte[], byte[]>(Key("taken"), Bytes("overwrite?")),
        };
        MultiWriteResult[] results = Client.MultiWrite(TableId, items, new WriteOptions(RejectRules.CreateOnly));
        Assert.That(results[0].Succeeded, Is.True);
        Assert.That(results[1].Status, Is.EqualTo(StoreStatus.ObjectExists));
        Assert.That(results[1].Version, Is.Zero);
        Assert.That(Client.ReadString(TableId, "taken"), Is.EqualTo("original"));
        Assert.That(Client.ReadString(TableId, "fresh"), Is.EqualTo("new"));
    }

    [Test]
    public void EmptyBatchesDoNothing()
    {
        Assert.That(Client.MultiRead(TableId, new List<byte[]>()), Is.Empty);
        Assert.That(Client.MultiWrite(TableId, new List<KeyValuePair<byte[], byte[]>>()), Is.Empty);
    }

    [Test]
    public void NullItemsAreRejected()
    {
        Assert.That(() => Client.MultiWrite(TableId, null!), Throws.ArgumentNullException);
        Assert.That(() => Client.MultiWrite(TableId, new[] { new KeyValuePair<byte[], byte[]>(Key("k"), null!) }), Throws.ArgumentException);
        Assert.That(() => Client.MultiWrite(TableId, new[] { new KeyValuePair<byte[], byte[]>(null!, Bytes("v")) }), Throws.ArgumentException);
    }
}
