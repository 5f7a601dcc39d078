// MazuNatGateway: Click's mazu-nat.click as a real gateway between network namespaces.
// Brings up the topology of tools/netns/topology.sh, runs the shared mazu-nat.click (its
// addresses set by tools/netns/mazu-nat-config.sh) in the gateway namespace with the
// rewriters in the chosen mode, pushes iperf TCP and UDP from the inside host to the
// outside host, prints the router's counters and the translation table, and removes
// everything, also when something fails or the user presses Ctrl+C.
using System.Diagnostics;
using System.Globalization;
using StatelessNF.Interop.Orchestration;

namespace MazuNatGateway;

public static class Program
{
    private static readonly string[] Modes = { "native", "sync", "async", "cache" };

    public static int Main(string[] args)
    {
        string mode = "native";
        int seconds = 3;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--mode" when i + 1 < args.Length && Modes.Contains(args[i + 1]):
                    mode = args[++i];
                    break;
                case "--seconds" when i + 1 < args.Length && int.TryParse(args[i + 1], out int s) && s is > 0 and <= 60:
                    seconds = s;
                    i++;
                    break;
                default:
                    Console.Error.WriteLine("usage: MazuNatGateway [--mode native|sync|async|cache] [--seconds 1-60]");
                    return 2;
            }
        }
        string? repo = FindRepository();
        if (repo is null)
        {
            Console.Error.WriteLine("run this from a StatelessNF checkout (it uses tools/netns and ../shared/click-conf)");
            return 1;
        }
        if (Run("id", "-u").Trim() != "0")
        {
            Console.Error.WriteLine("creating network namespaces needs root");
            return 1;
        }

        using var session = new GatewaySession(repo, mode);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            session.Dispose();
            Environment.Exit(130);
        };
        try
        {
            session.Start();
            session.PushTraffic(seconds);
            session.PrintCounters();
            return 0;
        }
        catch (Exception failure) when (failure is InvalidOperationException or TimeoutException or IOException)
        {
            Console.Error.WriteLine($"error: {failure.Message}");
            return 1;
        }
    }

    private static string? FindRepository()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "StatelessNF.sln")))
                    return folder.FullName;
        return null;
    }

    /// <summary>Runs a command (60 s at most) and returns its output; throws when it fails.</summary>
    internal static string Run(string program, params string[] arguments) => RunWithInput(program, null, arguments);

    /// <summary>Runs a command with <paramref name="input"/> on its standard input.</summary>
    internal static string RunWithInput(string program, string? input, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
        };
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within 60 s");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {error.Result.Trim()}");
        return output.Result;
    }
}

/// <summary>The topology, the store and the router of one run; Dispose removes them all.</summary>
internal sealed class GatewaySession : IDisposable
{
    private readonly string _repo;
    private readonly string _mode;
    private readonly string _prefix = "mz" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private readonly Dictionary<string, string> _topology = new(StringComparer.Ordinal);
    private string _report = "";
    private Process? _redis;
    private ProcessNfInstance? _router;
    private bool _up;
    private int _disposed;

    public GatewaySession(string repo, string mode)
    {
        _repo = repo;
        _mode = mode;
    }

    private string Tool(string name) => Path.Combine(_repo, "tools", "netns", name);

    private string this[string key] => _topology[key];

    public void Start()
    {
        Console.WriteLine($"topology {_prefix}: inside host, inside server, gateway, outside host");
        _up = true;
        _report = Program.Run("bash", Tool("topology.sh"), "up", "--prefix", _prefix, "--kernel-filter");
        foreach (string line in _report.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (line.IndexOf('=') is int equals and > 0)
                _topology[line[..equals]] = line[(equals + 1)..].Trim();
        // Hosts behind a veth finish their own checksums (see tools/netns/README.md).
        foreach (var (ns, dev) in new[] { ("NS_INSIDE", "INSIDE_DEV"), ("NS_SERVER", "SERVER_DEV"), ("NS_OUTSIDE", "OUTSIDE_DEV") })
            Program.Run("ip", "netns", "exec", this[ns], "ethtool", "-K", this[dev], "tx", "off");

        string? store = null;
        if (_mode != "native")
        {
            store = "redis://127.0.0.1:6379";
            StartRedis();
        }
        var options = new List<string> { Tool("mazu-nat-config.sh"), "--topology", "-", "--mode", _mode };
        if (store is not null)
            options.AddRange(new[] { "--store", store });
        string config = Program.RunWithInput("bash", _report, options.ToArray());
        Console.WriteLine($"snf-click in {this["NS_GATEWAY"]}: mazu-nat.click, rewriters in {_mode} mode{(store is null ? "" : " with " + store)}");
        _router = StartRouter(config);
    }

    private ProcessNfInstance StartRouter(string config)
    {
        var router = new ProcessNfInstance(0, config, new Dictionary<string, string>(), networkNamespace: this["NS_GATEWAY"]);
        try
        {
            router.Start();
            return router;
        }
        catch
        {
            router.Dispose();
            throw;
        }
    }

    private void StartRedis()
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "netns", "exec", this["NS_GATEWAY"], "redis-server", "--port", "6379", "--bind", "127.0.0.1",
                                            "--save", "", "--appendonly", "no" })
            info.ArgumentList.Add(argument);
        _redis = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Task<string?> line = _redis.StandardOutput.ReadLineAsync();
            if (!line.Wait(TimeSpan.FromSeconds(10)) || line.Result is null)
                throw new TimeoutException("redis-server did not become ready");
            if (line.Result.Contains("Ready to accept connections", StringComparison.Ordinal))
                break;
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
                throw new TimeoutException("redis-server did not become ready");
        }
        _ = _redis.StandardOutput.ReadToEndAsync();
        _ = _redis.StandardError.ReadToEndAsync();
    }

    public void PushTraffic(int seconds)
    {
        string time = seconds.ToString(CultureInfo.InvariantCulture);
        using Process tcpServer = Background(this["NS_OUTSIDE"], "iperf", "-s", "-p", "5001");
        using Process udpServer = Background(this["NS_OUTSIDE"], "iperf", "-s", "-u", "-p", "5002");
        Thread.Sleep(300);
        try
        {
            Console.WriteLine($"\niperf TCP, {seconds} s, {this["INSIDE_IP"]} -> {this["OUTSIDE_IP"]} through the gateway:");
            Console.Write(Last(Program.Run("ip", "netns", "exec", this["NS_INSIDE"], "iperf", "-c", this["OUTSIDE_IP"], "-p", "5001", "-t", time)));
            Console.WriteLine($"iperf UDP at 200 Mbit/s, {seconds} s:");
            Console.Write(Last(Program.Run("ip", "netns", "exec", this["NS_INSIDE"], "iperf", "-c", this["OUTSIDE_IP"], "-u", "-p", "5002",
                                           "-b", "200M", "-t", time)));
        }
        finally
        {
            foreach (Process server in new[] { tcpServer, udpServer })
                if (!server.HasExited)
                    server.Kill();
        }
    }

    public void PrintCounters()
    {
        ProcessNfInstance router = _router!;
        string Read(string handler) => router.Read(handler).Trim();
        var names = Read("list").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(n => n.Trim()).ToList();
        long Sum(string cls, string handler) =>
            names.Where(n => n.StartsWith(cls + "@", StringComparison.Ordinal)).Sum(n => long.Parse(Read($"{n}.{handler}"), CultureInfo.InvariantCulture));

        Console.WriteLine("\ncounters (read through the ControlSocket):");
        foreach (string handler in new[] { "intern_dev/from.count", "intern_dev/to.count", "extern_dev/from.count", "extern_dev/to.count",
                                           "rw.nmappings", "tcp_rw.nmappings", "rw.mapping_failures", "intern_arpq.queries" })
            Console.WriteLine($"  {handler,-26} {Read(handler)}");
        Console.WriteLine($"  {"ToHost (all) count",-26} {Sum("ToHost", "count")}");
        Console.WriteLine($"  {"CheckIPHeader (all) drops",-26} {Sum("CheckIPHeader", "drops")}");
        Console.WriteLine($"  {"Discard (all) count",-26} {Sum("Discard", "count")}");
        if (_mode != "native")
            Console.WriteLine($"  {"rw.store_failures",-26} {Read("rw.store_failures")}");
        Console.WriteLine("\nrw's mappings:");
        foreach (string line in Read("rw.table").Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(8))
            Console.WriteLine("  " + line);
    }

    private static Process Background(string ns, params string[] command)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "netns", "exec", ns }.Concat(command))
            info.ArgumentList.Add(argument);
        Process process = Process.Start(info) ?? throw new InvalidOperationException($"{command[0]} did not start");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    // iperf's summary: the last interval line (and, for UDP, the server report after it).
    private static string Last(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', lines.Where(l => l.Contains("/sec", StringComparison.Ordinal)).TakeLast(2).Select(l => "  " + l.Trim())) + "\n";
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _router?.Dispose();
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            _redis.WaitForExit(5000);
        }
        _redis?.Dispose();
        if (_up)
        {
            try
            {
                Program.Run("bash", Tool("topology.sh"), "down", "--prefix", _prefix);
                Console.WriteLine($"\ntopology {_prefix} removed");
            }
            catch (Exception failure) when (failure is InvalidOperationException or TimeoutException)
            {
                Console.Error.WriteLine($"removing the topology: {failure.Message}");
            }
        }
    }
}
