// GatewayRouter: snf-click as the NAT in the gateway namespace. The configuration keeps
// the rewriting path of Click's mazu-nat.click (Ethernet classification, Strip,
// CheckIPHeader, one IPRewriter with a pattern input for the inside and a drop input for
// the outside, whose replies match the mappings the inside created) and replaces its ARP
// machinery by static encapsulation: the topology's Ethernet addresses are fixed, and the
// gateway's kernel still answers ARP for its addresses (the kernel filter lets ARP pass).
using System.Globalization;

namespace StatelessNF.Evaluation;

/// <summary>Where the NAT keeps its flow state.</summary>
public enum NatMode
{
    /// <summary>Local hash table (Click's IPRewriter).</summary>
    Native,
    /// <summary>LRU cache in front of the store, write-through.</summary>
    Cache,
    /// <summary>Store requests pipelined, packets parked until answered.</summary>
    Async,
    /// <summary>Blocking store request per packet.</summary>
    Sync,
}

/// <summary>A running snf-click NAT.</summary>
public sealed class GatewayRouter : IDisposable
{
    private readonly BackgroundProcess _process;

    private GatewayRouter(BackgroundProcess process, string config)
    {
        _process = process;
        Config = config;
    }

    /// <summary>The configuration it runs.</summary>
    public string Config { get; }

    /// <summary>What snf-click printed on standard error so far.</summary>
    public string Errors => _process.Error;

    /// <summary>The configuration for a mode; <paramref name="storeUri"/> is ignored for native.</summary>
    public static string BuildConfig(Topology topology, NatMode mode, string storeUri, string table)
    {
        string keywords = mode == NatMode.Native
            ? ""
            : $", MODE {mode.ToString().ToLowerInvariant()}, STORE \"{storeUri}\", TABLE {table}";
        return string.Join('\n', new[]
        {
            $"// NAT of the evaluation: {topology.GatewayInsideDevice} (inside) <-> {topology.GatewayOutsideDevice} (outside), mode {mode.ToString().ToLowerInvariant()}",
            $"rw :: IPRewriter(pattern {Topology.GatewayOutsideIp} 1024-65535 - - 0 1, drop{keywords});",
            $"FromDevice({topology.GatewayInsideDevice}, BURST 32) -> in_cl :: Classifier(12/0800, -);",
            $"FromDevice({topology.GatewayOutsideDevice}, BURST 32) -> out_cl :: Classifier(12/0800, -);",
            "in_cl[0] -> Strip(14) -> CheckIPHeader -> [0]rw;",
            "out_cl[0] -> Strip(14) -> CheckIPHeader -> [1]rw;",
            "in_cl[1] -> Discard;",
            "out_cl[1] -> Discard;",
            $"rw[0] -> DecIPTTL -> EtherEncap(0x0800, {Topology.GatewayOutsideMac}, {Topology.SinkMac}) -> Queue(4096) -> ToDevice({topology.GatewayOutsideDevice}, BURST 32);",
            $"rw[1] -> DecIPTTL -> EtherEncap(0x0800, {Topology.GatewayInsideMac}, {Topology.GeneratorMac}) -> Queue(4096) -> ToDevice({topology.GatewayInsideDevice}, BURST 32);",
            "",
        });
    }

    /// <summary>Starts snf-click in the gateway namespace and checks that it stays up.</summary>
    public static GatewayRouter Start(Shell shell, Topology topology, string snfClick, string config)
    {
        var process = shell.Start(topology.Gateway, snfClick, "-e", config);
        var router = new GatewayRouter(process, config);
        // Give it time to open its packet sockets; a configuration error ends it at once.
        if (process.WaitForExit(TimeSpan.FromMilliseconds(700)))
        {
            string errors = process.Error.Trim();
            router.Dispose();
            throw new EvaluationException($"snf-click exited at start: {errors}");
        }
        return router;
    }

    /// <summary>Whether it is still running.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <inheritdoc />
    public void Dispose()
    {
        _process.Stop(TimeSpan.FromSeconds(3));
        _process.Dispose();
    }

    /// <summary>A table name unique to one configuration run.</summary>
    public static string TableName(NatMode mode, bool offloads) =>
        string.Create(CultureInfo.InvariantCulture, $"eval_{mode.ToString().ToLowerInvariant()}_{(offloads ? "on" : "off")}_{Environment.TickCount64 % 100000}");
}
