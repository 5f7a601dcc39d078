// Topology: the namespaces of tools/netns/topology.sh (generator = inside host, gateway,
// sink = outside host) under this evaluation's own prefix, and the switches between the
// gateway's roles: plain Linux forwarding, the kernel's NAT (nftables masquerade), or
// forwarding off with the kernel kept off the interfaces so snf-click owns them. Also
// turns the veth offloads (TSO/GSO/GRO) on or off on every interface of the path.
namespace StatelessNF.Evaluation;

/// <summary>What forwards packets in the gateway namespace.</summary>
public enum GatewayRole
{
    /// <summary>The Linux kernel routes (ip_forward=1), no translation.</summary>
    KernelForwarding,
    /// <summary>The Linux kernel routes and masquerades (nftables).</summary>
    KernelNat,
    /// <summary>snf-click forwards; the kernel's forwarding is off and its ingress filtered.</summary>
    Router,
}

/// <summary>The generator / gateway / sink namespaces.</summary>
public sealed class Topology : IDisposable
{
    /// <summary>Namespace and interface prefix (the topology script allows at most 11 characters).</summary>
    public const string Prefix = "snfeval";
    private const string NatTable = "snfeval_nat";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    private readonly Shell _shell;
    private readonly string _script;
    private bool _up;

    /// <summary>Creates the description; <see cref="Up"/> builds it.</summary>
    public Topology(Shell shell, string script)
    {
        _shell = shell;
        _script = script;
    }

    /// <summary>Namespace of the traffic generator (iperf/ITGSend/trafgen client).</summary>
    public string Generator => $"{Prefix}-in";
    /// <summary>Namespace of the gateway (NAT).</summary>
    public string Gateway => $"{Prefix}-gw";
    /// <summary>Namespace of the sink (servers, receivers).</summary>
    public string Sink => $"{Prefix}-out";
    /// <summary>Namespace of the inside bridge.</summary>
    public string Lan => $"{Prefix}-lan";

    /// <summary>The generator's interface.</summary>
    public string GeneratorDevice => $"{Prefix}-hi";
    /// <summary>The sink's interface.</summary>
    public string SinkDevice => $"{Prefix}-ho";
    /// <summary>The gateway's inside interface.</summary>
    public string GatewayInsideDevice => $"{Prefix}-gi";
    /// <summary>The gateway's outside interface.</summary>
    public string GatewayOutsideDevice => $"{Prefix}-go";

    /// <summary>Addresses fixed by the topology script.</summary>
    public const string GeneratorIp = "10.0.0.2", GatewayInsideIp = "10.0.0.1", GatewayOutsideIp = "198.51.100.1", SinkIp = "198.51.100.2";
    /// <summary>Ethernet addresses fixed by the topology script.</summary>
    public const string GeneratorMac = "02:00:0a:00:00:02", GatewayInsideMac = "02:00:0a:00:00:01",
        GatewayOutsideMac = "02:00:c6:33:64:01", SinkMac = "02:00:c6:33:64:02";

    /// <summary>The role set last.</summary>
    public GatewayRole? Role { get; private set; }

    /// <summary>Builds the namespaces (removing leftovers of an earlier run first).</summary>
    public void Up()
    {
        _up = true;
        _shell.Check("bash", new[] { _script, "up", "--prefix", Prefix }, TimeSpan.FromSeconds(60));
        // The sink answers stray UDP with port-unreachable messages that would load the
        // gateway's return path during rate tests; the paper's sink simply counted.
        _shell.CheckIn(Sink, CommandTimeout, "sysctl", "-qw", "net.ipv4.icmp_ratelimit=1000000", "net.ipv4.icmp_msgs_per_sec=1");
    }

    /// <summary>Puts the gateway namespace into a role.</summary>
    public void SetRole(GatewayRole role)
    {
        _shell.RunIn(Gateway, CommandTimeout, "nft", "delete", "table", "ip", NatTable);
        _shell.Check("bash", new[] { _script, "kernel-filter", role == GatewayRole.Router ? "on" : "off", "--prefix", Prefix }, CommandTimeout);
        _shell.CheckIn(Gateway, CommandTimeout, "sysctl", "-qw", $"net.ipv4.ip_forward={(role == GatewayRole.Router ? 0 : 1)}");
        if (role == GatewayRole.KernelNat)
        {
            string rules =
                $"table ip {NatTable} {{\n" +
                "  chain postrouting {\n" +
                "    type nat hook postrouting priority srcnat; policy accept;\n" +
                $"    oifname \"{GatewayOutsideDevice}\" masquerade\n" +
                "  }\n" +
                "}\n";
            _shell.Check("ip", new[] { "netns", "exec", Gateway, "nft", "-f", "-" }, CommandTimeout, rules);
        }
        Role = role;
    }

    /// <summary>Turns TSO, GSO and GRO on or off on every interface between generator and sink.</summary>
    /// <param name="on">The offload state.</param>
    /// <param name="userLevelRouter">Whether snf-click forwards: a packet socket needs whole frames with
    /// finished checksums, so the end hosts compute their checksums (tx checksum offload off, which
    /// also turns TSO off there) and no interface before the gateway's sockets aggregates (GRO off on the bridge ports and the
    /// gateway's interfaces), as on a
    /// user-level Click with real NICs. The kernel's configurations keep the veth defaults.</param>
    public void SetOffloads(bool on, bool userLevelRouter)
    {
        string state = on ? "on" : "off";
        foreach (var (ns, dev) in PathInterfaces())
        {
            bool endHost = dev == GeneratorDevice || dev == SinkDevice;
            // Every interface a frame crosses before the gateway's packet sockets.
            bool beforeRouter = !endHost;
            var args = new List<string> { "ethtool", "-K", dev };
            if (endHost)
                args.AddRange(new[] { "tx", userLevelRouter ? "off" : "on" });
            args.AddRange(new[] { "tso", state, "gso", state, "gro", userLevelRouter && beforeRouter ? "off" : state });
            // ethtool exits with 1 when a feature stays fixed (TSO without tx checksums); the rest applies.
            _shell.RunIn(ns, CommandTimeout, args.ToArray());
        }
    }

    /// <summary>A counter of an interface (rx_packets, tx_packets, ...).</summary>
    public long ReadCounter(string ns, string device, string counter)
    {
        string text = _shell.CheckIn(ns, CommandTimeout, "cat", $"/sys/class/net/{device}/statistics/{counter}");
        return long.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Checks that the sink answers a ping from the generator through the gateway.</summary>
    public bool Reachable()
    {
        var result = _shell.RunIn(Generator, TimeSpan.FromSeconds(10), "ping", "-c", "2", "-i", "0.2", "-W", "1", SinkIp);
        return result.Succeeded;
    }

    /// <summary>Removes the namespaces.</summary>
    public void Down()
    {
        if (!_up)
            return;
        _shell.Run("bash", new[] { _script, "down", "--prefix", Prefix }, TimeSpan.FromSeconds(60));
        _up = false;
    }

    /// <inheritdoc />
    public void Dispose() => Down();

    private IEnumerable<(string Ns, string Dev)> PathInterfaces()
    {
        yield return (Generator, GeneratorDevice);
        yield return (Lan, $"{Prefix}-bh");
        yield return (Lan, $"{Prefix}-bg");
        yield return (Gateway, GatewayInsideDevice);
        yield return (Gateway, GatewayOutsideDevice);
        yield return (Sink, SinkDevice);
    }
}
