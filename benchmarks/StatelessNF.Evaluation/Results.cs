// Results: the measurements of one evaluation run, as plain records that the report,
// the CSV files and the plots are made from (and that the self-test builds by hand).
namespace StatelessNF.Evaluation;

/// <summary>Table 1: one store operation measured by one tool.</summary>
/// <param name="Tool">"client" (the StatelessNF client through the C# API) or "redis-benchmark".</param>
/// <param name="Operation">"read" or "write".</param>
/// <param name="Replicas">Replicas each write waits for.</param>
/// <param name="MeanLatencyUs">Mean latency of one request at a time, µs.</param>
/// <param name="P99LatencyUs">99th percentile of the same, µs.</param>
/// <param name="ThroughputKops">Requests per second with many in flight, thousands.</param>
public sealed record StoreRow(string Tool, string Operation, int Replicas, double MeanLatencyUs, double P99LatencyUs, double ThroughputKops);

/// <summary>Table 2: iperf throughput of one configuration.</summary>
public sealed record ThroughputRow(string Config, bool Offloads, string Protocol, double MeanMbps, double StdDevMbps, int Iterations, string Note = "");

/// <summary>Table 3: D-ITG round-trip time of one configuration.</summary>
/// <param name="SlowPackets">Packets whose round trip took 100 ms or more (held up, not queued).</param>
/// <param name="TornRecords">Records left out of the statistics: ITGSend logged a torn send time.</param>
public sealed record RttRow(string Config, bool Offloads, double MeanUs, double MedianUs, double P99Us, double MinUs, double MaxUs,
    double LossPercent, int Packets, int SlowPackets = 0, int TornRecords = 0, string Note = "");

/// <summary>Figure 3: highest loss-free UDP packet rate of one configuration at one size.</summary>
public sealed record RateRow(string Config, int PacketSize, double MaxKpps, double LossPercentAtMax, int Trials, string Note = "");

/// <summary>Everything one run measured.</summary>
public sealed class EvaluationResults
{
    /// <summary>Table 1 rows.</summary>
    public List<StoreRow> Store { get; } = new();
    /// <summary>Table 2 rows.</summary>
    public List<ThroughputRow> Throughput { get; } = new();
    /// <summary>Table 3 rows.</summary>
    public List<RttRow> Rtt { get; } = new();
    /// <summary>Figure 3 points.</summary>
    public List<RateRow> Rates { get; } = new();
    /// <summary>Remarks gathered while running (failed configurations, limits hit).</summary>
    public List<string> Notes { get; } = new();
    /// <summary>Facts about the run: machine, versions, options, duration.</summary>
    public List<KeyValuePair<string, string>> Facts { get; } = new();
}

/// <summary>The configurations in the order the tables show them.</summary>
public static class Configurations
{
    /// <summary>Click native (local state), the stateful baseline.</summary>
    public const string Native = "native";
    /// <summary>Stateless, LRU cache in front of the store.</summary>
    public const string Cache = "cache";
    /// <summary>Stateless, asynchronous store requests.</summary>
    public const string Async = "async";
    /// <summary>Stateless, blocking store requests.</summary>
    public const string Sync = "sync";
    /// <summary>The Linux kernel's NAT (nftables masquerade).</summary>
    public const string KernelNat = "kernel-nat";
    /// <summary>Linux forwarding without translation.</summary>
    public const string Forwarding = "forwarding";

    /// <summary>All, in table order.</summary>
    public static readonly IReadOnlyList<string> All = new[] { Native, Cache, Async, Sync, KernelNat, Forwarding };

    /// <summary>The NAT mode of one of ours, or null for the kernel's configurations.</summary>
    public static NatMode? ModeOf(string config) => config switch
    {
        Native => NatMode.Native,
        Cache => NatMode.Cache,
        Async => NatMode.Async,
        Sync => NatMode.Sync,
        _ => null,
    };
}

/// <summary>The paper's figures (HotMiddlebox 2015 prototype: Click + RAMCloud, 1 GbE, SDR InfiniBand).</summary>
public static class PaperFigures
{
    /// <summary>TCP throughput through the NAT, Mbit/s (iperf, 10 connections).</summary>
    public static readonly IReadOnlyDictionary<string, double> TcpMbps = new Dictionary<string, double>
    {
        [Configurations.Native] = 924.8,
        [Configurations.Cache] = 925.0,
        [Configurations.Async] = 894.0,
        [Configurations.Sync] = 335.2,
    };

    /// <summary>Round-trip time through the NAT, µs (D-ITG).</summary>
    public static readonly IReadOnlyDictionary<string, double> RttUs = new Dictionary<string, double>
    {
        [Configurations.Native] = 371,
        [Configurations.Cache] = 317,
        [Configurations.Async] = 356,
        [Configurations.Sync] = 332,
    };

    /// <summary>RAMCloud latency of a 100-byte object, µs, by (operation, replicas).</summary>
    public static double? StoreLatencyUs(string operation, int replicas) => (operation, replicas) switch
    {
        ("read", _) => 29.8,
        ("write", 0) => 30.4,
        ("write", 1) => 56.5,
        _ => null,
    };
}
