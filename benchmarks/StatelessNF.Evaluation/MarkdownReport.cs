// MarkdownReport: report.md — the four results beside the paper's figures, each with
// the ratio to native (ours and the paper's) and native's ratio to the kernel's NAT.
using System.Globalization;
using System.Text;

namespace StatelessNF.Evaluation;

/// <summary>Renders results as the Markdown report.</summary>
public static class MarkdownReport
{
    /// <summary>The report text; <paramref name="plots"/> are the PNG file names written beside it.</summary>
    public static string Render(EvaluationResults r, IReadOnlyList<string> plots)
    {
        var md = new StringBuilder();
        md.AppendLine("# StatelessNF evaluation");
        md.AppendLine();
        md.AppendLine("Reproduces Tables 1-3 and Figure 3 of *Stateless Network Functions* (Kablan et al.) on network");
        md.AppendLine("namespaces of this machine: generator -> gateway (NAT) -> sink over veth pairs. \"native\" is snf-click's");
        md.AppendLine("IPRewriter with local state; cache, async and sync keep the flow state in a Redis master whose writes");
        md.AppendLine("wait for one replica; kernel-nat is nftables masquerade; forwarding is Linux routing without NAT.");
        md.AppendLine("Paper figures: HotMiddlebox 2015 prototype (Click + RAMCloud, 1 GbE). Ratios are to native under the");
        md.AppendLine("same conditions (same protocol, same offload state).");
        md.AppendLine();
        foreach (var (key, value) in r.Facts)
            md.AppendLine($"- {key}: {value}");
        md.AppendLine();

        md.AppendLine("## Table 1: store latency and throughput (100-byte objects)");
        md.AppendLine();
        md.AppendLine("| tool | operation | replicas waited for | mean latency (µs) | p99 (µs) | throughput (kops/s) | paper RAMCloud latency (µs) |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var s in r.Store)
            md.AppendLine($"| {s.Tool} | {s.Operation} | {s.Replicas} | {N(s.MeanLatencyUs, 1)} | {N(s.P99LatencyUs, 1)} | {N(s.ThroughputKops, 1)} | {N(PaperFigures.StoreLatencyUs(s.Operation, s.Replicas) ?? double.NaN, 1)} |");
        md.AppendLine();
        md.AppendLine("Latency: one request at a time. Throughput: 32 requests in flight (the client's asynchronous calls;");
        md.AppendLine("redis-benchmark with 32 connections). redis-benchmark cannot wait for replicas, so it measures the master alone.");
        md.AppendLine();

        md.AppendLine("## Table 2: iperf throughput through the NAT (10 connections, 1500-byte packets)");
        md.AppendLine();
        var offloadStates = r.Throughput.Select(t => t.Offloads).Distinct().OrderBy(o => o).ToList();
        var head = new StringBuilder("| configuration |");
        var rule = new StringBuilder("|---|");
        foreach (string protocol in new[] { "TCP", "UDP" })
            foreach (bool o in offloadStates)
            {
                head.Append($" {protocol}, offloads {(o ? "on" : "off")} (Mbit/s) | ratio |");
                rule.Append("---:|---:|");
            }
        head.Append(" paper TCP (Mbit/s) | paper ratio |");
        rule.Append("---:|---:|");
        md.AppendLine(head.ToString());
        md.AppendLine(rule.ToString());
        foreach (string config in ConfigsIn(r.Throughput.Select(t => t.Config)))
        {
            var line = new StringBuilder($"| {config} |");
            foreach (string protocol in new[] { "TCP", "UDP" })
                foreach (bool o in offloadStates)
                {
                    var row = r.Throughput.FirstOrDefault(t => t.Config == config && t.Protocol == protocol && t.Offloads == o);
                    line.Append(row is null ? " | |" : $" {N(row.MeanMbps, 1)}{(row.StdDevMbps > 0 ? " ± " + N(row.StdDevMbps, 1) : "")} | {N(Ratios.ToNative(r.Throughput, row), 2)} |");
                }
            double paper = PaperFigures.TcpMbps.GetValueOrDefault(config, double.NaN);
            line.Append($" {N(paper, 1)} | {N(Ratios.Divide(paper, PaperFigures.TcpMbps[Configurations.Native]), 2)} |");
            md.AppendLine(line.ToString());
        }
        md.AppendLine();
        md.AppendLine("TCP: the iperf client's total. UDP: 10 x 200 Mbit/s offered; the rate of IP packets reaching the sink's interface.");
        md.AppendLine();
        md.AppendLine(KernelLine(offloadStates, o => new[] { "TCP", "UDP" }.Select(p =>
            (p, Ratios.Divide(Find(r.Throughput, Configurations.Native, p, o), Find(r.Throughput, Configurations.KernelNat, p, o))))));
        md.AppendLine();

        md.AppendLine("## Table 3: round-trip time (D-ITG, minimum-size UDP packets)");
        md.AppendLine();
        var rttStates = r.Rtt.Select(t => t.Offloads).Distinct().OrderBy(o => o).ToList();
        head.Clear().Append("| configuration |");
        rule.Clear().Append("|---|");
        foreach (bool o in rttStates)
        {
            head.Append($" mean RTT, offloads {(o ? "on" : "off")} (µs) | median (µs) | p99 (µs) | min-max (µs) | loss (%) | ratio | median ratio |");
            rule.Append("---:|---:|---:|---:|---:|---:|---:|");
        }
        head.Append(" paper RTT (µs) | paper ratio |");
        rule.Append("---:|---:|");
        md.AppendLine(head.ToString());
        md.AppendLine(rule.ToString());
        foreach (string config in ConfigsIn(r.Rtt.Select(t => t.Config)))
        {
            var line = new StringBuilder($"| {config} |");
            foreach (bool o in rttStates)
            {
                var row = r.Rtt.FirstOrDefault(t => t.Config == config && t.Offloads == o);
                line.Append(row is null ? " | | | | | | |" : $" {N(row.MeanUs, 0)} | {N(row.MedianUs, 0)} | {N(row.P99Us, 0)} | {N(row.MinUs, 0)}-{N(row.MaxUs, 0)} | {N(row.LossPercent, 2)} | {N(Ratios.ToNative(r.Rtt, row), 2)} | {N(Ratios.MedianToNative(r.Rtt, row), 2)} |");
            }
            double paper = PaperFigures.RttUs.GetValueOrDefault(config, double.NaN);
            line.Append($" {N(paper, 0)} | {N(Ratios.Divide(paper, PaperFigures.RttUs[Configurations.Native]), 2)} |");
            md.AppendLine(line.ToString());
        }
        md.AppendLine();
        md.AppendLine("Mean, median and p99 of every packet's round trip (ITGDec's per-packet log); ratio: mean to native's, median ratio: median to native's. " +
            "Records whose send time ITGSend logged torn are left out: in round-trip mode its sender and echo receiver threads race on the logged time, and " +
            "when an echo returns just as the next packet leaves across a second boundary, the record joins one packet's seconds to the next one's " +
            "microseconds and reads as a round trip one second off (the packet itself, on the wire, was not delayed).");
        var tornRows = r.Rtt.Where(t => t.TornRecords > 0).ToList();
        if (tornRows.Count > 0)
            md.AppendLine("Torn records left out: " + string.Join("; ", tornRows.Select(t =>
                $"{t.Config} offloads {(t.Offloads ? "on" : "off")} {t.TornRecords}")) + ".");
        var heldUp = r.Rtt.Where(t => t.SlowPackets > 0).ToList();
        if (heldUp.Count > 0)
            md.AppendLine("Packets held up 100 ms or more: " + string.Join("; ", heldUp.Select(t =>
                $"{t.Config} offloads {(t.Offloads ? "on" : "off")} {t.SlowPackets}")) + ".");
        md.AppendLine();
        md.AppendLine(KernelLine(rttStates, o => new[] { ("RTT", Ratios.Divide(
            r.Rtt.FirstOrDefault(t => t.Config == Configurations.Native && t.Offloads == o)?.MeanUs ?? double.NaN,
            r.Rtt.FirstOrDefault(t => t.Config == Configurations.KernelNat && t.Offloads == o)?.MeanUs)) }));
        md.AppendLine();

        md.AppendLine($"## Figure 3: highest UDP packet rate without loss (< {PacketRateBenchmark.LossThreshold * 100} %), offloads off");
        md.AppendLine();
        var sizes = r.Rates.Select(t => t.PacketSize).Distinct().OrderBy(s => s).ToList();
        md.AppendLine("| configuration |" + string.Concat(sizes.Select(s => $" {s} B (kpps) | ratio |")));
        md.AppendLine("|---|" + string.Concat(sizes.Select(_ => "---:|---:|")));
        foreach (string config in ConfigsIn(r.Rates.Select(t => t.Config)))
        {
            var line = new StringBuilder($"| {config} |");
            foreach (int size in sizes)
            {
                var row = r.Rates.FirstOrDefault(t => t.Config == config && t.PacketSize == size);
                line.Append(row is null ? " | |" : $" {RateCell(row)} | {N(Ratios.ToNative(r.Rates, row), 2)} |");
            }
            md.AppendLine(line.ToString());
        }
        md.AppendLine();
        md.AppendLine("Sizes are IP packet lengths (the Ethernet frame adds 14 bytes). * the generator (sharing the two cores with the");
        md.AppendLine("gateway and the sink) could not send faster without loss appearing, so the gateway's limit is at least this.");
        md.AppendLine(KernelLine(new[] { false }, _ => sizes.Select(s => ($"{s} B", Ratios.Divide(
            r.Rates.FirstOrDefault(t => t.Config == Configurations.Native && t.PacketSize == s)?.MaxKpps ?? double.NaN,
            r.Rates.FirstOrDefault(t => t.Config == Configurations.KernelNat && t.PacketSize == s)?.MaxKpps)))));
        md.AppendLine();
        foreach (string plot in plots)
            md.AppendLine($"![{Path.GetFileNameWithoutExtension(plot)}]({plot})");
        if (plots.Count > 0)
            md.AppendLine();

        if (r.Notes.Count > 0)
        {
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (string note in r.Notes)
                md.AppendLine($"- {note}");
            md.AppendLine();
        }
        md.AppendLine("Offloads: \"on\" leaves TSO/GSO/GRO on along the path; for snf-click the end hosts compute their own");
        md.AppendLine("checksums (a packet socket forwards frames as they are, so a checksum left to the NIC would arrive");
        md.AppendLine("unfinished: tx checksum offload off, which also turns TSO off there) and no interface before the gateway's");
        md.AppendLine("packet sockets aggregates (GRO off on the bridge ports and the gateway), which is what a user-level Click");
        md.AppendLine("sees on real NICs. \"off\" turns TSO/GSO/GRO off everywhere: the per-packet comparison. The CSV files");
        md.AppendLine("beside this report hold every number.");
        return md.ToString();
    }

    private static string RateCell(RateRow row) => row.Note switch
    {
        "" => N(row.MaxKpps, 1),
        PacketRateBenchmark.GeneratorLimited => N(row.MaxKpps, 1) + "*",
        _ when row.MaxKpps > 0 => N(row.MaxKpps, 1) + " (see notes)",
        _ => "— (see notes)",
    };

    private static double Find(IEnumerable<ThroughputRow> rows, string config, string protocol, bool offloads) =>
        rows.FirstOrDefault(t => t.Config == config && t.Protocol == protocol && t.Offloads == offloads)?.MeanMbps ?? double.NaN;

    private static string KernelLine(IEnumerable<bool> states, Func<bool, IEnumerable<(string What, double Ratio)>> ratios)
    {
        var parts = states.SelectMany(o => ratios(o).Select(x => $"{x.What} offloads {(o ? "on" : "off")} {N(x.Ratio, 2)}"));
        return "Native / kernel NAT: " + string.Join("; ", parts) + ".";
    }

    private static IEnumerable<string> ConfigsIn(IEnumerable<string> present)
    {
        var set = present.ToHashSet();
        return Configurations.All.Where(set.Contains).Concat(set.Where(c => !Configurations.All.Contains(c)));
    }

    /// <summary>A number for the tables: invariant, fixed decimals, "—" when missing.</summary>
    public static string N(double value, int decimals) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "—" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
