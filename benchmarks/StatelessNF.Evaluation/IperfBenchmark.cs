// IperfBenchmark (Table 2): TCP and UDP throughput from the generator to the sink through
// the gateway with iperf 2 (Debian `iperf`, as in the paper): 10 parallel connections,
// full-size (1500-byte) packets, several iterations averaged. TCP: the client's sum of
// its connections. UDP: what reached the sink (its interface's received bytes at the IP
// level over the test's duration), since a UDP sender's own rate says nothing about what
// arrived.
using System.Globalization;

namespace StatelessNF.Evaluation;

/// <summary>Runs iperf servers in the sink and clients in the generator.</summary>
public sealed class IperfBenchmark : IDisposable
{
    private const int TcpPort = 5001, UdpPort = 5002;
    private const int UdpPayload = 1472; // 1500-byte IP packets
    private readonly Shell _shell;
    private readonly Topology _topology;
    private readonly BackgroundProcess _tcpServer, _udpServer;

    /// <summary>Starts the servers in the sink namespace.</summary>
    public IperfBenchmark(Shell shell, Topology topology)
    {
        _shell = shell;
        _topology = topology;
        _tcpServer = shell.Start(topology.Sink, "iperf", "-s", "-p", TcpPort.ToString(CultureInfo.InvariantCulture), "-y", "C");
        _udpServer = shell.Start(topology.Sink, "iperf", "-s", "-u", "-p", UdpPort.ToString(CultureInfo.InvariantCulture), "-y", "C", "-l", UdpPayload.ToString(CultureInfo.InvariantCulture));
        Thread.Sleep(300);
    }

    /// <summary>Parallel connections.</summary>
    public int Connections { get; init; } = 10;

    /// <summary>Seconds per iteration.</summary>
    public int Seconds { get; init; } = 3;

    /// <summary>TCP congestion control of the senders (iperf -Z); null for the machine's default.</summary>
    public string? CongestionControl { get; init; }

    /// <summary>UDP rate offered per connection, Mbit/s.</summary>
    public int UdpOfferedMbpsPerConnection { get; init; } = 200;

    /// <summary>One TCP iteration: Mbit/s, or null with the reason.</summary>
    public (double? Mbps, string Error) RunTcp()
    {
        var command = new List<string>
        {
            "iperf", "-c", Topology.SinkIp, "-p", TcpPort.ToString(CultureInfo.InvariantCulture),
            "-P", Connections.ToString(CultureInfo.InvariantCulture), "-t", Seconds.ToString(CultureInfo.InvariantCulture),
            "-M", "1460", "-y", "C",
        };
        if (CongestionControl is not null)
            command.AddRange(new[] { "-Z", CongestionControl });
        var result = _shell.RunIn(_topology.Generator, TimeSpan.FromSeconds(Seconds + 20), command.ToArray());
        double? mbps = ParseTcpClientCsv(result.Output);
        return mbps is null ? (null, Describe(result)) : (mbps, "");
    }

    /// <summary>One UDP iteration: Mbit/s of IP packets that reached the sink's interface, or null with the reason.</summary>
    public (double? Mbps, string Error) RunUdp()
    {
        // The server's own reports are not used: a connection whose last datagram is lost
        // (as under overload) reports late or never. The sink interface's counters see
        // every packet the gateway delivered.
        long bytes0 = _topology.ReadCounter(_topology.Sink, _topology.SinkDevice, "rx_bytes");
        long packets0 = _topology.ReadCounter(_topology.Sink, _topology.SinkDevice, "rx_packets");
        var result = _shell.RunIn(_topology.Generator, TimeSpan.FromSeconds(Seconds + 20),
            "iperf", "-c", Topology.SinkIp, "-u", "-p", UdpPort.ToString(CultureInfo.InvariantCulture),
            "-P", Connections.ToString(CultureInfo.InvariantCulture), "-t", Seconds.ToString(CultureInfo.InvariantCulture),
            "-b", $"{UdpOfferedMbpsPerConnection}M", "-l", UdpPayload.ToString(CultureInfo.InvariantCulture), "-y", "C");
        Thread.Sleep(300); // the gateway's queues drain
        long bytes = _topology.ReadCounter(_topology.Sink, _topology.SinkDevice, "rx_bytes") - bytes0;
        long packets = _topology.ReadCounter(_topology.Sink, _topology.SinkDevice, "rx_packets") - packets0;
        double? sent = ParseTcpClientCsv(result.Output); // the client's CSV has the same layout
        if (sent is null)
            return (null, Describe(result));
        return (UdpMbps(bytes, packets, Seconds), "");
    }

    /// <summary>IP-level Mbit/s from an interface's received bytes and frames over a duration.</summary>
    public static double UdpMbps(long frameBytes, long frames, double seconds) =>
        Math.Max(0, frameBytes - 14 * frames) * 8 / seconds / 1e6;

    /// <summary>The total of an iperf 2 TCP client's CSV output (its sum line, or the sum of its connections), Mbit/s.</summary>
    public static double? ParseTcpClientCsv(string output)
    {
        double? sumLine = null;
        double connections = 0;
        int count = 0;
        foreach (var fields in CsvLines(output).Select(l => l.Split(',')))
        {
            // timestamp,src,sport,dst,dport,id,interval,bytes,bits_per_second
            if (fields.Length < 9 || !double.TryParse(fields[8], NumberStyles.Float, CultureInfo.InvariantCulture, out double bps))
                continue;
            if (fields[5] == "-1")
                sumLine = bps;
            else
            {
                connections += bps;
                count++;
            }
        }
        if (sumLine is double s)
            return s / 1e6;
        return count > 0 ? connections / 1e6 : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _tcpServer.Dispose();
        _udpServer.Dispose();
    }

    private static List<string> CsvLines(string output) =>
        output.Split('\n').Select(l => l.Trim()).Where(l => l.Count(c => c == ',') >= 8).ToList();

    private static string Describe(CommandResult result)
    {
        string text = (result.Error + " " + result.Output).Trim().ReplaceLineEndings(" ");
        if (text.Length > 160)
            text = text[..160];
        return result.TimedOut ? $"iperf timed out {text}" : $"iperf: {text}";
    }
}
