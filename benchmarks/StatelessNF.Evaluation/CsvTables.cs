// CsvTables: the results as CSV files (invariant culture, one header line, "NaN" for a
// configuration that could not be measured).
using System.Globalization;
using System.Text;

namespace StatelessNF.Evaluation;

/// <summary>Renders results as CSV text.</summary>
public static class CsvTables
{
    /// <summary>Table 1.</summary>
    public static string Store(EvaluationResults r) => Render(
        "tool,operation,replicas,mean_latency_us,p99_latency_us,throughput_kops,paper_latency_us",
        r.Store.Select(s => new object?[] { s.Tool, s.Operation, s.Replicas, s.MeanLatencyUs, s.P99LatencyUs, s.ThroughputKops, PaperFigures.StoreLatencyUs(s.Operation, s.Replicas) }));

    /// <summary>Table 2.</summary>
    public static string Throughput(EvaluationResults r) => Render(
        "config,offloads,protocol,mean_mbps,stddev_mbps,iterations,ratio_to_native,paper_mbps,note",
        r.Throughput.Select(t => new object?[]
        {
            t.Config, t.Offloads ? "on" : "off", t.Protocol, t.MeanMbps, t.StdDevMbps, t.Iterations,
            Ratios.ToNative(r.Throughput, t), t.Protocol == "TCP" ? PaperFigures.TcpMbps.GetValueOrDefault(t.Config, double.NaN) : double.NaN, t.Note,
        }));

    /// <summary>Table 3.</summary>
    public static string Rtt(EvaluationResults r) => Render(
        "config,offloads,mean_us,median_us,p99_us,min_us,max_us,loss_percent,packets,slow_packets,torn_records,ratio_to_native,median_ratio_to_native,paper_us,note",
        r.Rtt.Select(t => new object?[]
        {
            t.Config, t.Offloads ? "on" : "off", t.MeanUs, t.MedianUs, t.P99Us, t.MinUs, t.MaxUs, t.LossPercent, t.Packets, t.SlowPackets, t.TornRecords,
            Ratios.ToNative(r.Rtt, t), Ratios.MedianToNative(r.Rtt, t), PaperFigures.RttUs.GetValueOrDefault(t.Config, double.NaN), t.Note,
        }));

    /// <summary>Figure 3.</summary>
    public static string Rates(EvaluationResults r) => Render(
        "config,packet_size,max_kpps,loss_percent_at_max,trials,ratio_to_native,note",
        r.Rates.Select(t => new object?[] { t.Config, t.PacketSize, t.MaxKpps, t.LossPercentAtMax, t.Trials, Ratios.ToNative(r.Rates, t), t.Note }));

    private static string Render(string header, IEnumerable<object?[]> rows)
    {
        var text = new StringBuilder();
        text.Append(header).Append('\n');
        foreach (var row in rows)
            text.Append(string.Join(',', row.Select(Field))).Append('\n');
        return text.ToString();
    }

    private static string Field(object? value) => value switch
    {
        null => "",
        double d when double.IsNaN(d) => "NaN",
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        string s when s.IndexOfAny(new[] { ',', '"', '\n' }) >= 0 => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>Ratios between configurations measured under the same conditions.</summary>
public static class Ratios
{
    /// <summary>A throughput relative to native's with the same protocol and offloads.</summary>
    public static double ToNative(IReadOnlyList<ThroughputRow> rows, ThroughputRow row) =>
        Divide(row.MeanMbps, rows.FirstOrDefault(r => r.Config == Configurations.Native && r.Offloads == row.Offloads && r.Protocol == row.Protocol)?.MeanMbps);

    /// <summary>An RTT relative to native's with the same offloads.</summary>
    public static double ToNative(IReadOnlyList<RttRow> rows, RttRow row) =>
        Divide(row.MeanUs, rows.FirstOrDefault(r => r.Config == Configurations.Native && r.Offloads == row.Offloads)?.MeanUs);

    /// <summary>A median RTT relative to native's with the same offloads.</summary>
    public static double MedianToNative(IReadOnlyList<RttRow> rows, RttRow row) =>
        Divide(row.MedianUs, rows.FirstOrDefault(r => r.Config == Configurations.Native && r.Offloads == row.Offloads)?.MedianUs);

    /// <summary>A packet rate relative to native's at the same size.</summary>
    public static double ToNative(IReadOnlyList<RateRow> rows, RateRow row) =>
        Divide(row.MaxKpps, rows.FirstOrDefault(r => r.Config == Configurations.Native && r.PacketSize == row.PacketSize)?.MaxKpps);

    /// <summary>a / b, NaN when either is missing or b is 0.</summary>
    public static double Divide(double a, double? b) =>
        b is double d && d != 0 && !double.IsNaN(d) && !double.IsNaN(a) ? a / d : double.NaN;
}
