// RedisServerProcess itself, and the Redis-only features of the client it enables:
// passwords, replicas with wait_replicas, durability across a clean restart, and a clear
// error when redis-server is missing.
using System;
using System.IO;
using NUnit.Framework;

namespace StatelessNF.Interop.Tests;

[TestFixture]
[NonParallelizable]
public sealed class RedisServerProcessTests
{
    [Test]
    public void StartsOnAFreeLoopbackPortAndAnswersCommands()
    {
        using var redis = new RedisServerProcess().Start();
        Assert.That(redis.IsRunning, Is.True);
        Assert.That(redis.Port, Is.InRange(1, 65535));
        Assert.That(redis.Uri, Is.EqualTo($"redis://127.0.0.1:{redis.Port}"));
        Assert.That(redis.Endpoint, Is.EqualTo($"127.0.0.1:{redis.Port}"));
        Assert.That(redis.Execute("PING"), Is.EqualTo("PONG"));
        Assert.That(redis.Execute("SET", "a", "1"), Is.EqualTo("OK"));
        Assert.That(redis.Execute("GET", "a"), Is.EqualTo("1"));
        Assert.That(redis.Execute("GET", "missing"), Is.Null);
        Assert.That(redis.Execute("INCR", "n"), Is.EqualTo(1L));
        Assert.That(redis.Execute("MGET", "a", "missing"), Is.EqualTo(new object?[] { "1", null }));
        Assert.That(() => redis.Execute("NO_SUCH_COMMAND"), Throws.InstanceOf<Stores.RedisReplyException>());
        Assert.That(Directory.Exists(redis.DataDirectory), Is.True);
    }

    [Test]
    public void DisposeKillsTheServerAndDeletesItsFolder()
    {
        var redis = new RedisServerProcess().Start();
        int pid = redis.ProcessId!.Value;
        string folder = redis.DataDirectory!;
        redis.Dispose();
        Assert.That(redis.IsRunning, Is.False);
        Assert.That(Directory.Exists(folder), Is.False);
        Assert.That(() => System.Diagnostics.Process.GetProcessById(pid).HasExited, Throws.ArgumentException.Or.True);
        Assert.That(() => redis.Start(), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void StartingTwiceIsAnError()
    {
        using var redis = new RedisServerProcess().Start();
        Assert.That(() => redis.Start(), Throws.InvalidOperationException);
    }

    [Test]
    public void AppendOnlyDataSurvivesAStopAndRestartOnTheSamePort()
    {
        using var redis = new RedisServerProcess { AppendOnly = true }.Start();
        int port = redis.Port;
        using (StoreClient client = StoreClient.Open(redis.Uri))
            client.Write(client.CreateTable("durable"), "k", "kept");
        redis.Stop();
        Assert.That(redis.IsRunning, Is.False);
        redis.Restart();
        Assert.That(redis.Port, Is.EqualTo(port));
        using StoreClient reopened = StoreClient.Open(redis.Uri);
        Assert.That(reopened.ReadString(reopened.GetTableId("durable"), "k"), Is.EqualTo("kept"));
    }

    [Test]
    public void PasswordProtectedServersNeedTheirPassword()
    {
        using var redis = new RedisServerProcess { Password = "s3cret/with:odd@chars" }.Start();
        Assert.That(redis.Uri, Does.StartWith("redis://:"));
        using (StoreClient client = StoreClient.Open(redis.Uri))
            client.Ping();
        Assert.That(() => StoreClient.Open($"redis://{redis.Endpoint}").Ping(), Throws.InstanceOf<StoreAuthenticationException>());
        Assert.That(() => StoreClient.Open($"redis://:wrong@{redis.Endpoint}").Ping(), Throws.InstanceOf<StoreAuthenticationException>());
    }

    [Test]
    public void AReplicaLinksAndWaitReplicasWritesSucceed()
    {
        using var primary = new RedisServerProcess().Start();
        using var replica = primary.CreateReplica().Start();
        replica.WaitForReplicaLink(TimeSpan.FromSeconds(20));

        using StoreClient client = StoreClient.Open($"{primary.Uri}?wait_replicas=1&wait_timeout_ms=5000");
        ulong table = client.CreateTable("replicated");
        client.Write(table, "k", "v");

        using StoreClient onReplica = StoreClient.Open(replica.Uri);
        Assert.That(onReplica.ReadString(onReplica.GetTableId("replicated"), "k"), Is.EqualTo("v"), "WAIT returned only after the replica had it");
    }

    [Test]
    public void WritesFailWithReplicationExceptionWhenTheReplicaIsGone()
    {
        using var primary = new RedisServerProcess().Start();
        using var replica = primary.CreateReplica().Start();
        replica.WaitForReplicaLink(TimeSpan.FromSeconds(20));
        using StoreClient client = StoreClient.Open($"{primary.Uri}?wait_replicas=1&wait_timeout_ms=300");
        ulong table = client.CreateTable("lonely");
        replica.Kill();
        var failure = Assert.Throws<ReplicationException>(() => client.Write(table, "k", "v"))!;
        Assert.That(failure.Message, Is.Not.Empty);
    }

    [Test]
    public void WaitForReplicaLinkNeedsAReplica()
    {
        using var primary = new RedisServerProcess().Start();
        Assert.That(() => primary.WaitForReplicaLink(TimeSpan.FromSeconds(1)), Throws.InvalidOperationException);
    }

    [Test]
    public void AMissingExecutableGivesTheInstallHint()
    {
        using var redis = new RedisServerProcess { ExecutablePath = "/nonexistent/redis-server" };
        var failure = Assert.Throws<FileNotFoundException>(() => redis.Start())!;
        Assert.That(failure.Message, Does.Contain("install the Debian package redis-server"));
    }

    [Test]
    public void AGivenPortIsUsed()
    {
        int port;
        using (var probe = new RedisServerProcess().Start())
            port = probe.Port;
        using var redis = new RedisServerProcess { Port = port }.Start();
        Assert.That(redis.Port, Is.EqualTo(port));
        Assert.That(() => new RedisServerProcess { Port = 70000 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
