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

    /// <summary>Configurations to measure (default: all of <see cref="Configurations.All"/>).</summary>
    public IReadOnlyList<string> Configs { get; init; } = Configurations.All;

    /// <summary>iperf iterations averaged per configuration.</summary>
    public int Iterations => Quick ? 1 : 5;

    /// <summary>Seconds per iperf iteration.</summary>
    public int IperfSeconds => Quick ? 1 : 3;

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
    public IReadOnlyList<bool> OffloadStates => new[] { false, true };
}
