// Base of the fixtures that run against every backend. NUnit instantiates each derived
// fixture once per [TestFixture(...)] argument: "embedded:" uses the in-process store,
// "redis" starts a private redis-server for the fixture. Every test gets a fresh client
// and its own table, so tests never see each other's objects.
using System;
using System.Text;
using NUnit.Framework;

namespace StatelessNF.Interop.Tests.Support;

public abstract class StoreFixture
{
    /// <summary>The fixture argument that selects a private redis-server.</summary>
    public const string RedisBackend = "redis";

    protected StoreFixture(string backend) => BackendName = backend;

    /// <summary>"embedded:" or "redis".</summary>
    protected string BackendName { get; }

    /// <summary>The fixture's redis-server, when the backend is Redis.</summary>
    protected RedisServerProcess? Redis { get; private set; }

    /// <summary>The URI every client of the fixture opens.</summary>
    protected string StoreUri { get; private set; } = "";

    /// <summary>The test's client, opened in SetUp.</summary>
    protected StoreClient Client { get; private set; } = null!;

    /// <summary>The test's own table.</summary>
    protected ulong TableId { get; private set; }

    /// <summary>The test's table name.</summary>
    protected string TableName { get; private set; } = "";

    protected bool IsRedis => BackendName == RedisBackend;

    [OneTimeSetUp]
    public void StartStore()
    {
        if (IsRedis)
        {
            Redis = new RedisServerProcess().Start();
            StoreUri = Redis.Uri;
        }
        else
        {
            StoreUri = BackendName;
        }
    }

    [OneTimeTearDown]
    public void StopStore()
    {
        Redis?.Stop();
        Redis?.Dispose();
        Redis = null;
    }

    [SetUp]
    public void OpenClient()
    {
        Client = StoreClient.Open(StoreUri);
        TableName = UniqueName("t");
        TableId = Client.CreateTable(TableName);
    }

    [TearDown]
    public void CloseClient()
    {
        try
        {
            Client.DropTable(TableName);
        }
        catch (Exception failure) when (failure is StoreException or ObjectDisposedException)
        {
            // The test may have dropped the table, disposed the client or broken the store.
        }
        Client.Dispose();
    }

    /// <summary>A fresh client on the fixture's store (the caller disposes it).</summary>
    protected StoreClient OpenSecondClient() => StoreClient.Open(StoreUri);

    protected static byte[] Key(string text) => Encoding.UTF8.GetBytes(text);

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A value of <paramref name="length"/> bytes with a recognizable pattern.</summary>
    protected static byte[] Pattern(int length, int seed = 7)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
            bytes[i] = (byte)(i * 31 + seed);
        return bytes;
    }
}
