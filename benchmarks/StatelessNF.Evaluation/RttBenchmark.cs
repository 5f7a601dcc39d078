// RttBenchmark (Table 3): round-trip time of minimum-size UDP packets through the
// gateway with D-ITG (Debian `d-itg`): ITGRecv in the sink echoes each packet (round-trip
// meter mode), ITGSend in the generator logs both times, ITGDec summarises the log and
// writes it packet by packet, from which the statistics come: mean, median and 99th
// percentile, leaving out records whose send time ITGSend logged torn (one such record
// reads as a round trip of one second and moves a mean of 10,000 packets by 100 µs).
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

    /// <summary>One measurement: RTT statistics in µs and loss percent, or null with the reason.</summary>
    public (RttSummary? Summary, string Error) Run()
    {
        string log = Path.Combine(_folder, $"send-{Environment.TickCount64}.log");
        string packets = log + ".txt";
        var send = _shell.RunIn(_topology.Generator, TimeSpan.FromSeconds(Packets / (double)Rate + 30),
            "ITGSend", "-T", "UDP", "-a", Topology.SinkIp, "-c", Payload.ToString(CultureInfo.InvariantCulture),
            "-C", Rate.ToString(CultureInfo.InvariantCulture), "-z", Packets.ToString(CultureInfo.InvariantCulture),
            "-m", "rttm", "-l", log);
        if (!send.Succeeded || !File.Exists(log))
            return (null, $"ITGSend failed: {(send.TimedOut ? "timed out" : send.Error.Trim().ReplaceLineEndings(" "))}");
        // With -o ITGDec prints no summary, so it decodes the log twice.
        var decode = _shell.Run("ITGDec", new[] { log }, TimeSpan.FromSeconds(60));
        var summary = ParseDecoderOutput(decode.Output);
        if (summary is not null && _shell.Run("ITGDec", new[] { log, "-o", packets }, TimeSpan.FromSeconds(60)).Succeeded && File.Exists(packets))
            summary = WithPacketStatistics(summary, ParsePacketDelays(File.ReadAllText(packets)));
        File.Delete(log);
        File.Delete(packets);
        return summary is null ? (null, "ITGDec printed no summary") : (summary, "");
    }

    /// <summary>
    /// The summary with mean, median, 99th percentile, min and max taken from the packets'
    /// delays (µs), leaving out the records whose send time ITGSend logged torn (see
    /// <see cref="FindTornRecords"/>).
    /// </summary>
    public static RttSummary WithPacketStatistics(RttSummary summary, IReadOnlyList<PacketDelay> delays)
    {
        var torn = FindTornRecords(delays);
        var kept = delays.Where(d => !torn.Contains(d.Sequence)).ToList();
        if (kept.Count == 0)
            return summary;
        var sorted = kept.Select(d => d.DelayUs).Order().ToArray();
        var slow = kept.Where(d => d.DelayUs >= SlowPacketUs).ToList();
        return summary with
        {
            MeanUs = sorted.Average(),
            MedianUs = Percentile(sorted, 0.5),
            P99Us = Percentile(sorted, 0.99),
            MinUs = sorted[0],
            MaxUs = sorted[^1],
            SlowPackets = slow.Count,
            SlowestSequences = string.Join(' ', slow.OrderByDescending(d => d.DelayUs).Take(5).Select(d => d.Sequence.ToString(CultureInfo.InvariantCulture))),
            TornRecords = torn.Count,
            TornSequences = string.Join(' ', torn.Order().Take(5).Select(t => t.ToString(CultureInfo.InvariantCulture))),
        };
    }

    /// <summary>
    /// Sequence numbers of records whose logged send time cannot be right. ITGSend sends in
    /// sequence order, 200 µs apart at 5000 packets/s, so a send time more than half a second
    /// away from the median of its nearest neighbours' (by sequence, up to 20) is torn: in
    /// round-trip mode ITGSend's sender and echo receiver threads race on the logged time
    /// fields, and when an echo comes back just as the next packet leaves across a second
    /// boundary, the record combines one packet's seconds with the next one's microseconds
    /// (the wire and the echo carry the right time). Such a record reads as a round trip one
    /// second too long (or too short). The longer the round trip, the more packets leave
    /// while an echo is in flight, so several records in a row can be torn: the median of
    /// 20 neighbours still finds runs of up to 9.
    /// </summary>
    public static HashSet<long> FindTornRecords(IReadOnlyList<PacketDelay> delays)
    {
        const double Apart = 0.5;
        const int Neighbours = 20;
        var bySequence = delays.OrderBy(d => d.Sequence).ToList();
        var torn = new HashSet<long>();
        int window = Math.Min(Neighbours, bySequence.Count - 1);
        if (window < 4)
            return torn;
        for (int i = 0; i < bySequence.Count; i++)
        {
            int first = Math.Clamp(i - window / 2, 0, bySequence.Count - window - 1);
            var around = Enumerable.Range(first, window + 1).Where(j => j != i).Select(j => bySequence[j].SentSeconds).Order().ToArray();
            double median = around.Length % 2 == 1
                ? around[around.Length / 2]
                : (around[around.Length / 2 - 1] + around[around.Length / 2]) / 2;
            if (Math.Abs(bySequence[i].SentSeconds - median) > Apart)
                torn.Add(bySequence[i].Sequence);
        }
        return torn;
    }

    /// <summary>A round trip of this many µs or more is counted as held up (a timer or timeout, not queueing).</summary>
    public const double SlowPacketUs = 100_000;

    /// <summary>The percentile <paramref name="q"/> (0-1) of sorted values, nearest rank.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
            return double.NaN;
        int rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>
    /// The packets of ITGDec's "-o" file: per line the sequence number, the send time and the
    /// time the echo came back (each as hours, minutes, seconds) and the size. Malformed lines
    /// are skipped; a return after midnight wraps.
    /// </summary>
    public static List<PacketDelay> ParsePacketDelays(string text)
    {
        var delays = new List<PacketDelay>();
        foreach (string line in text.Split('\n'))
        {
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 7 || !long.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long sequence))
                continue;
            var numbers = new double[6];
            bool ok = true;
            for (int i = 0; i < 6 && ok; i++)
                ok = double.TryParse(f[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]);
            if (!ok)
                continue;
            double sent = numbers[0] * 3600 + numbers[1] * 60 + numbers[2];
            double back = numbers[3] * 3600 + numbers[4] * 60 + numbers[5];
            if (back < sent)
                back += 24 * 3600;
            delays.Add(new PacketDelay(sequence, sent, (back - sent) * 1e6));
        }
        return delays;
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

/// <summary>ITGDec's totals, in µs; median, 99th percentile and the held-up packets once the per-packet log was read.</summary>
public sealed record RttSummary(double MeanUs, double MinUs, double MaxUs, double LossPercent, int Packets)
{
    /// <summary>Median round trip, µs (NaN without the per-packet log).</summary>
    public double MedianUs { get; init; } = double.NaN;
    /// <summary>99th percentile, µs (NaN without the per-packet log).</summary>
    public double P99Us { get; init; } = double.NaN;
    /// <summary>Packets whose round trip took at least <see cref="RttBenchmark.SlowPacketUs"/>.</summary>
    public int SlowPackets { get; init; }
    /// <summary>Sequence numbers of the slowest of those (up to five), space-separated.</summary>
    public string SlowestSequences { get; init; } = "";
    /// <summary>Records left out because ITGSend logged a torn send time.</summary>
    public int TornRecords { get; init; }
    /// <summary>Their sequence numbers (up to five), space-separated.</summary>
    public string TornSequences { get; init; } = "";
}

/// <summary>One packet's round trip; <paramref name="SentSeconds"/> is the logged send time (seconds of the day).</summary>
public sealed record PacketDelay(long Sequence, double SentSeconds, double DelayUs);
