// Evaluation: the whole run of issue 7 as an API. Builds the namespaces, measures the
// store (Table 1), then for each offload state and configuration puts the gateway into
// its role (kernel forwarding, kernel NAT, or snf-click with a store tier in the gateway
// namespace) and measures iperf throughput (Table 2), D-ITG RTT (Table 3) and, with
// offloads off, the loss-free packet rate per size (Figure 3). Writes the report, CSV
// files and plots. Everything it started is removed at the end, also on failure or
// cancellation (Ctrl-C in the program).
using System.Diagnostics;
using System.Globalization;
using StatelessNF.Interop.Orchestration;

namespace StatelessNF.Evaluation;

/// <summary>Runs the evaluation.</summary>
public static class Evaluation
{
    /// <summary>Runs every measurement the options ask for and writes the output folder.</summary>
    /// <returns>The results (also written as report.md, CSV and PNG files).</returns>
    public static Task<EvaluationResults> RunAsync(EvaluationOptions options, IProgress<string> progress, CancellationToken cancel = default) =>
        Task.Run(() => Run(options, progress, cancel), CancellationToken.None);

    private static EvaluationResults Run(EvaluationOptions options, IProgress<string> progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        string root = options.RepositoryRoot ?? FindRepositoryRoot();
        string script = Path.Combine(root, "tools", "netns", "topology.sh");
        string snfClick = options.SnfClick ?? SnfClickExecutable.Find();
        CheckPrerequisites(snfClick, script, options);
        Directory.CreateDirectory(options.OutputDirectory);

        var results = new EvaluationResults();
        AddFacts(results, options, snfClick);
        using var shell = new Shell();
        using var topology = new Topology(shell, script);
        using var cancelRegistration = cancel.Register(shell.KillAll);
        try
        {
            if (options.Measures(EvaluationParts.Store))
            {
                progress.Report($"table 1: store latency and throughput ({options.StoreOperations} requests per measurement)");
                new StoreBenchmark(shell, progress, options.StoreOperations).Run(results, cancel);
            }

            progress.Report($"topology: namespaces {Topology.Prefix}-* (generator {Topology.GeneratorIp}, gateway, sink {Topology.SinkIp})");
            topology.Up();
            bool anyRouter = options.Configs.Any(c => Configurations.ModeOf(c) is not null and not NatMode.Native);
            // The embedded store lives in each snf-click: no Redis to start for the routers.
            bool embedded = options.StoreTransport == StoreTransport.Embedded;
            using var store = anyRouter && !embedded
                ? NamespaceStoreTier.Start(shell, topology.Gateway, options.RedisServer, options.StoreTransport, options.StoreOptions)
                : null;
            string storeUri = embedded ? NamespaceStoreTier.EmbeddedUri : store?.Uri ?? "";
            if (anyRouter)
            {
                progress.Report(store is null ? $"store: {storeUri} in each router" : $"store tier: redis master and replica in {topology.Gateway}, {storeUri}");
                results.Facts.Add(new("store", NamespaceStoreTier.Describe(options.StoreTransport, options.StoreOptions)));
            }
            using var iperf = new IperfBenchmark(shell, topology) { Seconds = options.IperfSeconds, CongestionControl = options.TcpCongestionControl };
            using var rtt = new RttBenchmark(shell, topology) { Packets = options.RttPackets };
            var rates = new PacketRateBenchmark(shell, topology, snfClick)
            {
                TrialSeconds = options.RateTrialSeconds,
                BisectionSteps = options.RateBisectionSteps,
            };

            foreach (bool offloads in options.OffloadStates)
            {
                foreach (string config in options.Configs)
                {
                    cancel.ThrowIfCancellationRequested();
                    progress.Report($"[{clock.Elapsed:mm\\:ss}] {config}, offloads {(offloads ? "on" : "off")}");
                    MeasureConfiguration(config, offloads, options, shell, topology, store, storeUri, snfClick, iperf, rtt, rates, results, progress, cancel);
                }
            }
        }
        finally
        {
            shell.KillAll();
            KillNamespaceProcesses(shell, topology);
            topology.Down();
        }

        results.Facts.Add(new("duration", clock.Elapsed.ToString(@"mm\:ss", CultureInfo.InvariantCulture)));
        var files = ReportWriter.WriteAll(results, options.OutputDirectory, options.Quick);
        progress.Report($"[{clock.Elapsed:mm\\:ss}] wrote {string.Join(", ", files.Select(Path.GetFileName))} to {options.OutputDirectory}");
        return results;
    }

    private static void MeasureConfiguration(string config, bool offloads, EvaluationOptions options, Shell shell, Topology topology,
        NamespaceStoreTier? store, string storeUri, string snfClick, IperfBenchmark iperf, RttBenchmark rtt, PacketRateBenchmark rates,
        EvaluationResults results, IProgress<string> progress, CancellationToken cancel)
    {
        NatMode? mode = Configurations.ModeOf(config);
        topology.SetRole(mode is null ? (config == Configurations.KernelNat ? GatewayRole.KernelNat : GatewayRole.KernelForwarding) : GatewayRole.Router);
        topology.SetOffloads(offloads, mode is not null);
        GatewayRouter? router = null;
        try
        {
            if (mode is NatMode m)
            {
                store?.Flush();
                string configText = GatewayRouter.BuildConfig(topology, m, storeUri, GatewayRouter.TableName(m, offloads));
                try
                {
                    router = GatewayRouter.Start(shell, topology, snfClick, configText);
                }
                catch (EvaluationException e)
                {
                    string reason = Shorten(e.Message);
                    progress.Report($"  {config}: not measured: {reason}");
                    results.Notes.Add($"{config} (offloads {(offloads ? "on" : "off")}) was not measured: {reason}");
                    results.Throughput.Add(new ThroughputRow(config, offloads, "TCP", double.NaN, double.NaN, 0, "failed"));
                    results.Throughput.Add(new ThroughputRow(config, offloads, "UDP", double.NaN, double.NaN, 0, "failed"));
                    results.Rtt.Add(new RttRow(config, offloads, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, Note: "failed"));
                    if (!offloads)
                        foreach (int size in options.PacketSizes)
                            results.Rates.Add(new RateRow(config, size, double.NaN, double.NaN, 0, "failed"));
                    return;
                }
            }

            var protocols = new[] { (EvaluationParts.Tcp, "TCP"), (EvaluationParts.Udp, "UDP") }
                .Where(p => options.Measures(p.Item1)).Select(p => p.Item2);
            foreach (string protocol in protocols)
            {
                var samples = new List<double>();
                string error = "";
                for (int i = 0; i < options.Iterations; i++)
                {
                    cancel.ThrowIfCancellationRequested();
                    var (mbps, why) = protocol == "TCP" ? iperf.RunTcp() : iperf.RunUdp();
                    if (mbps is double v)
                        samples.Add(v);
                    else
                        error = why;
                }
                double mean = samples.Count > 0 ? samples.Average() : double.NaN;
                double sd = samples.Count > 1 ? Math.Sqrt(samples.Sum(x => (x - mean) * (x - mean)) / (samples.Count - 1)) : 0;
                string note = samples.Count < options.Iterations ? $"{options.Iterations - samples.Count} failed: {Shorten(error)}" : "";
                results.Throughput.Add(new ThroughputRow(config, offloads, protocol, mean, sd, samples.Count, note));
                progress.Report(string.Create(CultureInfo.InvariantCulture, $"  iperf {protocol}: {mean:F1} Mbit/s (sd {sd:F1}, {samples.Count} runs){(note.Length > 0 ? " " + note : "")}"));
            }

            cancel.ThrowIfCancellationRequested();
            if (options.Measures(EvaluationParts.Rtt))
                MeasureRtt(config, offloads, rtt, store, results, progress);

            if (!offloads && options.Measures(EvaluationParts.Rate))
            {
                foreach (int size in options.PacketSizes)
                {
                    var row = rates.Search(config, size, cancel);
                    results.Rates.Add(row);
                    if (row.Note.Length > 0 && row.Note != PacketRateBenchmark.GeneratorLimited)
                        results.Notes.Add($"{config}, {size}-byte packets: {row.Note}");
                    progress.Report(string.Create(CultureInfo.InvariantCulture,
                        $"  {size}-byte packets: {row.MaxKpps:F1} kpps without loss ({row.Trials} trials){(row.Note.Length > 0 ? " " + row.Note : "")}"));
                }
            }

            if (router is not null && !router.IsRunning)
                results.Notes.Add($"snf-click ({config}, offloads {(offloads ? "on" : "off")}) had exited by the end of its measurements: {Shorten(router.Errors)}");
        }
        finally
        {
            router?.Dispose();
        }
    }

    private static void MeasureRtt(string config, bool offloads, RttBenchmark rtt, NamespaceStoreTier? store, EvaluationResults results, IProgress<string> progress)
    {
        var (summary, rttError) = rtt.Run();
        results.Rtt.Add(summary is null
            ? new RttRow(config, offloads, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, Note: Shorten(rttError))
            : new RttRow(config, offloads, summary.MeanUs, summary.MedianUs, summary.P99Us, summary.MinUs, summary.MaxUs,
                summary.LossPercent, summary.Packets, summary.SlowPackets, summary.TornRecords));
        if (summary is null)
        {
            progress.Report($"  D-ITG RTT: failed: {rttError}");
            return;
        }
        string heldUp = (summary.SlowPackets > 0 ? $", {summary.SlowPackets} held up >= 100 ms (sequence {summary.SlowestSequences})" : "") +
            (summary.TornRecords > 0 ? $", {summary.TornRecords} torn ITGSend record(s) left out (sequence {summary.TornSequences})" : "");
        progress.Report(string.Create(CultureInfo.InvariantCulture,
            $"  D-ITG RTT: {summary.MeanUs:F0} µs mean, {summary.MedianUs:F0} median, {summary.P99Us:F0} p99 ({summary.MinUs:F0}-{summary.MaxUs:F0}), {summary.Packets} packets, loss {summary.LossPercent:F2} %{heldUp}"));
        if (summary.SlowPackets > 0 && store is not null && Configurations.ModeOf(config) is not null and not NatMode.Native)
            progress.Report($"  store replication after the RTT run: {store.ReplicationSummary()}");
    }

    private static void CheckPrerequisites(string snfClick, string script, EvaluationOptions options)
    {
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root" && !IsRoot())
            throw new EvaluationException("the evaluation creates network namespaces and needs root");
        if (!File.Exists(script))
            throw new EvaluationException($"topology script not found: {script}");
        if (!File.Exists(snfClick))
            throw new EvaluationException($"snf-click not found: {snfClick}");
        if (!File.Exists(options.RedisServer))
            throw new EvaluationException($"redis-server not found: {options.RedisServer} (Debian package redis-server)");
        var missing = new[]
        {
            ("ip", "iproute2"), ("nft", "nftables"), ("ethtool", "ethtool"), ("iperf", "iperf"), ("ITGSend", "d-itg"),
            ("ITGRecv", "d-itg"), ("ITGDec", "d-itg"), ("redis-benchmark", "redis-tools"),
            ("redis-cli", "redis-tools"), ("ping", "iputils-ping"),
        }.Where(t => !Shell.IsInstalled(t.Item1)).ToList();
        if (missing.Count > 0)
            throw new EvaluationException("missing programs: " + string.Join(", ", missing.Select(m => $"{m.Item1} (Debian package {m.Item2})")) +
                "; install them with apt-get install " + string.Join(' ', missing.Select(m => m.Item2).Distinct()));
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void AddFacts(EvaluationResults results, EvaluationOptions options, string snfClick)
    {
        results.Facts.Add(new("date (UTC)", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
        results.Facts.Add(new("variant", options.Quick ? "quick (smoke)" : "full"));
        results.Facts.Add(new("machine", $"{Environment.ProcessorCount} cores, kernel {Environment.OSVersion.Version}"));
        results.Facts.Add(new("snf-click", snfClick));
        results.Facts.Add(new("iperf", $"{options.Iterations} x {options.IperfSeconds} s, 10 connections, MSS 1460 / 1472-byte UDP payload, " +
            $"TCP congestion control {options.TcpCongestionControl ?? CongestionControl.MachineDefault() + " (the machine's default)"}"));
        results.Facts.Add(new("D-ITG", $"{options.RttPackets} UDP packets of 16-byte payload at 5000/s, round-trip mode"));
        results.Facts.Add(new("packet rate", $"snf-click FastUDPFlows -> ToDevice, 8 flows, {options.RateTrialSeconds} s trials, loss threshold {PacketRateBenchmark.LossThreshold * 100} %"));
    }

    private static void KillNamespaceProcesses(Shell shell, Topology topology)
    {
        // Anything still running in the evaluation's own namespaces was started by it.
        foreach (string ns in new[] { topology.Generator, topology.Gateway, topology.Sink, topology.Lan })
        {
            var pids = shell.Run("ip", new[] { "netns", "pids", ns }, TimeSpan.FromSeconds(5));
            if (!pids.Succeeded)
                continue;
            foreach (var line in pids.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                if (int.TryParse(line.Trim(), out int pid))
                    Shell.SendSignal(pid, 9);
        }
    }

    private static string FindRepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "tools", "netns", "topology.sh")))
                    return folder.FullName;
        throw new EvaluationException("tools/netns/topology.sh not found above the working folder; pass --repo");
    }

    private static string Shorten(string text)
    {
        text = text.Trim().ReplaceLineEndings(" ");
        return text.Length > 200 ? text[..200] + "..." : text;
    }
}
