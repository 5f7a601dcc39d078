// RedisClusterStoreTier: a Redis Cluster of real redis-server processes (masters, each
// with replicas) joined the way `redis-cli --cluster create` does it: slots split evenly
// over the masters, every node introduced with CLUSTER MEET, replicas attached with
// CLUSTER REPLICATE; Start returns once every node reports cluster_state:ok. Instances
// reach it with a redis-cluster:// URI naming every master as a seed. A master killed
// with KillMaster is replaced by its replica through the cluster's own failover.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace StatelessNF.Interop.Orchestration;

/// <summary>A Redis Cluster started and owned by the orchestrator.</summary>
public sealed class RedisClusterStoreTier : StoreTier
{
    private const int Slots = 16384;
    private static readonly TimeSpan FormTimeout = TimeSpan.FromSeconds(30);

    private readonly List<RedisServerProcess> _masters = new();
    private readonly List<RedisServerProcess> _replicas = new();
    private bool _disposed;

    private RedisClusterStoreTier(int waitReplicas) => WaitReplicas = waitReplicas;

    /// <summary>How many replicas each write waits for.</summary>
    public int WaitReplicas { get; }

    /// <summary>The masters the cluster started with.</summary>
    public IReadOnlyList<RedisServerProcess> Masters => _masters;

    /// <summary>The replicas, in master order.</summary>
    public IReadOnlyList<RedisServerProcess> Replicas => _replicas;

    /// <inheritdoc />
    public override string Uri
    {
        get
        {
            string seeds = string.Join(",", _masters.Concat(_replicas).Select(s => s.Endpoint));
            return WaitReplicas == 0
                ? $"redis-cluster://{seeds}"
                : string.Create(CultureInfo.InvariantCulture, $"redis-cluster://{seeds}?wait_replicas={WaitReplicas}&wait_timeout_ms=2000");
        }
    }

    /// <inheritdoc />
    public override bool IsSharedAcrossProcesses => true;

    /// <summary>Starts and joins a cluster.</summary>
    /// <param name="masters">Masters (at least 1; Redis needs 3 for automatic failover).</param>
    /// <param name="replicasPerMaster">Replicas of each master.</param>
    /// <param name="waitReplicas">Replicas each write waits for (at most <paramref name="replicasPerMaster"/>).</param>
    /// <param name="nodeTimeoutMs">cluster-node-timeout: how soon a silent master is failed over.</param>
    /// <returns>The running cluster.</returns>
    public static RedisClusterStoreTier Start(int masters = 3, int replicasPerMaster = 0, int waitReplicas = 0, int nodeTimeoutMs = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(masters, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(replicasPerMaster);
        if (waitReplicas > replicasPerMaster)
            throw new ArgumentOutOfRangeException(nameof(waitReplicas), waitReplicas,
                $"Writes cannot wait for {waitReplicas} replicas when each master has {replicasPerMaster}.");
        var tier = new RedisClusterStoreTier(waitReplicas);
        try
        {
            string[] clusterArguments =
            {
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", nodeTimeoutMs.ToString(CultureInfo.InvariantCulture),
                "--repl-diskless-sync-delay", "0",
            };
            for (int i = 0; i < masters; i++)
                tier._masters.Add(new RedisServerProcess { ExtraArguments = clusterArguments }.Start());
            for (int i = 0; i < masters * replicasPerMaster; i++)
                tier._replicas.Add(new RedisServerProcess { ExtraArguments = clusterArguments }.Start());
            tier.Form(replicasPerMaster);
            return tier;
        }
        catch
        {
            tier.Dispose();
            throw;
        }
    }

    /// <summary>Kills master <paramref name="index"/> with SIGKILL; its replica takes over after the node timeout.</summary>
    /// <param name="index">Which master.</param>
    public void KillMaster(int index) => _masters[index].Kill();

    /// <summary>Waits until every running node reports cluster_state:ok.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>True when the cluster is whole.</returns>
    public bool WaitUntilHealthy(TimeSpan timeout) =>
        WaitFor(() => Nodes().Where(n => n.IsRunning).All(n => Info(n).Contains("cluster_state:ok", StringComparison.Ordinal)), timeout);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (RedisServerProcess node in Nodes())
            node.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"redis cluster of {_masters.Count} masters, {_replicas.Count} replicas";

    private IEnumerable<RedisServerProcess> Nodes() => _masters.Concat(_replicas);

    private void Form(int replicasPerMaster)
    {
        for (int i = 0; i < _masters.Count; i++)
        {
            int first = (int)((long)Slots * i / _masters.Count);
            int last = (int)((long)Slots * (i + 1) / _masters.Count) - 1;
            _masters[i].Execute("CLUSTER", "ADDSLOTSRANGE", first.ToString(CultureInfo.InvariantCulture),
                                last.ToString(CultureInfo.InvariantCulture));
        }
        RedisServerProcess seed = _masters[0];
        foreach (RedisServerProcess node in Nodes().Skip(1))
            node.Execute("CLUSTER", "MEET", RedisServerProcess.Host, seed.Port.ToString(CultureInfo.InvariantCulture));
        int total = _masters.Count + _replicas.Count;
        if (!WaitFor(() => Nodes().All(n => KnownNodes(n) == total), FormTimeout))
            throw new TimeoutException($"The cluster's {total} nodes did not all meet within {FormTimeout.TotalSeconds:F0} s.");
        for (int r = 0; r < _replicas.Count; r++)
        {
            RedisServerProcess master = _masters[r / replicasPerMaster];
            string masterId = (string)master.Execute("CLUSTER", "MYID")!;
            _replicas[r].Execute("CLUSTER", "REPLICATE", masterId);
        }
        if (!WaitUntilHealthy(FormTimeout))
            throw new TimeoutException($"The cluster did not reach cluster_state:ok within {FormTimeout.TotalSeconds:F0} s.");
        foreach (RedisServerProcess replica in _replicas)
            if (!WaitFor(() => ReplicationInfo(replica).Contains("master_link_status:up", StringComparison.Ordinal), FormTimeout))
                throw new TimeoutException($"The replica on {replica.Endpoint} did not link to its master.");
    }

    private static int KnownNodes(RedisServerProcess node) =>
        ((string)node.Execute("CLUSTER", "NODES")!).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    private static string Info(RedisServerProcess node)
    {
        try
        {
            return node.Execute("CLUSTER", "INFO") as string ?? "";
        }
        catch (Exception failure) when (failure is System.IO.IOException or System.Net.Sockets.SocketException
                                            or Stores.RedisReplyException)
        {
            return "";
        }
    }

    private static string ReplicationInfo(RedisServerProcess node) => node.Execute("INFO", "replication") as string ?? "";

    private static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
                return true;
            Thread.Sleep(50);
        }
        return condition();
    }
}
