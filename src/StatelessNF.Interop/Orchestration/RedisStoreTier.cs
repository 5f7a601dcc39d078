// RedisStoreTier: one redis-server master and its replicas, all real processes on
// loopback ports. With WaitReplicas > 0 the URI makes every write wait until that many
// replicas hold it (RAMCloud's backups), so killing the master loses no acknowledged
// write: PromoteReplica turns a replica into the master (what Redis Sentinel would do),
// re-points the other replicas, optionally starts a fresh replica to restore redundancy,
// and announces the new URI so instances can be pointed at it.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace StatelessNF.Interop.Orchestration;

/// <summary>A Redis master with replicas, started and owned by the orchestrator.</summary>
public sealed class RedisStoreTier : StoreTier
{
    // Redis delays a diskless full sync by 5 s to batch replicas; a tier restoring its
    // redundancy after a failover wants the new replica linked at once.
    private static readonly string[] ImmediateSync = { "--repl-diskless-sync-delay", "0" };

    private readonly object _gate = new();
    private readonly List<RedisServerProcess> _replicas = new();
    private readonly List<RedisServerProcess> _retired = new();
    private readonly TimeSpan _linkTimeout = TimeSpan.FromSeconds(15);
    private RedisServerProcess _master;
    private bool _disposed;

    private RedisStoreTier(RedisServerProcess master, int waitReplicas, int waitTimeoutMs, bool appendOnly)
    {
        _master = master;
        WaitReplicas = waitReplicas;
        WaitTimeoutMs = waitTimeoutMs;
        AppendOnly = appendOnly;
    }

    /// <summary>How many replicas each write waits for.</summary>
    public int WaitReplicas { get; }

    /// <summary>How long a write waits for its replicas, in milliseconds.</summary>
    public int WaitTimeoutMs { get; }

    /// <summary>Whether the servers keep append-only files (fsync every write).</summary>
    public bool AppendOnly { get; }

    /// <summary>The current master.</summary>
    public RedisServerProcess Master
    {
        get
        {
            lock (_gate)
                return _master;
        }
    }

    /// <summary>The current replicas of the master.</summary>
    public IReadOnlyList<RedisServerProcess> Replicas
    {
        get
        {
            lock (_gate)
                return _replicas.ToArray();
        }
    }

    /// <inheritdoc />
    public override string Uri
    {
        get
        {
            lock (_gate)
                return UriOf(_master);
        }
    }

    /// <inheritdoc />
    public override bool IsSharedAcrossProcesses => true;

    /// <summary>Starts a master and <paramref name="replicas"/> replicas and waits until every replica is linked.</summary>
    /// <param name="replicas">How many replicas to start (0 or more).</param>
    /// <param name="waitReplicas">How many replicas a write waits for (at most <paramref name="replicas"/>).</param>
    /// <param name="appendOnly">Whether servers keep append-only files.</param>
    /// <param name="waitTimeoutMs">How long a write waits for its replicas.</param>
    /// <returns>The running tier.</returns>
    public static RedisStoreTier Start(int replicas = 0, int waitReplicas = 0, bool appendOnly = false, int waitTimeoutMs = 2000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        ArgumentOutOfRangeException.ThrowIfNegative(waitReplicas);
        if (waitReplicas > replicas)
            throw new ArgumentOutOfRangeException(nameof(waitReplicas), waitReplicas,
                $"Writes cannot wait for {waitReplicas} replicas when only {replicas} run.");
        var master = new RedisServerProcess { AppendOnly = appendOnly, ExtraArguments = ImmediateSync };
        var tier = new RedisStoreTier(master, waitReplicas, waitTimeoutMs, appendOnly);
        try
        {
            master.Start();
            for (int i = 0; i < replicas; i++)
                tier.AddReplica();
            return tier;
        }
        catch
        {
            tier.Dispose();
            throw;
        }
    }

    /// <summary>Starts one more replica of the current master and waits until it is linked.</summary>
    /// <returns>The new replica.</returns>
    public RedisServerProcess AddReplica()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var replica = new RedisServerProcess
            {
                ReplicaOf = _master.Endpoint,
                Password = _master.Password,
                AppendOnly = AppendOnly,
                ExtraArguments = ImmediateSync,
            };
            _replicas.Add(replica);
            replica.Start();
            replica.WaitForReplicaLink(_linkTimeout);
            return replica;
        }
    }

    /// <summary>Kills the master with SIGKILL, as a crash would.</summary>
    public void KillMaster()
    {
        lock (_gate)
            _master.Kill();
    }

    /// <summary>
    /// Makes the first running replica the master, re-points the other replicas at it,
    /// and, when <paramref name="restoreRedundancy"/>, starts replicas until the tier has as
    /// many as before. Raises <see cref="StoreTier.UriChanged"/>.
    /// </summary>
    /// <param name="restoreRedundancy">Whether to start a replacement replica.</param>
    /// <returns>The new master's URI.</returns>
    /// <exception cref="InvalidOperationException">No replica is running.</exception>
    public string PromoteReplica(bool restoreRedundancy = true)
    {
        string uri;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int before = _replicas.Count;
            RedisServerProcess promoted = _replicas.FirstOrDefault(r => r.IsRunning)
                ?? throw new InvalidOperationException("No replica is running; the store tier cannot fail over.");
            promoted.Execute("REPLICAOF", "NO", "ONE");
            _replicas.Remove(promoted);
            _master.Kill();
            _retired.Add(_master);
            _master = promoted;
            foreach (RedisServerProcess other in _replicas.Where(r => r.IsRunning))
                other.Execute("REPLICAOF", RedisServerProcess.Host, promoted.Port.ToString(CultureInfo.InvariantCulture));
            foreach (RedisServerProcess other in _replicas.Where(r => r.IsRunning))
                WaitForLink(other, promoted);
            if (restoreRedundancy)
                while (_replicas.Count < before)
                    AddReplica();
            uri = UriOf(_master);
        }
        OnUriChanged(uri);
        return uri;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (RedisServerProcess server in _replicas.Concat(_retired).Append(_master))
                server.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"redis master {Master.Endpoint} with {Replicas.Count} replica(s), writes wait for {WaitReplicas}";

    private string UriOf(RedisServerProcess master)
    {
        string uri = master.Uri;
        if (WaitReplicas == 0)
            return uri;
        string separator = uri.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"{uri}{separator}wait_replicas={WaitReplicas}&wait_timeout_ms={WaitTimeoutMs}");
    }

    private void WaitForLink(RedisServerProcess replica, RedisServerProcess master)
    {
        // A replica re-pointed with REPLICAOF keeps its ReplicaOf description from start;
        // poll INFO directly for the new link.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < _linkTimeout)
        {
            if (replica.Execute("INFO", "replication") is string info
                && info.Contains("master_link_status:up", StringComparison.Ordinal)
                && info.Contains($"master_port:{master.Port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal))
                return;
            System.Threading.Thread.Sleep(25);
        }
        throw new TimeoutException($"The replica on {replica.Endpoint} did not link to the new master {master.Endpoint}.");
    }
}
