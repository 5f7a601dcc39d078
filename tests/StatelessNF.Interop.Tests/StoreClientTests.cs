// Blocking operations of StoreClient on every backend: tables, reads, writes, removes,
// versions, the zero-allocation read, the string conveniences and disposal.
using System;
using NUnit.Framework;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests;

[TestFixture("embedded:")]
[TestFixture(StoreFixture.RedisBackend)]
public sealed class StoreClientTests : StoreFixture
{
    public StoreClientTests(string backend) : base(backend) { }

    [Test]
    public void OpenReportsUriAndBackend()
    {
        Assert.That(Client.Uri, Is.EqualTo(StoreUri));
        Assert.That(Client.Backend, Is.EqualTo(IsRedis ? "redis" : "embedded"));
        Assert.That(Client.ToString(), Does.Contain(Client.Backend));
    }

    [Test]
    public void PingSucceeds() => Assert.That(() => Client.Ping(), Throws.Nothing);

    [Test]
    public void CreateTableIsIdempotentAndGetTableIdFindsIt()
    {
        string name = UniqueName("tables");
        ulong id = Client.CreateTable(name);
        try
        {
            Assert.That(Client.CreateTable(name), Is.EqualTo(id));
            Assert.That(Client.GetTableId(name), Is.EqualTo(id));
            Assert.That(Client.TryGetTableId(name, out ulong found), Is.True);
            Assert.That(found, Is.EqualTo(id));
            Assert.That(id, Is.Not.EqualTo(TableId));
        }
        finally
        {
            Client.DropTable(name);
        }
    }

    [Test]
    public void MissingTableIsReportedByLookup()
    {
        string name = UniqueName("absent");
        Assert.That(Client.TryGetTableId(name, out ulong id), Is.False);
        Assert.That(id, Is.Zero);
        var failure = Assert.Throws<TableNotFoundException>(() => Client.GetTableId(name))!;
        Assert.That(failure.Status, Is.EqualTo(StoreStatus.TableDoesntExist));
        Assert.That(failure.Message, Is.Not.Empty);
    }

    [Test]
    public void DropTableRemovesItsObjectsAndDroppingTwiceIsFine()
    {
        string name = UniqueName("drop");
        ulong id = Client.CreateTable(name);
        Client.Write(id, Key("k"), Bytes("v"));
        Client.DropTable(name);
        Client.DropTable(name);
        Assert.That(Client.TryGetTableId(name, out _), Is.False);
        Assert.That(() => Client.Read(id, Key("k")), Throws.InstanceOf<TableNotFoundException>());

        ulong again = Client.CreateTable(name);
        try
        {
            Assert.That(Client.TryRead(again, Key("k"), out _), Is.False, "a re-created table starts empty");
        }
        finally
        {
            Client.DropTable(name);
        }
    }

    [Test]
    public void ObjectOperationsOnAMissingTableThrowTableNotFound()
    {
        string name = UniqueName("gone");
        ulong id = Client.CreateTable(name);
        Client.DropTable(name);
        Assert.Multiple(() =>
        {
            Assert.That(() => Client.Read(id, Key("k")), Throws.InstanceOf<TableNotFoundException>());
            Assert.That(() => Client.TryRead(id, Key("k"), out _), Throws.InstanceOf<TableNotFoundException>());
            Assert.That(() => Client.Write(id, Key("k"), Bytes("v")), Throws.InstanceOf<TableNotFoundException>());
            Assert.That(() => Client.Remove(id, Key("k")), Throws.InstanceOf<TableNotFoundException>());
            Assert.That(() => Client.ReadString(id, "k"), Throws.InstanceOf<TableNotFoundException>());
        });
    }

    [Test]
    public void WriteThenReadReturnsValueAndVersion()
    {
        ulong version = Client.Write(TableId, Key("alpha"), Bytes("one"));
        StoreValue value = Client.Read(TableId, Key("alpha"));
        Assert.That(version, Is.GreaterThanOrEqualTo(1UL));
        Assert.That(value.Version, Is.EqualTo(version));
        Assert.That(value.Value, Is.EqualTo(Bytes("one")));
        Assert.That(value.AsString(), Is.EqualTo("one"));
    }

    [Test]
    public void VersionsGrowWithEveryWriteAndNeverRepeatAfterRemove()
    {
        ulong first = Client.Write(TableId, Key("v"), Bytes("1"));
        ulong second = Client.Write(TableId, Key("v"), Bytes("2"));
        ulong third = Client.Write(TableId, Key("v"), Bytes("3"));
        Assert.That(second, Is.GreaterThan(first));
        Assert.That(third, Is.GreaterThan(second));

        ulong removed = Client.Remove(TableId, Key("v"));
        Assert.That(removed, Is.EqualTo(third));
        ulong recreated = Client.Write(TableId, Key("v"), Bytes("4"));
        Assert.That(recreated, Is.GreaterThan(third), "a key's versions never repeat, even after a remove");
    }

    [Test]
    public void ReadOfAMissingObjectThrowsAndTryReadReturnsFalse()
    {
        var failure = Assert.Throws<ObjectNotFoundException>(() => Client.Read(TableId, Key("missing")))!;
        Assert.That(failure.Status, Is.EqualTo(StoreStatus.ObjectDoesntExist));
        Assert.That(Client.TryRead(TableId, Key("missing"), out StoreValue value), Is.False);
        Assert.That(value, Is.EqualTo(default(StoreValue)));
    }

    [Test]
    public void TryReadFindsAnExistingObject()
    {
        ulong version = Client.Write(TableId, Key("present"), Bytes("here"));
        Assert.That(Client.TryRead(TableId, Key("present"), out StoreValue value), Is.True);
        Assert.That(value.AsString(), Is.EqualTo("here"));
        Assert.That(value.Version, Is.EqualTo(version));
    }

    [Test]
    public void RemoveReturnsTheRemovedVersionOrZero()
    {
        ulong version = Client.Write(TableId, Key("r"), Bytes("x"));
        Assert.That(Client.Remove(TableId, Key("r")), Is.EqualTo(version));
        Assert.That(Client.TryRead(TableId, Key("r"), out _), Is.False);
        Assert.That(Client.Remove(TableId, Key("r")), Is.Zero);
    }

    [Test]
    public void EmptyValuesAndBinaryKeysRoundTrip()
    {
        byte[] key = { 0, 1, 2, 0, 255, 0 };
        Client.Write(TableId, key, ReadOnlySpan<byte>.Empty);
        StoreValue value = Client.Read(TableId, key);
        Assert.That(value.Value, Is.Empty);

        byte[] binary = { 0, 0, 13, 10, 0, 255 };
        Client.Write(TableId, key, binary);
        Assert.That(Client.Read(TableId, key).Value, Is.EqualTo(binary));
        Assert.That(Client.TryRead(TableId, new byte[] { 0, 1, 2, 0, 255 }, out _), Is.False, "keys compare as whole byte strings");
    }

    [TestCase(1)]
    [TestCase(4095)]
    [TestCase(4096)]
    [TestCase(4097)]
    [TestCase(70_000)]
    [TestCase(StoreLimits.MaxValueLength)]
    public void ValuesOfEverySizeRoundTrip(int length)
    {
        byte[] expected = Pattern(length, seed: length);
        Client.Write(TableId, Key("size"), expected);
        Assert.That(Client.Read(TableId, Key("size")).Value, Is.EqualTo(expected));
        Assert.That(Client.TryRead(TableId, Key("size"), out StoreValue value), Is.True);
        Assert.That(value.Value, Is.EqualTo(expected));
    }

    [Test]
    public void LargestKeyIsAccepted()
    {
        byte[] key = Pattern(StoreLimits.MaxKeyLength);
        Client.Write(TableId, key, Bytes("big key"));
        Assert.That(Client.Read(TableId, key).AsString(), Is.EqualTo("big key"));
    }

    [Test]
    public void SpanReadFillsTheDestinationAndReportsLength()
    {
        ulong version = Client.Write(TableId, Key("span"), Bytes("abcdef"));
        Span<byte> buffer = stackalloc byte[16];
        int length = Client.Read(TableId, Key("span"), buffer, out ulong read);
        Assert.That(length, Is.EqualTo(6));
        Assert.That(read, Is.EqualTo(version));
        Assert.That(buffer[..length].ToArray(), Is.EqualTo(Bytes("abcdef")));
    }

    [Test]
    public void SpanReadIntoASmallBufferThrowsWithTheRequiredLength()
    {
        Client.Write(TableId, Key("long"), Pattern(100));
        var failure = Assert.Throws<BufferTooSmallException>(() => Client.Read(TableId, Key("long"), new byte[10], out _))!;
        Assert.That(failure.RequiredLength, Is.EqualTo(100));
        Assert.That(failure.Status, Is.EqualTo(StoreStatus.BufferTooSmall));

        var empty = Assert.Throws<BufferTooSmallException>(() => Client.Read(TableId, Key("long"), Span<byte>.Empty, out _))!;
        Assert.That(empty.RequiredLength, Is.EqualTo(100));
    }

    [Test]
    public void SpanReadOfAnEmptyValueIntoAnEmptyBufferSucceeds()
    {
        Client.Write(TableId, Key("nothing"), ReadOnlySpan<byte>.Empty);
        Assert.That(Client.Read(TableId, Key("nothing"), Span<byte>.Empty, out ulong version), Is.Zero);
        Assert.That(version, Is.GreaterThan(0UL));
    }

    [Test]
    public void SpanReadOfAMissingObjectThrowsObjectNotFound()
    {
        Assert.That(() => Client.Read(TableId, Key("nope"), new byte[8], out _), Throws.InstanceOf<ObjectNotFoundException>());
    }

    [Test]
    public void StringConveniencesUseUtf8()
    {
        ulong version = Client.Write(TableId, "clé", "välue ✓");
        Assert.That(Client.ReadString(TableId, "clé"), Is.EqualTo("välue ✓"));
        Assert.That(Client.Read(TableId, Key("clé")).Value, Is.EqualTo(Bytes("välue ✓")));
        Assert.That(Client.Read(TableId, Key("clé")).Version, Is.EqualTo(version));
        Assert.That(Client.ReadString(TableId, "absent"), Is.Null);

        string large = new('x', 100_000);
        Client.Write(TableId, new string('k', 600), large);
        Assert.That(Client.ReadString(TableId, new string('k', 600)), Is.EqualTo(large));
    }

    [Test]
    public void TryCreateCreatesOnceAndLeavesTheFirstValue()
    {
        Assert.That(Client.TryCreate(TableId, Key("once"), Bytes("first"), out ulong version), Is.True);
        Assert.That(version, Is.GreaterThan(0UL));
        Assert.That(Client.TryCreate(TableId, Key("once"), Bytes("second"), out ulong again), Is.False);
        Assert.That(again, Is.Zero);
        Assert.That(Client.Read(TableId, Key("once")).AsString(), Is.EqualTo("first"));
    }

    [Test]
    public void ASecondClientSeesWrites()
    {
        Client.Write(TableId, Key("shared"), Bytes("visible"));
        using StoreClient other = OpenSecondClient();
        Assert.That(other.GetTableId(TableName), Is.EqualTo(TableId));
        Assert.That(other.Read(TableId, Key("shared")).AsString(), Is.EqualTo("visible"));
    }

    [Test]
    public void CallsAfterDisposeThrowObjectDisposed()
    {
        StoreClient client = OpenSecondClient();
        client.Dispose();
        client.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(() => client.Ping(), Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => client.Read(TableId, Key("k")), Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => client.Write(TableId, Key("k"), Bytes("v")), Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => client.ReadAsync(TableId, Key("k")), Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => client.CreateCache(4), Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => client.GetStatistics(), Throws.InstanceOf<ObjectDisposedException>());
        });
    }
}
