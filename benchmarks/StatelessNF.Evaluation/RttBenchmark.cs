// RttBenchmark (Table 3): round-trip time of minimum-size UDP packets through the
// gateway with D-ITG (Debian `d-itg`): ITGRecv in the sink echoes each packet (round-trip
// meter mode), ITGSend in the generator logs both times, ITGDec summarises the log.
using System.Globalization;
using System.Text.RegularExpressions;

namespace StatelessNF.Evaluation;

/// <summary>Measures round-trip times with D-ITG.</summary>
public sealed partial class RttBenchmark : IDisposable
{
    // The smallest payload D-ITG's round-trip mode carries (its sequence number and timestamps).
    private const int Payload = 16;
    private readonly Shell _shell;
    private readonly Topology _topology;
    private readonly BackgroundProcess _receiver;
    private readonly string _folder;

    /// <summary>Starts ITGRecv in the sink namespace.</summary>
    public RttBenchmark(Shell shell, Topology topology)
    {
        _shell = shell;
        _topology = topology;
        _folder = Directory.CreateTempSubdirectory("snf-eval-itg-").FullName;
        _receiver = shell.Start(topology.Sink, "ITGRecv");
        Thread.Sleep(300);
    }

    /// <summary>Packets per measurement.</summary>
    public int Packets { get; init; } = 10000;

    /// <summary>Packets per second.</summary>
    public int Rate { get; init; } = 5000;

    /// <summary>One measurement: mean, min, max RTT in µs and loss percent, or null with the reason.</summary>
    public (RttSummary? Summary, string Error) Run()
    {
        string log = Path.Combine(_folder, $"send-{Environment.TickCount64}.log");
        var send = _shell.RunIn(_topology.Generator, TimeSpan.FromSeconds(Packets / (double)Rate + 30),
            "ITGSend", "-T", "UDP", "-a", Topology.SinkIp, "-c", Payload.ToString(CultureInfo.InvariantCulture),
            "-C", Rate.ToString(CultureInfo.InvariantCulture), "-z", Packets.ToString(CultureInfo.InvariantCulture),
            "-m", "rttm", "-l", log);
        if (!send.Succeeded || !File.Exists(log))
            return (null, $"ITGSend failed: {(send.TimedOut ? "timed out" : send.Error.Trim().ReplaceLineEndings(" "))}");
        var decode = _shell.Run("ITGDec", new[] { log }, TimeSpan.FromSeconds(60));
        File.Delete(log);
        var summary = ParseDecoderOutput(decode.Output);
        return summary is null ? (null, "ITGDec printed no summary") : (summary, "");
    }

    /// <summary>The totals of ITGDec's output (its last summary block).</summary>
    public static RttSummary? ParseDecoderOutput(string output)
    {
        double? Last(string name)
        {
            var matches = Regex.Matches(output, $@"{Regex.Escape(name)}\s*=\s*([0-9.eE+-]+)");
            return matches.Count == 0 ? null
                : double.Parse(matches[^1].Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        double? mean = Last("Average delay"), min = Last("Minimum delay"), max = Last("Maximum delay"), packets = Last("Total packets");
        var dropped = DroppedPattern().Matches(output);
        double loss = dropped.Count == 0 ? 0 : double.Parse(dropped[^1].Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (mean is null || min is null || max is null || packets is null)
            return null;
        return new RttSummary(mean.Value * 1e6, min.Value * 1e6, max.Value * 1e6, loss, (int)packets.Value);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _receiver.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex(@"Packets dropped\s*=\s*\d+\s*\(([0-9.]+)\s*%\)")]
    private static partial Regex DroppedPattern();
}

/// <summary>ITGDec's totals, in µs.</summary>
public sealed record RttSummary(double MeanUs, double MinUs, double MaxUs, double LossPercent, int Packets);
