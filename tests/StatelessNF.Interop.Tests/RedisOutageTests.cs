// Crash and recovery of a Redis store under load: a durable (append-only) server is
// killed while a writer runs; operations during the outage fail with
// StoreConnectionException within a bounded time, operations after the restart succeed
// once the client reconnected, and every write the store acknowledged is still there.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests;

[TestFixture]
[NonParallelizable]
public sealed class RedisOutageTests
{
    private static readonly TimeSpan FailureBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(20);

    private RedisServerProcess _redis = null!;

    [SetUp]
    public void StartRedis() => _redis = new RedisServerProcess { AppendOnly = true }.Start();

    [TearDown]
    public void StopRedis() => _redis.Dispose();

    private StoreClient Open() => StoreClient.Open($"{_redis.Uri}?connect_timeout_ms=300&command_timeout_ms=1000");

    [Test]
    public async Task OperationsFailDuringTheOutageAndAcknowledgedWritesSurviveIt()
    {
        using StoreClient client = Open();
        ulong table = client.CreateTable("outage");
        var acknowledged = new Dictionary<string, string>();

        // Before the crash.
        for (int i = 0; i < 200; i++)
        {
            string key = $"before-{i}";
            client.Write(table, key, $"v{i}");
            acknowledged[key] = $"v{i}";
        }

        _redis.Kill();

        // During the outage every kind of operation fails promptly with a connection error.
        Assert.Multiple(() =>
        {
            AssertFailsPromptly(() => client.Write(table, "during", "x"));
            AssertFailsPromptly(() => client.Read(table, "before-1"u8));
            AssertFailsPromptly(() => client.ReadString(table, "before-1"));
            AssertFailsPromptly(() => client.Remove(table, "before-2"u8));
            AssertFailsPromptly(() => client.Ping());
            AssertFailsPromptly(() => client.MultiRead(table, new[] { "before-1"u8.ToArray() }));
            AssertFailsPromptly(() => client.GetTableId("outage"));
            AssertFailsPromptly(() => client.ReadAsync(table, "before-1"u8).Wait(FailureBound));
            AssertFailsPromptly(() => client.WriteAsync(table, "during"u8, "x"u8).Wait(FailureBound));
        });

        _redis.Restart();

        // After the restart the client reconnects by itself.
        Assert.That(Polling.Until(() => Succeeds(client.Ping), RecoveryBound, TimeSpan.FromMilliseconds(50)), Is.True, "reconnected");
        for (int i = 0; i < 200; i++)
        {
            string key = $"after-{i}";
            await client.WriteAsync(table, System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes($"w{i}"));
            acknowledged[key] = $"w{i}";
        }

        using StoreClient verifier = Open();
        ulong verifyTable = verifier.GetTableId("outage");
        Assert.That(verifyTable, Is.EqualTo(table));
        foreach ((string key, string value) in acknowledged)
            Assert.That(verifier.ReadString(verifyTable, key), Is.EqualTo(value), key);
        Assert.That(client.GetStatistics().Reconnects, Is.GreaterThanOrEqualTo(1UL));
    }

    [Test]
    public void EveryWriteAcknowledgedWhileTheServerIsKilledSurvives()
    {
        using StoreClient client = Open();
        ulong table = client.CreateTable("under-load");
        var acknowledged = new List<(string Key, string Value)>();
        int failed = 0;
        var clock = Stopwatch.StartNew();
        bool killed = false;
        bool restarted = false;

        // One writer, bounded by count and time; the server dies and comes back under it.
        for (int i = 0; i < 3000 && clock.Elapsed < TimeSpan.FromSeconds(60); i++)
        {
            if (i == 500)
            {
                _redis.Kill();
                killed = true;
            }
            if (i == 600)
            {
                _redis.Restart();
                restarted = true;
            }
            string key = $"k{i}";
            string value = $"v{i}";
            try
            {
                client.Write(table, key, value);
                acknowledged.Add((key, value));
            }
            catch (StoreConnectionException)
            {
                failed++;
            }
        }

        Assert.That(killed && restarted, Is.True);
        Assert.That(failed, Is.GreaterThan(0), "writes during the outage failed");
        Assert.That(acknowledged.Count, Is.GreaterThan(2000), "writes before and after the outage succeeded");

        _redis.Kill();
        _redis.Restart();
        using StoreClient verifier = Open();
        ulong verifyTable = verifier.GetTableId("under-load");
        var keys = acknowledged.Select(item => System.Text.Encoding.UTF8.GetBytes(item.Key)).ToArray();
        MultiReadResult[] results = verifier.MultiRead(verifyTable, keys);
        for (int i = 0; i < acknowledged.Count; i++)
        {
            Assert.That(results[i].Status, Is.EqualTo(StoreStatus.Ok), acknowledged[i].Key);
            Assert.That(System.Text.Encoding.UTF8.GetString(results[i].Value!), Is.EqualTo(acknowledged[i].Value));
        }
    }

    [Test]
    public void OpeningAClientWhileTheServerIsDownFailsWithAConnectionError()
    {
        _redis.Kill();
        var clock = Stopwatch.StartNew();
        Assert.That(() => Open(), Throws.InstanceOf<StoreConnectionException>());
        Assert.That(clock.Elapsed, Is.LessThan(FailureBound));
    }

    private static void AssertFailsPromptly(TestDelegate operation)
    {
        var clock = Stopwatch.StartNew();
        Exception? failure = null;
        try
        {
            operation();
        }
        catch (Exception caught)
        {
            failure = caught is AggregateException aggregate ? aggregate.InnerException : caught;
        }
        Assert.That(failure, Is.InstanceOf<StoreConnectionException>());
        Assert.That(clock.Elapsed, Is.LessThan(FailureBound), $"failed within {FailureBound.TotalSeconds} s");
    }

    private static bool Succeeds(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (StoreConnectionException)
        {
            return false;
        }
    }
}
