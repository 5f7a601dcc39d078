// Bad input never crashes: oversize and empty keys, oversize values, malformed URIs and
// table names all become StoreArgumentException with a message, on every backend.
using System;
using System.Threading.Tasks;
using NUnit.Framework;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests;

[TestFixture("embedded:")]
[TestFixture(StoreFixture.RedisBackend)]
public sealed class ValidationTests : StoreFixture
{
    private static readonly byte[] OversizeKey = new byte[StoreLimits.MaxKeyLength + 1];
    private static readonly byte[] OversizeValue = new byte[StoreLimits.MaxValueLength + 1];

    public ValidationTests(string backend) : base(backend) { }

    [Test]
    public void OversizeKeysAreRejectedByEveryOperation()
    {
        Assert.Multiple(() =>
        {
            AssertArgument(() => Client.Read(TableId, OversizeKey), StoreStatus.KeyTooLarge);
            AssertArgument(() => Client.TryRead(TableId, OversizeKey, out _), StoreStatus.KeyTooLarge);
            AssertArgument(() => Client.Read(TableId, OversizeKey, new byte[8], out _), StoreStatus.KeyTooLarge);
            AssertArgument(() => Client.Write(TableId, OversizeKey, Bytes("v")), StoreStatus.KeyTooLarge);
            AssertArgument(() => Client.TryCreate(TableId, OversizeKey, Bytes("v"), out _), StoreStatus.KeyTooLarge);
            AssertArgument(() => Client.Remove(TableId, OversizeKey), StoreStatus.KeyTooLarge);
            AssertArgumentAsync(() => Client.ReadAsync(TableId, OversizeKey), StoreStatus.KeyTooLarge);
            AssertArgumentAsync(() => Client.TryReadAsync(TableId, OversizeKey), StoreStatus.KeyTooLarge);
            AssertArgumentAsync(() => Client.WriteAsync(TableId, OversizeKey, Bytes("v")), StoreStatus.KeyTooLarge);
            AssertArgumentAsync(() => Client.RemoveAsync(TableId, OversizeKey), StoreStatus.KeyTooLarge);
        });
    }

    [Test]
    public void OversizeValuesAreRejected()
    {
        Assert.Multiple(() =>
        {
            AssertArgument(() => Client.Write(TableId, Key("k"), OversizeValue), StoreStatus.ValueTooLarge);
            AssertArgument(() => Client.TryCreate(TableId, Key("k"), OversizeValue, out _), StoreStatus.ValueTooLarge);
            AssertArgumentAsync(() => Client.WriteAsync(TableId, Key("k"), OversizeValue), StoreStatus.ValueTooLarge);
        });
        Assert.That(Client.TryRead(TableId, Key("k"), out _), Is.False, "nothing was written");
    }

    [Test]
    public void EmptyKeysAreRejected()
    {
        Assert.Multiple(() =>
        {
            AssertArgument(() => Client.Read(TableId, ReadOnlySpan<byte>.Empty));
            AssertArgument(() => Client.Write(TableId, ReadOnlySpan<byte>.Empty, Bytes("v")));
            AssertArgument(() => Client.Remove(TableId, Array.Empty<byte>()));
            AssertArgument(() => Client.Write(TableId, "", "v"));
            AssertArgument(() => Client.ReadString(TableId, ""));
            AssertArgumentAsync(() => Client.ReadAsync(TableId, ReadOnlySpan<byte>.Empty));
            AssertArgumentAsync(() => Client.WriteAsync(TableId, ReadOnlySpan<byte>.Empty, Bytes("v")));
        });
    }

    [Test]
    public void BadTableNamesAreRejected()
    {
        Assert.Multiple(() =>
        {
            AssertArgument(() => Client.CreateTable(""));
            AssertArgument(() => Client.CreateTable(new string('t', StoreLimits.MaxTableNameLength + 1)));
            AssertArgument(() => Client.CreateTable("nul\0inside"));
            AssertArgument(() => Client.GetTableId(""));
            AssertArgument(() => Client.DropTable(""));
        });
        Assert.That(() => Client.CreateTable(null!), Throws.ArgumentNullException);
    }

    [Test]
    public void MultiOperationsReportPerItemArgumentErrors()
    {
        var results = Client.MultiRead(TableId, new[] { Key("ok"), OversizeKey });
        Assert.That(results[1].Status, Is.EqualTo(StoreStatus.KeyTooLarge));
        Assert.That(results[1].Found, Is.False);
        Assert.That(() => Client.MultiRead(TableId, null!), Throws.ArgumentNullException);
        Assert.That(() => Client.MultiRead(TableId, new byte[][] { null! }), Throws.ArgumentException);
    }

    public static readonly string[] MalformedUris =
    {
        "",
        "nonsense",
        ":missing-scheme",
        "ftp://127.0.0.1:21",
        "redis://",
        "redis://127.0.0.1:0",
        "redis://127.0.0.1:99999",
        "redis://127.0.0.1:notaport",
        "redis://127.0.0.1:6379/notadb",
        "redis://127.0.0.1:6379?no_such_option=1",
        "redis://127.0.0.1:6379?connect_timeout_ms=soon",
        "redis://127.0.0.1:6379?novalue",
        "redis://:%zz@127.0.0.1:6379",
        "redis://[::1:6379",
        "embedded:with/slash",
        "embedded:x?no_such_option=1",
        "embedded:\0hidden",
    };

    [TestCaseSource(nameof(MalformedUris))]
    public void MalformedUrisAreRejectedWithAMessage(string uri)
    {
        var failure = Assert.Throws<StoreArgumentException>(() => StoreClient.Open(uri).Dispose())!;
        Assert.That(failure.Status, Is.AnyOf(StoreStatus.BadUri, StoreStatus.InvalidArgument));
        Assert.That(failure.Message, Is.Not.Empty);
        TestContext.Out.WriteLine($"{uri} -> {failure.Message}");
    }

    [Test]
    public void NullUriThrowsArgumentNull() => Assert.That(() => StoreClient.Open(null!), Throws.ArgumentNullException);

    private static void AssertArgument(TestDelegate action, StoreStatus? expected = null)
    {
        var failure = Assert.Throws<StoreArgumentException>(action)!;
        Assert.That(failure.Message, Is.Not.Empty);
        if (expected is { } status)
            Assert.That(failure.Status, Is.EqualTo(status));
    }

    private static void AssertArgumentAsync(Func<Task> action, StoreStatus expected)
    {
        var failure = Assert.CatchAsync<StoreArgumentException>(async () => await action())!;
        Assert.That(failure.Status, Is.EqualTo(expected));
    }

    private static void AssertArgumentAsync(Func<Task> action)
    {
        Assert.That(Assert.CatchAsync<StoreArgumentException>(async () => await action()), Is.Not.Null);
    }
}
