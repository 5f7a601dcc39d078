// EvaluationOptions: what one evaluation run measures and where it writes.
namespace StatelessNF.Evaluation;

/// <summary>Options of <see cref="Evaluation.RunAsync"/>.</summary>
public sealed class EvaluationOptions
{
    /// <summary>Folder for report.md, the CSV files and the plots.</summary>
    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "evaluation");

    /// <summary>The smoke variant: one short iteration, few packets, two sizes.</summary>
    public bool Quick { get; init; }

    /// <summary>snf-click to run; null finds it (SNF_CLICK, build/native/bin).</summary>
    public string? SnfClick { get; init; }

    /// <summary>The repository root (for tools/netns/topology.sh); null finds it upwards from the working folder.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>redis-server to run in the gateway namespace.</summary>
    public string RedisServer { get; init; } = "/usr/bin/redis-server";

    /// <summary>How snf-click reaches the store's master.</summary>
    public StoreTransport StoreTransport { get; init; } = StoreTransport.UnixSocket;

    /// <summary>Client options appended to the store URI ("spin_us=0&amp;..."); empty for the client's defaults.</summary>
    public string StoreOptions { get; init; } = "";

    /// <summary>Configurations to measure (default: all of <see cref="Configurations.All"/>).</summary>
    public IReadOnlyList<string> Configs { get; init; } = Configurations.All;

    /// <summary>iperf iterations averaged per configuration.</summary>
    public int Iterations => Quick ? 1 : 5;

    /// <summary>Seconds per iperf iteration; null for the default (1 quick, 3 otherwise).</summary>
    public int? IperfSecondsOverride { get; init; }

    /// <summary>TCP congestion control of the iperf senders (iperf -Z); null for the machine's default.</summary>
    public string? TcpCongestionControl { get; init; }

    /// <summary>Seconds per iperf iteration.</summary>
    public int IperfSeconds => IperfSecondsOverride ?? (Quick ? 1 : 3);

    /// <summary>D-ITG packets per RTT measurement.</summary>
    public int RttPackets => Quick ? 1000 : 10000;

    /// <summary>Store requests per Table 1 measurement.</summary>
    public int StoreOperations => Quick ? 2000 : 20000;

    /// <summary>IP packet sizes of Figure 3.</summary>
    public IReadOnlyList<int> PacketSizes => Quick ? new[] { 64, 1500 } : new[] { 64, 256, 512, 1024, 1500 };

    /// <summary>Seconds per packet-rate trial.</summary>
    public double RateTrialSeconds => Quick ? 0.25 : 0.5;

    /// <summary>Bisection steps of the packet-rate search.</summary>
    public int RateBisectionSteps => Quick ? 1 : 3;

    /// <summary>Offload states measured by Tables 2 and 3 (Figure 3 uses off only: one packet per frame).</summary>
    public IReadOnlyList<bool> OffloadStates { get; init; } = new[] { false, true };

    /// <summary>Parts to measure (default: all of <see cref="EvaluationParts.All"/>); a targeted run picks a few.</summary>
    public IReadOnlyList<string> Parts { get; init; } = EvaluationParts.All;

    /// <summary>Whether a part is measured.</summary>
    public bool Measures(string part) => Parts.Contains(part);
}

/// <summary>The parts of the evaluation, as --tables names them.</summary>
public static class EvaluationParts
{
    /// <summary>Table 1: the store alone.</summary>
    public const string Store = "store";
    /// <summary>Table 2, TCP: iperf throughput.</summary>
    public const string Tcp = "tcp";
    /// <summary>Table 2, UDP: iperf throughput.</summary>
    public const string Udp = "udp";
    /// <summary>Table 3: D-ITG round-trip time.</summary>
    public const string Rtt = "rtt";
    /// <summary>Figure 3: loss-free packet rate.</summary>
    public const string Rate = "rate";

    /// <summary>All, in the order they are measured.</summary>
    public static readonly IReadOnlyList<string> All = new[] { Store, Tcp, Udp, Rtt, Rate };

    /// <summary>The parts a --tables list names; "throughput" stands for tcp and udp. Null if a name is unknown.</summary>
    public static IReadOnlyList<string>? Parse(string list, out string unknown)
    {
        var parts = new List<string>();
        var bad = new List<string>();
        foreach (string name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (name == "throughput")
                parts.AddRange(new[] { Tcp, Udp });
            else if (All.Contains(name))
                parts.Add(name);
            else
                bad.Add(name);
        }
        unknown = string.Join(", ", bad);
        return bad.Count == 0 && parts.Count > 0 ? parts.Distinct().ToList() : null;
    }
}
