// NamespaceStoreTier: the store tier the NAT uses, a redis-server master and one replica
// on the gateway namespace's loopback (snf-click runs there and cannot reach the root
// namespace's loopback). Writes of the stateless modes wait for the replica, as the
// paper's one-backup RAMCloud configuration did: the URI carries wait_replicas=1. The
// tier counts as ready only once a write acknowledged by the replica comes back at once
// (SET then WAIT 1 with a short timeout): a replica whose link is up may not yet be
// online at the master, and a WAIT issued then lasts its whole timeout. snf-click reaches
// the master over TCP on the namespace's loopback or, by default, over the master's
// Unix-domain socket (the URI's socket= option), which saves the TCP/IP stack on every
// store round trip; replication between master and replica is TCP either way.
using System.Globalization;

namespace StatelessNF.Evaluation;

/// <summary>A Redis master and replica inside one network namespace.</summary>
public sealed class NamespaceStoreTier : IDisposable
{
    private const int MasterPort = 6390, ReplicaPort = 6391;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private readonly Shell _shell;
    private readonly string _netns;
    private readonly string _directory;
    private BackgroundProcess? _master, _replica;

    private NamespaceStoreTier(Shell shell, string netns, StoreTransport transport)
    {
        _shell = shell;
        _netns = netns;
        Transport = transport;
        _directory = Directory.CreateTempSubdirectory("snf-eval-redis-").FullName;
    }

    /// <summary>How snf-click reaches the master.</summary>
    public StoreTransport Transport { get; }

    private string MasterSocket => Path.Combine(_directory, "master.sock");

    /// <summary>The STORE of routers that keep their state in process (--store-transport embedded).</summary>
    public const string EmbeddedUri = "embedded:evaluation";

    /// <summary>The URI snf-click's STORE gets: writes wait for the replica.</summary>
    public string Uri
    {
        get
        {
            // wait_replicas=1 unless the extra options set it themselves (the client
            // refuses a key given twice).
            var options = new List<string>();
            if (Transport == StoreTransport.UnixSocket)
                options.Add($"socket={MasterSocket}");
            if (!SetsOption(ExtraOptions, "wait_replicas"))
                options.Add("wait_replicas=1");
            if (ExtraOptions.Length > 0)
                options.Add(ExtraOptions);
            return $"redis://127.0.0.1:{MasterPort}?" + string.Join('&', options);
        }
    }

    /// <summary>More client options for the URI ("key=value&amp;..."), e.g. spin_us=0; empty for the defaults.</summary>
    public string ExtraOptions { get; init; } = "";

    /// <summary>How the report describes where the routers keep their state.</summary>
    public static string Describe(StoreTransport transport, string extraOptions = "")
    {
        if (transport == StoreTransport.Embedded)
            return "the routers keep their flow state in the embedded in-process store (--store-transport " +
                "embedded: the stateless modes' own cost, without a store round trip); Table 1 measures the redis master + replica";
        string writes = SetsOption(extraOptions, "wait_replicas") ? $"client options {extraOptions}" : "writes wait for the replica";
        return transport == StoreTransport.UnixSocket
            ? $"redis master + replica in the gateway namespace, {writes}; snf-click reaches the master over its Unix-domain " +
                "socket (replication to the replica stays TCP on the gateway's loopback)"
            : $"redis master + replica in the gateway namespace, {writes}; snf-click reaches the master over TCP on the " +
                "gateway namespace's loopback";
    }

    private static bool SetsOption(string options, string key) =>
        options.Split('&').Any(o => o.StartsWith(key + "=", StringComparison.Ordinal));

    /// <summary>Starts master and replica and waits until the replica acknowledges writes (not for <see cref="StoreTransport.Embedded"/>).</summary>
    public static NamespaceStoreTier Start(Shell shell, string netns, string redisServer, StoreTransport transport, string extraOptions = "")
    {
        if (transport == StoreTransport.Embedded)
            throw new ArgumentException("the embedded store runs inside each router, not in a store tier", nameof(transport));
        var tier = new NamespaceStoreTier(shell, netns, transport) { ExtraOptions = extraOptions };
        try
        {
            tier._master = tier.StartServer(redisServer, MasterPort, null);
            tier.WaitForPing(MasterPort);
            tier._replica = tier.StartServer(redisServer, ReplicaPort, MasterPort);
            tier.WaitForPing(ReplicaPort);
            tier.WaitForLink();
            tier.WaitUntilReplicated();
            return tier;
        }
        catch
        {
            tier.Dispose();
            throw;
        }
    }

    /// <summary>Empties the store (between configurations) and checks that the replica still acknowledges writes.</summary>
    public void Flush()
    {
        Cli(MasterPort, "FLUSHALL");
        WaitUntilReplicated();
    }

    /// <summary>One line about replication: the master's view of its replica and the replica's link.</summary>
    public string ReplicationSummary()
    {
        static string Pick(string info, params string[] keys) => string.Join(", ", info.Split('\n')
            .Select(l => l.Trim())
            .Where(l => keys.Any(k => l.StartsWith(k + ":", StringComparison.Ordinal))));
        string master = Pick(Cli(MasterPort, "INFO", "replication"), "connected_slaves", "slave0", "master_repl_offset");
        string replica = Pick(Cli(ReplicaPort, "INFO", "replication"), "master_link_status", "master_last_io_seconds_ago", "slave_repl_offset");
        return $"master: {master}; replica: {replica}";
    }

    /// <summary>Number of keys on the master and the replica.</summary>
    public (long Master, long Replica) KeyCounts() =>
        (ParseLong(Cli(MasterPort, "DBSIZE")), ParseLong(Cli(ReplicaPort, "DBSIZE")));

    /// <inheritdoc />
    public void Dispose()
    {
        _replica?.Dispose();
        _master?.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private BackgroundProcess StartServer(string redisServer, int port, int? masterPort)
    {
        string folder = Path.Combine(_directory, port.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var args = new List<string>
        {
            redisServer, "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", folder, "--daemonize", "no",
            "--repl-diskless-sync-delay", "0", "--logfile", Path.Combine(folder, "redis.log"),
        };
        if (masterPort is null)
            args.AddRange(new[] { "--unixsocket", MasterSocket, "--unixsocketperm", "700" });
        if (masterPort is int m)
            args.AddRange(new[] { "--replicaof", "127.0.0.1", m.ToString(CultureInfo.InvariantCulture) });
        return _shell.Start(_netns, args.ToArray());
    }

    private void WaitForPing(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var result = _shell.RunIn(_netns, CommandTimeout, "redis-cli", "-p", port.ToString(CultureInfo.InvariantCulture), "PING");
            if (result.Succeeded && result.Output.Contains("PONG", StringComparison.Ordinal))
                return;
            Thread.Sleep(100);
        }
        throw new EvaluationException($"redis-server on port {port} in {_netns} did not answer PING within 10 s");
    }

    private void WaitForLink()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (Cli(ReplicaPort, "INFO", "replication").Contains("master_link_status:up", StringComparison.Ordinal))
                return;
            Thread.Sleep(100);
        }
        throw new EvaluationException("the Redis replica did not link to its master within 15 s");
    }

    // A write the replica acknowledges within ProbeWaitMs, as the NAT's writes need.
    private void WaitUntilReplicated()
    {
        const int ProbeWaitMs = 200;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            string script = $"SET snfeval:replication-probe 1\nWAIT 1 {ProbeWaitMs}\nDEL snfeval:replication-probe\n";
            var result = _shell.Run("ip", new[] { "netns", "exec", _netns, "redis-cli", "-p", MasterPort.ToString(CultureInfo.InvariantCulture) },
                CommandTimeout, script);
            var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (result.Succeeded && lines.Length >= 2 && lines[1] == "1")
                return;
            last = string.Join(" ", lines);
            Thread.Sleep(100);
        }
        throw new EvaluationException($"the Redis replica did not acknowledge a write within 15 s (last probe: {last}; {ReplicationSummary()})");
    }

    private string Cli(int port, params string[] command) =>
        _shell.CheckIn(_netns, CommandTimeout, new[] { "redis-cli", "-p", port.ToString(CultureInfo.InvariantCulture) }.Concat(command).ToArray());

    private static long ParseLong(string text) =>
        long.TryParse(text.Trim().Split('\n').Last().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : -1;
}

/// <summary>How snf-click reaches the Redis master.</summary>
public enum StoreTransport
{
    /// <summary>The master's Unix-domain socket (redis://...?socket=PATH).</summary>
    UnixSocket,
    /// <summary>TCP on the gateway namespace's loopback.</summary>
    Tcp,
    /// <summary>No Redis for the routers: the embedded in-process store (Table 1 still measures Redis).</summary>
    Embedded,
}
