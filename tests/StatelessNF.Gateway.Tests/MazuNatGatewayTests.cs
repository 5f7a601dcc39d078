// mazu-nat.click on real interfaces, once per place the rewriters keep their mappings:
// native (Click's own tables) and sync, async and cache (a redis-server in the gateway
// namespace). Each fixture brings up its own topology, runs the shared configuration with
// only its AddressInfo addresses set (plus MODE and STORE for the stateless modes) in the
// gateway namespace, and checks the gateway's documented behaviour with real packets
// between the inside host, the inside server and the outside host.
using System;
using System.Globalization;
using System.Linq;
using NUnit.Framework;
using StatelessNF.Gateway.Tests.Support;

namespace StatelessNF.Gateway.Tests;

[TestFixture("native")]
[TestFixture("sync")]
[TestFixture("async")]
[TestFixture("cache")]
[NonParallelizable]
public sealed class MazuNatGatewayTests
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(10);
    private readonly string _mode;
    private Topology? _topology;
    private NamespaceRedis? _redis;
    private GatewayRouter? _gateway;

    public MazuNatGatewayTests(string mode) => _mode = mode;

    private Topology Net => _topology!;
    private GatewayRouter Gateway => _gateway!;

    [OneTimeSetUp]
    public void StartGateway()
    {
        Requirements.RequireNamespaces();
        if (_mode != "native")
            Requirements.RequireProgram("redis-server", "redis-server");
        try
        {
            _topology = Topology.Up(Topology.UniquePrefix("gw" + _mode[..2]));
            string? store = null;
            if (_mode != "native")
            {
                _redis = NamespaceRedis.Start(Net.Gateway);
                store = _redis.Uri;
            }
            _gateway = GatewayRouter.Start(Net.Gateway, MazuNatConfig.Generate(Net, new MazuNatOptions(_mode, store)));
        }
        catch
        {
            StopGateway();
            throw;
        }
    }

    // Also called by a failed OneTimeSetUp; each part is released once.
    [OneTimeTearDown]
    public void StopGateway()
    {
        try
        {
            _gateway?.Dispose();
            _gateway = null;
        }
        finally
        {
            try
            {
                _redis?.Dispose();
                _redis = null;
            }
            finally
            {
                _topology?.Dispose();
                _topology = null;
            }
        }
    }

    // The fixture started the file with only AddressInfo (and MODE/STORE) changed; the
    // copy differs from the shared file in nothing else (MazuNatConfigToolTests).
    [Test]
    public void RunsTheConfigurationWithOnlyItsAddressesSet()
    {
        Assert.That(Gateway.Read("rw.mode"), Is.EqualTo(_mode));
        Assert.That(Gateway.Read("tcp_rw.mode"), Is.EqualTo(_mode));
        Assert.That(Gateway.Elements(), Does.Contain("extern_dev/from").And.Contain("intern_dev/to").And.Contain("intern_arpq"));
    }

    [Test]
    public void InsideTcpLeavesFromTheExternalAddressAndTheReplyReturns()
    {
        using BackgroundProcess server = Serve(Net.Outside, "tcp", "0.0.0.0", 7000);
        string reply = Ask(Net.Inside, "tcp", Net.OutsideIp, 7000, "tcp-out");
        var (peerIp, peerPort) = Peer(reply);
        Assert.That(peerIp, Is.EqualTo(Net.GatewayOutsideIp), "the outside host sees the gateway's external address");
        Assert.That(peerPort, Is.InRange(50000, 65535), "to_world_pat's ports");
        Assert.That(reply, Does.EndWith("tcp-out"));
    }

    [Test]
    public void InsideUdpLeavesFromTheExternalAddressAndTheReplyReturns()
    {
        using BackgroundProcess server = Serve(Net.Outside, "udp", "0.0.0.0", 7001);
        string reply = Ask(Net.Inside, "udp", Net.OutsideIp, 7001, "udp-out");
        var (peerIp, peerPort) = Peer(reply);
        Assert.That(peerIp, Is.EqualTo(Net.GatewayOutsideIp));
        Assert.That(peerPort, Is.InRange(50000, 65535));
        Assert.That(reply, Does.EndWith("udp-out"));
    }

    [TestCase(22, TestName = "{m}(ssh)")]
    [TestCase(80, TestName = "{m}(http)")]
    [TestCase(443, TestName = "{m}(https)")]
    public void OutsideServiceConnectionsAreRedirectedToTheInsideServer(int port)
    {
        using BackgroundProcess server = Serve(Net.Server, "tcp", "0.0.0.0", port);
        string reply = Ask(Net.Outside, "tcp", Net.GatewayOutsideIp, port, "to-server");
        string[] fields = reply.Split(' ');
        Assert.That(fields[1], Is.EqualTo($"{Net.ServerIp}:{port}"), "the inside server accepted the connection");
        var (peerIp, peerPort) = Peer(reply);
        Assert.That(peerIp, Is.EqualTo(Net.GatewayInsideIp), "to_server_pat rewrites the source to the gateway's inside address");
        Assert.That(peerPort, Is.InRange(50000, 65535));
    }

    [Test]
    public void OtherOutsideTcpAndUdpReachTheGatewayHostStack()
    {
        long toHost = Gateway.Sum("ToHost", "count");
        using (BackgroundProcess udp = Serve(Net.Gateway, "udp", Net.GatewayOutsideIp, 9000))
        {
            string reply = Ask(Net.Outside, "udp", Net.GatewayOutsideIp, 9000, "to-host");
            Assert.That(Peer(reply).Ip, Is.EqualTo(Net.OutsideIp), "the gateway's own stack answered, unrewritten");
        }
        using (BackgroundProcess tcp = Serve(Net.Gateway, "tcp", Net.GatewayOutsideIp, 9001))
        {
            string reply = Ask(Net.Outside, "tcp", Net.GatewayOutsideIp, 9001, "to-host");
            Assert.That(Peer(reply).Ip, Is.EqualTo(Net.OutsideIp));
        }
        Assert.That(Gateway.Sum("ToHost", "count"), Is.GreaterThan(toHost), "delivered through ToHost");
    }

    [Test]
    public void OutsideTrafficThatIsNeitherTcpNorUdpIsDropped()
    {
        long discarded = Gateway.Sum("Discard", "count");
        CommandResult ping = Command.RunIn(Net.Outside, Short, "ping", "-c", "2", "-i", "0.2", "-W", "1", Net.GatewayOutsideIp);
        Assert.That(ping.ExitCode, Is.Not.Zero, "mazu-nat passes no ICMP from outside");
        Assert.That(Gateway.Sum("Discard", "count") - discarded, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public void InsidePingToTheGatewayIsAnsweredByItsHostStack()
    {
        long toHost = Gateway.Sum("ToHost", "count");
        CommandResult ping = Command.RunIn(Net.Inside, Short, "ping", "-c", "1", "-W", "2", Net.GatewayInsideIp);
        Assert.That(ping.Succeeded, Is.True, ping.ToString());
        Assert.That(Gateway.Sum("ToHost", "count"), Is.GreaterThan(toHost));
    }

    [TestCase("passive")]
    [TestCase("active")]
    public void FtpFromInsideWorksThroughThePortMapper(string dataMode)
    {
        const int size = 200_000;
        string mapper = Gateway.Anonymous("FTPPortMapper").Single();
        long rewrites = Gateway.Count($"{mapper}.rewrites");
        using BackgroundProcess server = BackgroundProcess.StartIn(Net.Outside, "python3", RepositoryPaths.NetProbe, "ftp-serve", "0.0.0.0", "21",
                                                                  size.ToString(CultureInfo.InvariantCulture), "--timeout", "15");
        server.WaitForLine(l => l == "ready", Short);
        string output = Command.MustRunIn(Net.Inside, TimeSpan.FromSeconds(20), "python3", RepositoryPaths.NetProbe, "ftp-get",
                                          Net.OutsideIp, "21", size.ToString(CultureInfo.InvariantCulture), dataMode);
        Assert.That(output.Trim(), Is.EqualTo($"ok {size}"));
        Assert.That(server.WaitForLine(l => l.StartsWith("sent ", StringComparison.Ordinal), Short),
                    Is.EqualTo($"sent {size} to {Net.GatewayOutsideIp}"), "the server saw only the external address");
        long expected = dataMode == "active" ? 1 : 0;
        Assert.That(Gateway.Count($"{mapper}.rewrites") - rewrites, Is.EqualTo(expected), "PORT commands rewritten");
    }

    [Test]
    public void ArpQueriesAreAnsweredAndInsideNeighboursResolved()
    {
        string responder = Gateway.Anonymous("ARPResponder").Single(e => Gateway.Read($"{e}.table").Contains(Net.GatewayInsideIp, StringComparison.Ordinal));
        long answered = Gateway.Count($"{responder}.count");
        Command.MustRunIn(Net.Inside, Short, "ip", "neigh", "flush", "dev", Net["INSIDE_DEV"]);
        CommandResult ping = Command.RunIn(Net.Inside, Short, "ping", "-c", "1", "-W", "2", Net.GatewayInsideIp);
        Assert.That(ping.Succeeded, Is.True, ping.ToString());
        Assert.That(Gateway.Count($"{responder}.count"), Is.GreaterThan(answered), "the router's ARPResponder answered");
        string neighbour = Command.MustRunIn(Net.Inside, Short, "ip", "neigh", "show", Net.GatewayInsideIp);
        Assert.That(neighbour, Does.Contain(Net["GW_INSIDE_MAC"]).IgnoreCase);

        // Outside too (the ping itself is dropped: mazu-nat passes no ICMP from outside).
        string outer = Gateway.Anonymous("ARPResponder").Single(e => e != responder);
        long outerAnswered = Gateway.Count($"{outer}.count");
        Command.MustRunIn(Net.Outside, Short, "ip", "neigh", "flush", "dev", Net["OUTSIDE_DEV"]);
        Command.RunIn(Net.Outside, Short, "ping", "-c", "1", "-W", "1", Net.GatewayOutsideIp);
        Assert.That(Gateway.Count($"{outer}.count"), Is.GreaterThan(outerAnswered), "the outside ARPResponder answered");
        Assert.That(Command.MustRunIn(Net.Outside, Short, "ip", "neigh", "show", Net.GatewayOutsideIp),
                    Does.Contain(Net["GW_OUTSIDE_MAC"]).IgnoreCase);

        // The gateway forgets the inside host, then must ask for it to deliver a reply.
        Gateway.Write("intern_arpq.delete", Net.InsideIp);
        long queries = Gateway.Count("intern_arpq.queries");
        using BackgroundProcess server = Serve(Net.Outside, "udp", "0.0.0.0", 7002);
        Ask(Net.Inside, "udp", Net.OutsideIp, 7002, "arp");
        Assert.That(Gateway.Count("intern_arpq.queries"), Is.GreaterThan(queries), "ARPQuerier queried the inside host");
        Assert.That(Gateway.Read("intern_arpq.table"), Does.Contain(Net.InsideIp).And.Contain(Net["INSIDE_MAC"]).IgnoreCase);
    }

    [Test]
    public void BulkTcpTransferDeliversEveryByte()
    {
        Requirements.RequireProgram("iperf", "iperf");
        const long bytes = 16L * 1024 * 1024;
        using BackgroundProcess server = BackgroundProcess.StartIn(Net.Outside, "iperf", "-s", "-p", "5001", "-y", "C");
        System.Threading.Thread.Sleep(300); // iperf 2 prints nothing when it starts listening
        CommandResult client = Command.RunIn(Net.Inside, TimeSpan.FromSeconds(60), "iperf", "-c", Net.OutsideIp, "-p", "5001", "-n", "16M", "-y", "C");
        Assert.That(client.Succeeded, Is.True, client.ToString());
        string report = server.WaitForLine(l => l.Count(c => c == ',') >= 8, TimeSpan.FromSeconds(10));
        string[] fields = report.Split(',');
        Assert.Multiple(() =>
        {
            Assert.That(fields[1], Is.EqualTo(Net.GatewayOutsideIp), "the transfer came from the external address");
            Assert.That(long.Parse(fields[7], CultureInfo.InvariantCulture), Is.EqualTo(bytes), "bytes the outside host received");
        });
        TestContext.Out.WriteLine($"{_mode}: {double.Parse(fields[8], CultureInfo.InvariantCulture) / 1e6:F0} Mbit/s");
    }

    [Test]
    public void MalformedFramesAndPacketsAreDroppedAndCounted()
    {
        long headerDrops = Gateway.Sum("CheckIPHeader", "drops");
        long discarded = Gateway.Sum("Discard", "count");
        string ethernet = Hex(Net["GW_INSIDE_MAC"]) + Hex(Net["INSIDE_MAC"]);
        byte[] header = IpHeader(Net.InsideIp, Net.OutsideIp);
        string valid = Convert.ToHexString(header);
        header[11] ^= 0xff; // breaks the checksum
        string badChecksum = Convert.ToHexString(header);
        string[] frames =
        {
            ethernet + "0800" + valid[..16],              // IP header cut after 8 bytes
            ethernet + "0800" + badChecksum,              // wrong header checksum
            ethernet + "0800" + "65" + valid[2..],        // version 6 in an IPv4 frame
            ethernet + "88b5" + "00112233445566778899",   // an EtherType the gateway does not handle
        };
        Command.MustRunIn(Net.Inside, Short, "python3", new[] { RepositoryPaths.NetProbe, "frames", Net["INSIDE_DEV"] }.Concat(frames).ToArray());
        string fromOutside = Hex(Net["GW_OUTSIDE_MAC"]) + Hex(Net["OUTSIDE_MAC"]) + "0800" +
                             Convert.ToHexString(IpHeader(Net.OutsideIp, Net.GatewayOutsideIp))[..30];
        Command.MustRunIn(Net.Outside, Short, "python3", RepositoryPaths.NetProbe, "frames", Net["OUTSIDE_DEV"], fromOutside);
        Assert.That(Polling.Until(() => Gateway.Sum("CheckIPHeader", "drops") - headerDrops >= 4, TimeSpan.FromSeconds(5)), Is.True,
                    $"CheckIPHeader drops went from {headerDrops} to {Gateway.Sum("CheckIPHeader", "drops")}");
        Assert.That(Gateway.Sum("Discard", "count") - discarded, Is.GreaterThanOrEqualTo(1), "the unknown EtherType was discarded");

        // The gateway still forwards after them.
        using BackgroundProcess server = Serve(Net.Outside, "udp", "0.0.0.0", 7003);
        Assert.That(Peer(Ask(Net.Inside, "udp", Net.OutsideIp, 7003, "after")).Ip, Is.EqualTo(Net.GatewayOutsideIp));
    }

    private static BackgroundProcess Serve(string ns, string protocol, string address, int port)
    {
        var server = BackgroundProcess.StartIn(ns, "python3", RepositoryPaths.NetProbe, "serve", protocol, address,
                                               port.ToString(CultureInfo.InvariantCulture), "--timeout", "15");
        try
        {
            server.WaitForLine(l => l == "ready", Short);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    private static string Ask(string ns, string protocol, string host, int port, string message) =>
        Command.MustRunIn(ns, Short, "python3", RepositoryPaths.NetProbe, "ask", protocol, host,
                          port.ToString(CultureInfo.InvariantCulture), message, "--timeout", "5").Trim();

    // "PEER_IP:PEER_PORT LOCAL_IP:LOCAL_PORT DATA" from netprobe's servers.
    private static (string Ip, int Port) Peer(string reply)
    {
        string peer = reply.Split(' ')[0];
        int colon = peer.LastIndexOf(':');
        return (peer[..colon], int.Parse(peer[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    private static string Hex(string mac) => mac.Replace(":", "", StringComparison.Ordinal);

    // A 20-byte UDP-protocol IPv4 header with a correct checksum and no payload.
    private static byte[] IpHeader(string source, string destination)
    {
        byte[] header = new byte[20];
        header[0] = 0x45;
        header[3] = 20;
        header[8] = 64;
        header[9] = 17;
        System.Net.IPAddress.Parse(source).GetAddressBytes().CopyTo(header, 12);
        System.Net.IPAddress.Parse(destination).GetAddressBytes().CopyTo(header, 16);
        uint sum = 0;
        for (int i = 0; i < 20; i += 2)
            sum += (uint)(header[i] << 8 | header[i + 1]);
        while (sum > 0xffff)
            sum = (sum & 0xffff) + (sum >> 16);
        ushort checksum = (ushort)~sum;
        header[10] = (byte)(checksum >> 8);
        header[11] = (byte)checksum;
        return header;
    }
}
