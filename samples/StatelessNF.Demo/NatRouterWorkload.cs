using System.Diagnostics;
using System.Globalization;
using StatelessNF.Interop.Click;

namespace StatelessNF.Demo;

/// <summary>One mode's run of the stateless NAT router.</summary>
internal sealed record NatResult(string Mode, long Packets, long Mappings, double Seconds, bool Verified, string Note)
{
    public double PacketsPerSecond => Packets / Seconds;
    public double MicrosecondsPerPacket => Seconds * 1e6 / Packets;
}

/// <summary>
/// The stateless NAT itself: an in-process router pushes generated UDP flows through
/// CheckIPHeader and an IPRewriter whose mappings live where MODE says (Click's own table,
/// or the store in sync, async or cache mode), and checks that every packet was translated.
/// </summary>
internal static class NatRouterWorkload
{
    public static NatResult Run(string mode, DemoOptions options)
    {
        long packets = (long)options.Flows * options.PacketsPerFlow;
        // A fresh table per mode, so no mode finds another's mappings.
        string store = options.StoreUri.StartsWith("embedded", StringComparison.Ordinal)
            ? $"embedded:demo-{mode}"
            : options.StoreUri;
        string config = string.Create(CultureInfo.InvariantCulture, $@"
            FastUDPFlows(RATE 0, LIMIT {packets}, LENGTH 64, SRCETH 2:0:0:0:0:1, SRCIP 10.0.0.2,
                         DSTETH 2:0:0:0:0:2, DSTIP 198.51.100.2, FLOWS {options.Flows},
                         FLOWSIZE 2000000000, STOP true)
              -> Strip(14)
              -> CheckIPHeader
              -> rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1, MODE {mode},
                                  STORE ""{store}"", TABLE demo_{mode}, MAX_PARKED 65536)
              -> out :: Counter -> Discard;
            rw[1] -> Discard;");
        using Router router = Router.Create(config, $"nat-{mode}.click");
        var clock = Stopwatch.StartNew();
        router.Run();
        double seconds = clock.Elapsed.TotalSeconds;
        long forwarded = long.Parse(router.ReadHandler("out.count").Trim(), CultureInfo.InvariantCulture);
        long failures = long.Parse(router.ReadHandler("rw.mapping_failures").Trim(), CultureInfo.InvariantCulture);
        long mappings = long.Parse(router.ReadHandler("rw.nmappings").Trim(), CultureInfo.InvariantCulture);
        string note = mode == "native" ? "Click's local table" : $"state in {store}";
        return new NatResult(mode, forwarded, mappings, seconds, forwarded == packets && failures == 0, note);
    }

    public static void Print(IReadOnlyList<NatResult> results, TextWriter output)
    {
        var native = results.FirstOrDefault(r => r.Mode == "native");
        output.WriteLine("| mode   | packets   | µs/packet | packets/s    | vs native | all translated | notes");
        output.WriteLine("|--------|-----------|-----------|--------------|-----------|----------------|------");
        foreach (var r in results)
        {
            string ratio = native is null ? "" : $"{r.PacketsPerSecond / native.PacketsPerSecond:0.000}";
            output.WriteLine($"| {r.Mode,-6} | {r.Packets,9:N0} | {r.MicrosecondsPerPacket,9:0.000} | {r.PacketsPerSecond,12:N0} " +
                             $"| {ratio,9} | {(r.Verified ? "yes" : "NO"),-14} | {r.Note}");
        }
    }
}
