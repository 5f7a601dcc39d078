// SelfTest (--self-test): checks the report generation from fixed inputs — the parsers of
// the tools' output, the ratios, the CSV files and the Markdown tables — without root,
// namespaces or servers, so CI can run it anywhere. Prints "N passed, M failed".
using System.Globalization;

namespace StatelessNF.Evaluation;

/// <summary>Checks of the report generation.</summary>
public static class SelfTest
{
    /// <summary>Runs every check; returns the process exit code (0 when all passed).</summary>
    public static int Run(TextWriter output)
    {
        int passed = 0, failed = 0;
        void Check(string name, bool condition, string detail = "")
        {
            if (condition)
                passed++;
            else
            {
                failed++;
                output.WriteLine($"FAILED: {name} {detail}");
            }
        }

        // iperf 2 TCP client CSV: the sum line wins; without it the connections add up.
        const string tcpWithSum =
            "20261126160000,10.0.0.2,5000,198.51.100.2,5001,3,0.0-3.0,100000000,266666666\n" +
            "20261126160000,10.0.0.2,5002,198.51.100.2,5001,4,0.0-3.0,100000000,266666666\n" +
            "20261126160000,10.0.0.2,0,198.51.100.2,5001,-1,0.0-3.0,200000000,533333332\n";
        Check("tcp sum line", Near(IperfBenchmark.ParseTcpClientCsv(tcpWithSum), 533.333332));
        Check("tcp without sum line", Near(IperfBenchmark.ParseTcpClientCsv(string.Join('\n', tcpWithSum.Split('\n').Take(2))), 533.333332));
        Check("tcp no output", IperfBenchmark.ParseTcpClientCsv("tcp connect failed: Connection timed out\n") is null);
        Check("udp at the sink interface", Near(IperfBenchmark.UdpMbps(1_514_000, 1000, 2), 6.0));

        const string itgDec =
            "Total packets            =          2000\nMinimum delay            =      0.000029 s\nMaximum delay            =      0.003674 s\n" +
            "Average delay            =      0.000065 s\nPackets dropped          =             0 (0.00 %)\n" +
            "****** TOTAL RESULTS ******\nTotal packets            =          1990\nMinimum delay            =      0.000030 s\n" +
            "Maximum delay            =      0.004000 s\nAverage delay            =      0.000371 s\nPackets dropped          =            10 (0.50 %)\n";
        var rtt = RttBenchmark.ParseDecoderOutput(itgDec);
        Check("itgdec totals", rtt is not null && Math.Abs(rtt.MeanUs - 371) < 1e-6 && rtt.Packets == 1990 && Math.Abs(rtt.LossPercent - 0.5) < 1e-9 && Math.Abs(rtt.MaxUs - 4000) < 1e-6);
        Check("itgdec nothing", RttBenchmark.ParseDecoderOutput("no such file") is null);

        // ITGDec -o: sequence, send time, return time (h m s each), size. Record 442 is torn
        // (its own seconds, 443's microseconds: one second early); 444 is held up for real;
        // the last one wraps at midnight.
        const string itgPackets =
            "    441 19 11 33.999547 19 11 33.999672 20\n    442 19 11 33.000086 19 11 34.000231 20\n" +
            "garbage line\n    443 19 11 34.000086 19 11 34.000256 20\n    444 19 11 34.000354 19 11 34.200354 20\n" +
            "    445 19 11 34.000626 19 11 34.000726 20\n";
        var delays = RttBenchmark.ParsePacketDelays(itgPackets);
        Check("itgdec packets", delays.Count == 5 && Math.Abs(delays[0].DelayUs - 125) < 0.01 && Math.Abs(delays[1].DelayUs - 1_000_145) < 0.01
            && delays[2].Sequence == 443 && Math.Abs(delays[3].DelayUs - 200_000) < 0.01, string.Join(" ", delays));
        var wrapped = RttBenchmark.ParsePacketDelays("      1 23 59 59.999950 0 0 0.000050 20\n");
        Check("itgdec midnight", wrapped.Count == 1 && Math.Abs(wrapped[0].DelayUs - 100) < 0.01, string.Join(" ", wrapped));
        Check("torn records", RttBenchmark.FindTornRecords(delays).SetEquals(new long[] { 442 }), string.Join(" ", RttBenchmark.FindTornRecords(delays)));
        // A slower round trip tears several records in a row: 30 packets 200 µs apart, 10-14
        // logged one second early.
        var run = new System.Text.StringBuilder();
        for (int i = 0; i < 30; i++)
        {
            double sent = 33.997 + i * 0.0002 - (i >= 10 && i <= 14 ? 1 : 0);
            run.Append(CultureInfo.InvariantCulture, $"    {i + 1} 19 11 {sent:F6} 19 11 {33.997 + i * 0.0002 + 0.00014:F6} 20\n");
        }
        var runTorn = RttBenchmark.FindTornRecords(RttBenchmark.ParsePacketDelays(run.ToString()));
        Check("torn records in a row", runTorn.SetEquals(new long[] { 11, 12, 13, 14, 15 }), string.Join(" ", runTorn));
        var withPackets = RttBenchmark.WithPacketStatistics(rtt!, delays);
        Check("itgdec packet statistics", Math.Abs(withPackets.MedianUs - 125) < 0.01 && Math.Abs(withPackets.P99Us - 200_000) < 0.01
            && Math.Abs(withPackets.MeanUs - (125 + 170 + 200_000 + 100) / 4.0) < 0.01 && withPackets.SlowPackets == 1 && withPackets.SlowestSequences == "444"
            && withPackets.TornRecords == 1 && withPackets.TornSequences == "442" && Math.Abs(withPackets.MaxUs - 200_000) < 0.01
            && Math.Abs(withPackets.LossPercent - 0.5) < 1e-9, withPackets.ToString());
        Check("percentile", RttBenchmark.Percentile(Enumerable.Range(1, 100).Select(i => (double)i).ToArray(), 0.99) == 99
            && RttBenchmark.Percentile(new[] { 5.0 }, 0.5) == 5 && double.IsNaN(RttBenchmark.Percentile(Array.Empty<double>(), 0.5)));

        Check("tables list", EvaluationParts.Parse("throughput,rtt", out _) is { } parts && parts.SequenceEqual(new[] { "tcp", "udp", "rtt" }));
        Check("tables unknown", EvaluationParts.Parse("rtt,nope", out string unknown) is null && unknown == "nope");

        var r = Sample();
        var throughputCsv = CsvTables.Throughput(r).Split('\n');
        Check("table 2 csv header", throughputCsv[0] == "config,offloads,protocol,mean_mbps,stddev_mbps,iterations,ratio_to_native,paper_mbps,note");
        Check("table 2 csv native", throughputCsv[1] == "native,off,TCP,900,10,5,1,924.8,", throughputCsv[1]);
        Check("table 2 csv cache ratio", throughputCsv[2] == "cache,off,TCP,855,0,5,0.95,925,", throughputCsv[2]);
        Check("table 2 csv failed row", throughputCsv.Any(l => l == "sync,off,TCP,NaN,NaN,0,NaN,335.2,\"failed, see notes\""), string.Join(" | ", throughputCsv));
        var rttCsv = CsvTables.Rtt(r).Split('\n');
        Check("table 3 csv", rttCsv[2] == "cache,off,110,99,160,80,300,0,10000,1,2,1.1,1.1,317,", rttCsv[2]);
        var rateCsv = CsvTables.Rates(r).Split('\n');
        Check("figure 3 csv", rateCsv.Contains("kernel-nat,64,400,0,9,2,"), string.Join(" | ", rateCsv));
        var storeCsv = CsvTables.Store(r).Split('\n');
        Check("table 1 csv", storeCsv[1] == "client,write,1,60.5,90,30,56.5", storeCsv[1]);

        string md = MarkdownReport.Render(r, new[] { "figure3-packet-rate.png" });
        Check("md table 2 row", md.Contains("| native | 900.0 ± 10.0 | 1.00 | 1000.0 | 1.00 | 900.0 | 1.00 | 950.0 | 1.00 | 924.8 | 1.00 |", StringComparison.Ordinal), Line(md, "| native | 900"));
        Check("md table 2 failed row", md.Contains("| sync | — | — |", StringComparison.Ordinal));
        Check("md kernel ratio", md.Contains("Native / kernel NAT: TCP offloads off 0.75; UDP offloads off 1.00; TCP offloads on 0.50", StringComparison.Ordinal), Line(md, "Native / kernel NAT: TCP"));
        Check("md table 3 row", md.Contains("| cache | 110 | 99 | 160 | 80-300 | 0.00 | 1.10 | 1.10 | 317 | 0.85 |", StringComparison.Ordinal), Line(md, "| cache | 110"));
        Check("md table 3 torn", md.Contains("Torn records left out: cache offloads off 2.", StringComparison.Ordinal), Line(md, "Torn records"));
        Check("md table 3 held up", md.Contains("Packets held up 100 ms or more: cache offloads off 1.", StringComparison.Ordinal), Line(md, "Packets held up"));
        Check("md figure 3 row", md.Contains("| native | 200.0 | 1.00 | 150.0 | 1.00 |", StringComparison.Ordinal), Line(md, "| native | 200"));
        Check("md figure 3 generator mark", md.Contains("| kernel-nat | 400.0 | 2.00 | 300.0* | 2.00 |", StringComparison.Ordinal), Line(md, "| kernel-nat | 400"));
        Check("md notes", md.Contains("- sync failed to start", StringComparison.Ordinal));
        Check("md image", md.Contains("![figure3-packet-rate](figure3-packet-rate.png)", StringComparison.Ordinal));
        Check("numbers invariant", MarkdownReport.N(1234.5, 1) == "1234.5" && MarkdownReport.N(double.NaN, 1) == "—");

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"self-test: {passed} passed, {failed} failed"));
        return failed == 0 ? 0 : 1;
    }

    private static EvaluationResults Sample()
    {
        var r = new EvaluationResults();
        r.Store.Add(new StoreRow("client", "write", 1, 60.5, 90, 30));
        r.Store.Add(new StoreRow("client", "read", 0, 40, 70, 50));
        r.Throughput.Add(new ThroughputRow("native", false, "TCP", 900, 10, 5));
        r.Throughput.Add(new ThroughputRow("cache", false, "TCP", 855, 0, 5));
        r.Throughput.Add(new ThroughputRow("sync", false, "TCP", double.NaN, double.NaN, 0, "failed, see notes"));
        r.Throughput.Add(new ThroughputRow("kernel-nat", false, "TCP", 1200, 0, 5));
        r.Throughput.Add(new ThroughputRow("native", false, "UDP", 900, 0, 5));
        r.Throughput.Add(new ThroughputRow("kernel-nat", false, "UDP", 900, 0, 5));
        r.Throughput.Add(new ThroughputRow("native", true, "TCP", 1000, 0, 5));
        r.Throughput.Add(new ThroughputRow("kernel-nat", true, "TCP", 2000, 0, 5));
        r.Throughput.Add(new ThroughputRow("native", true, "UDP", 950, 0, 5));
        r.Rtt.Add(new RttRow("native", false, 100, 90, 150, 50, 200, 0, 10000));
        r.Rtt.Add(new RttRow("cache", false, 110, 99, 160, 80, 300, 0, 10000, 1, 2));
        r.Rates.Add(new RateRow("native", 64, 200, 0, 9));
        r.Rates.Add(new RateRow("native", 1500, 150, 0, 9));
        r.Rates.Add(new RateRow("kernel-nat", 64, 400, 0, 9));
        r.Rates.Add(new RateRow("kernel-nat", 1500, 300, 0, 9, "generator-limited"));
        r.Notes.Add("sync failed to start");
        return r;
    }

    private static bool Near(double? value, double expected) => value is double v && Math.Abs(v - expected) < 1e-3;

    private static string Line(string text, string start) =>
        text.Split('\n').FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal)) ?? "(no such line)";
}
