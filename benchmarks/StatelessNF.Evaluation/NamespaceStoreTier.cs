// NamespaceStoreTier: the store tier the NAT uses, a redis-server master and one replica
// on the gateway namespace's loopback (snf-click runs there and cannot reach the root
// namespace's loopback). Writes of the stateless modes wait for the replica, as the
// paper's one-backup RAMCloud configuration did: the URI carries wait_replicas=1.
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

    private NamespaceStoreTier(Shell shell, string netns)
    {
        _shell = shell;
        _netns = netns;
        _directory = Directory.CreateTempSubdirectory("snf-eval-redis-").FullName;
    }

    /// <summary>The URI snf-click's STORE gets: writes wait for the replica.</summary>
    public string Uri => $"redis://127.0.0.1:{MasterPort}?wait_replicas=1";

    /// <summary>Starts master and replica and waits until the replica is linked.</summary>
    public static NamespaceStoreTier Start(Shell shell, string netns, string redisServer)
    {
        var tier = new NamespaceStoreTier(shell, netns);
        try
        {
            tier._master = tier.StartServer(redisServer, MasterPort, null);
            tier.WaitForPing(MasterPort);
            tier._replica = tier.StartServer(redisServer, ReplicaPort, MasterPort);
            tier.WaitForPing(ReplicaPort);
            tier.WaitForLink();
            return tier;
        }
        catch
        {
            tier.Dispose();
            throw;
        }
    }

    /// <summary>Empties the store (between configurations).</summary>
    public void Flush() => Cli(MasterPort, "FLUSHALL");

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

    private string Cli(int port, params string[] command) =>
        _shell.CheckIn(_netns, CommandTimeout, new[] { "redis-cli", "-p", port.ToString(CultureInfo.InvariantCulture) }.Concat(command).ToArray());

    private static long ParseLong(string text) =>
        long.TryParse(text.Trim().Split('\n').Last().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : -1;
}
