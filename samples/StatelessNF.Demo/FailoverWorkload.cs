using System.Diagnostics;
using System.Globalization;
using StatelessNF.Interop.Orchestration;

namespace StatelessNF.Demo;

/// <summary>What the failover run saw.</summary>
internal sealed record FailoverResult(int Flows, int MovedFlows, int SameMapping, double GapMilliseconds, bool Verified);

/// <summary>
/// Failover of one in-process instance to another: two NAT instances share an embedded
/// store (cache mode) and split the flows through FlowSteer; one is killed, the other is
/// given its flows and must carry each of them on with the very same external port.
/// </summary>
internal static class FailoverWorkload
{
    private const string Config = @"
        FastUDPFlows(RATE 20000, LIMIT -1, LENGTH 64, SRCETH 2:0:0:0:0:1, SRCIP 10.0.0.2,
                     DSTETH 2:0:0:0:0:2, DSTIP 198.51.100.2, FLOWS $FLOWS, FLOWSIZE 2000000000)
          -> steer :: FlowSteer(BUCKETS 256, OWNED none)
          -> Strip(14)
          -> rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1,
                              MODE cache, STORE ""$STORE"", PORT_SLICE $SLICE)
          -> out :: Counter -> Discard;
        steer[1] -> Discard;
        rw[1] -> Discard;";

    public static FailoverResult Run(int flows)
    {
        using Deployment deployment = Deployment.Create()
            .WithEmbeddedStore()
            .WithConfiguration(Config)
            .WithDefinition("FLOWS", flows.ToString(CultureInfo.InvariantCulture))
            .WithInstances(2, NfInstanceKind.InProcess)
            .WithSteering("steer")
            .Start();
        NfInstance survivor = deployment.Instances[0], victim = deployment.Instances[1];
        if (!WaitUntil(() => RewriterMappings.Read(survivor).Count + RewriterMappings.Read(victim).Count >= flows, TimeSpan.FromSeconds(30)))
            return new FailoverResult(flows, 0, 0, double.NaN, false);

        Dictionary<string, string> before = RewriterMappings.Read(victim);
        var clock = Stopwatch.StartNew();
        deployment.Kill(victim);  // its buckets move to the survivor at once
        bool carried = WaitUntil(() => before.Keys.All(RewriterMappings.Read(survivor).ContainsKey), TimeSpan.FromSeconds(30));
        double gap = clock.Elapsed.TotalMilliseconds;
        Dictionary<string, string> after = RewriterMappings.Read(survivor);
        int same = before.Count(m => after.TryGetValue(m.Key, out string? now) && now == m.Value);
        long failures = long.Parse(survivor.Read("rw.mapping_failures").Trim(), CultureInfo.InvariantCulture);
        return new FailoverResult(flows, before.Count, same, gap, carried && same == before.Count && failures == 0);
    }

    public static void Print(FailoverResult r, TextWriter output)
    {
        output.WriteLine("| flows  | moved to the survivor | same external port | gap until all forwarded | verified");
        output.WriteLine("|--------|-----------------------|--------------------|-------------------------|---------");
        output.WriteLine($"| {r.Flows,6:N0} | {r.MovedFlows,21:N0} | {r.SameMapping,18:N0} | {r.GapMilliseconds,20:0} ms | {(r.Verified ? "yes" : "NO")}");
    }

    private static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
                return true;
            Thread.Sleep(20);
        }
        return condition();
    }
}
