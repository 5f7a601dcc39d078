// PacketRateBenchmark (Figure 3): the highest UDP packet rate a configuration forwards
// without loss (< 0.1 %), per packet size. snf-click in the generator namespace sends a
// fixed number of frames of 8 flows at a requested rate (FastUDPFlows -> ToDevice; it
// paces evenly, where trafgen's --rate sends bursts far above the rate asked); the loss
// is the generator interface's transmitted frames against the sink interface's received
// ones. The rate doubles until loss appears, then is bisected. Each trial's rate is the
// one the generator reports having achieved; when that falls well short of the rate
// asked, the generator (sharing the machine's cores) is the limit and the search stops.
using System.Globalization;
using System.Text.RegularExpressions;

namespace StatelessNF.Evaluation;

/// <summary>Finds the loss-free packet rate for each size.</summary>
public sealed partial class PacketRateBenchmark
{
    /// <summary>The note of a size whose search stopped because the generator fell short of the rate asked.</summary>
    public const string GeneratorLimited = "generator-limited";

    /// <summary>Loss below this fraction counts as none.</summary>
    public const double LossThreshold = 0.001;
    private const double StartRate = 25_000;
    private const double MaxRate = 3_200_000;
    private const double MinRate = 1_000;
    private readonly Shell _shell;
    private readonly Topology _topology;
    private readonly string _snfClick;
    private string _lastError = "";

    /// <summary>Creates the benchmark; <paramref name="snfClick"/> is the generator.</summary>
    public PacketRateBenchmark(Shell shell, Topology topology, string snfClick)
    {
        _shell = shell;
        _topology = topology;
        _snfClick = snfClick;
    }

    /// <summary>Seconds per trial.</summary>
    public double TrialSeconds { get; init; } = 0.5;

    /// <summary>Bisection steps after the first loss.</summary>
    public int BisectionSteps { get; init; } = 3;

    /// <summary>Searches one size (IP packet length in bytes, 46..1500).</summary>
    public RateRow Search(string config, int packetSize, CancellationToken cancel)
    {
        _lastError = "";
        int trials = 0;
        double bestKpps = 0, bestLoss = 0;
        double good = 0, bad = 0;
        string note = "";
        void Keep((double AchievedPps, double Loss) trial)
        {
            if (trial.AchievedPps / 1000 > bestKpps)
                (bestKpps, bestLoss) = (trial.AchievedPps / 1000, trial.Loss);
        }
        // One trial at `rate`: a loss-free one raises `good` (and may be the best), a lossy one lowers `bad`.
        (double AchievedPps, double Loss) Probe(double rate)
        {
            cancel.ThrowIfCancellationRequested();
            var trial = Trial(packetSize, rate);
            trials++;
            if (trial.Loss < LossThreshold)
            {
                good = rate;
                Keep(trial);
            }
            else
            {
                bad = rate;
            }
            return trial;
        }
        for (double rate = StartRate; rate <= MaxRate; rate *= 2)
        {
            var trial = Probe(rate);
            if (trial.Loss >= LossThreshold)
                break;
            if (trial.AchievedPps < rate * 0.85)
            {
                note = GeneratorLimited;
                break;
            }
        }
        // Loss at the first rate already (a blocking store round trip per packet): step down.
        for (double rate = StartRate / 2; good == 0 && rate >= MinRate; rate /= 2)
            Probe(rate);
        // Between the highest loss-free rate and the lowest lossy one.
        for (int i = 0; good > 0 && bad > 0 && i < BisectionSteps; i++)
            Probe(Math.Sqrt(good * bad));
        if (good == 0)
        {
            note = _lastError.Length > 0 ? _lastError : $"loss at {MinRate / 1000:F0} kpps already";
        }
        return new RateRow(config, packetSize, bestKpps, bestLoss * 100, trials, note);
    }

    private (double AchievedPps, double Loss) Trial(int packetSize, double rate)
    {
        long count = Math.Max(1000, (long)(rate * TrialSeconds));
        int frame = Math.Clamp(packetSize, 46, 1500) + 14;
        // 8 flows that keep their ports for the whole trial (FLOWSIZE = LIMIT); the same 8
        // in every trial (fixed seed), so the NAT maps them once.
        string config = string.Create(CultureInfo.InvariantCulture,
            $"src :: FastUDPFlows(RATE {(long)rate}, LIMIT {count}, LENGTH {frame}, SRCETH {Topology.GeneratorMac}, SRCIP {Topology.GeneratorIp}, " +
            $"DSTETH {Topology.GatewayInsideMac}, DSTIP {Topology.SinkIp}, FLOWS 8, FLOWSIZE {count}, CHECKSUM false, STOP true) " +
            $"-> ToDevice({_topology.GeneratorDevice})");
        long tx0 = _topology.ReadCounter(_topology.Generator, _topology.GeneratorDevice, "tx_packets");
        long rx0 = _topology.ReadCounter(_topology.Sink, _topology.SinkDevice, "rx_packets");
        var run = _shell.RunIn(_topology.Generator, TimeSpan.FromSeconds(TrialSeconds * 10 + 10),
            _snfClick, "-e", config, "-h", "src.rate");
        Thread.Sleep(250); // let the gateway's queues drain
        long sent = _topology.ReadCounter(_topology.Generator, _topology.GeneratorDevice, "tx_packets") - tx0;
        long received = _topology.ReadCounter(_topology.Sink, _topology.SinkDevice, "rx_packets") - rx0;
        // With one -h, snf-click prints the handler's value alone on its line.
        var reported = ReportedRate().Match(run.Output);
        if (!run.Succeeded || sent <= 0 || !reported.Success)
        {
            _lastError = $"generator: exit {run.ExitCode}{(run.TimedOut ? " (timed out)" : "")}, {sent} sent: {(run.Error + run.Output).Trim().ReplaceLineEndings(" ")}";
            return (0, 1);
        }
        double achieved = double.Parse(reported.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return (achieved, Math.Max(0, 1 - received / (double)sent));
    }

    [GeneratedRegex(@"(?:^|\n)(?:src\.rate:\s*)?([0-9]+(?:\.[0-9]+)?)\s*(?:\n|$)")]
    private static partial Regex ReportedRate();
}
