// Failover of a stateless mazu-nat on real interfaces: two snf-click processes in the
// gateway namespace run the same configuration with one redis-server as their store.
// Both receive every frame (FromDevice is a sniffer); a FlowSteer on each interface's IP
// path decides which one forwards, and the test, acting as the orchestrator, owns that
// decision. While an iperf transfer from the inside host runs through instance A, A is
// killed with SIGKILL and B is given every flow. The transfer must finish with every
// byte, the outside host must see one external port throughout, and the forwarding gap
// (the longest silence at the outside host around the kill) is reported.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using NUnit.Framework;
using StatelessNF.Gateway.Tests.Support;

namespace StatelessNF.Gateway.Tests;

[TestFixture]
[NonParallelizable]
public sealed class MazuNatFailoverTests
{
    private const long TransferBytes = 24L * 1024 * 1024;
    private static readonly string[] SteerElements = { "steer_intern", "steer_extern" };
    private static readonly Regex CapturedPacket =
        new(@"^(?<time>\d+\.\d+) IP (?<src>\d+\.\d+\.\d+\.\d+)\.(?<port>\d+) > ", RegexOptions.CultureInvariant);

    [TestCase("sync")]
    [TestCase("async")]
    [TestCase("cache")]
    public void TransferSurvivesTheKillOfItsInstance(string mode)
    {
        Requirements.RequireNamespaces();
        Requirements.RequireProgram("redis-server", "redis-server");
        Requirements.RequireProgram("iperf", "iperf");
        Requirements.RequireProgram("tcpdump", "tcpdump");
        var cleanup = new Stack<IDisposable>();
        try
        {
            var net = Topology.Up(Topology.UniquePrefix("fo" + mode[..2]));
            cleanup.Push(net);
            var redis = NamespaceRedis.Start(net.Gateway);
            cleanup.Push(redis);
            GatewayRouter a = StartInstance(net, redis, mode, 0);
            cleanup.Push(a);
            GatewayRouter b = StartInstance(net, redis, mode, 1);
            cleanup.Push(b);
            foreach (string steer in SteerElements)
                a.Write($"{steer}.owned", "all");

            var server = BackgroundProcess.StartIn(net.Outside, "iperf", "-s", "-p", "5001", "-y", "C");
            cleanup.Push(server);
            var capture = BackgroundProcess.StartIn(net.Outside, "tcpdump", "-l", "-n", "-tt", "-q", "-i", net["OUTSIDE_DEV"],
                                                    $"tcp and dst port 5001 and src host {net.GatewayOutsideIp}");
            cleanup.Push(capture);
            capture.WaitForLine(l => l.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            Thread.Sleep(200);

            // Paced, so the transfer is still running when A dies (iperf 2 paces TCP with -b).
            var client = BackgroundProcess.StartIn(net.Inside, "iperf", "-c", net.OutsideIp, "-p", "5001", "-n", "24M", "-b", "80M", "-y", "C");
            cleanup.Push(client);
            Assert.That(Polling.Until(() => capture.Lines.Count(l => CapturedPacket.IsMatch(l)) > 200, TimeSpan.FromSeconds(10)), Is.True,
                        "the transfer started through instance A");

            double killedAt = UnixSeconds();
            var clock = Stopwatch.StartNew();
            // SIGKILL, and the orchestrator reacts at once (a watchdog would add its polling
            // interval); reaping A, which the kernel takes a while over (its TAP and packet
            // rings go away), happens after B owns the flows.
            using (var process = Process.GetProcessById(a.Instance.ProcessId ?? throw new InvalidOperationException("A is not running")))
                process.Kill();
            foreach (string steer in SteerElements)
                b.Write($"{steer}.owned", "all");
            TimeSpan takeover = clock.Elapsed;
            a.Instance.Kill();
            TimeSpan killed = clock.Elapsed;

            Assert.That(client.WaitForExit(TimeSpan.FromSeconds(60)), Is.True, "the transfer finished");
            string report = server.WaitForLine(l => l.Count(c => c == ',') >= 8, TimeSpan.FromSeconds(10));
            string[] fields = report.Split(',');
            Thread.Sleep(200);
            var packets = capture.Lines.Select(l => CapturedPacket.Match(l)).Where(m => m.Success)
                                 .Select(m => (Time: double.Parse(m.Groups["time"].Value, CultureInfo.InvariantCulture),
                                               Port: int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture)))
                                 .ToList();
            var before = packets.Where(p => p.Time < killedAt).ToList();
            var after = packets.Where(p => p.Time >= killedAt).ToList();
            double gap = packets.Zip(packets.Skip(1), (x, y) => (Start: x.Time, Length: y.Time - x.Time))
                                .Where(g => g.Start + g.Length >= killedAt - 0.05)
                                .Select(g => g.Length).DefaultIfEmpty(0).Max();
            TestContext.Out.WriteLine(
                $"{mode}: B owned every flow {takeover.TotalMilliseconds:F1} ms after A's SIGKILL (A reaped at {killed.TotalMilliseconds:F0} ms); " +
                "forwarding gap at the outside host " +
                $"{gap * 1000:F0} ms; B forwarded {b.Count("steer_intern.steered") + b.Count("steer_extern.steered")} packets; " +
                $"{double.Parse(fields[8], CultureInfo.InvariantCulture) / 1e6:F0} Mbit/s overall");

            Assert.Multiple(() =>
            {
                Assert.That(client.ExitCode, Is.Zero, client.Text);
                Assert.That(client.Text, Does.Not.Contain("reset").IgnoreCase.And.Not.Contain("failed").IgnoreCase);
                Assert.That(long.Parse(fields[7], CultureInfo.InvariantCulture), Is.EqualTo(TransferBytes), "bytes the outside host received");
                Assert.That(before, Is.Not.Empty, "packets forwarded by A");
                Assert.That(after, Is.Not.Empty, "packets forwarded by B");
                Assert.That(packets.Select(p => p.Port).Distinct().ToArray(), Has.Length.EqualTo(1),
                            "the outside host saw one external port before and after the failover");
                Assert.That(b.Count("steer_intern.steered"), Is.GreaterThan(0), "B forwarded the inside half after the takeover");
            });
        }
        finally
        {
            while (cleanup.Count > 0)
            {
                try
                {
                    cleanup.Pop().Dispose();
                }
                catch (Exception failure) when (failure is InvalidOperationException or System.IO.IOException)
                {
                    TestContext.Out.WriteLine($"cleanup: {failure.Message}");
                }
            }
        }
    }

    // Instance i: port slice i of 2 (new flows of the two never collide), its own ToHost
    // TAP, no sniffer TAPs (a TAP takes one process), and FlowSteer elements owning nothing
    // until the orchestrator says so.
    private static GatewayRouter StartInstance(Topology net, NamespaceRedis redis, string mode, int index)
    {
        var options = new MazuNatOptions(mode, redis.Uri, PortSlice: $"{index}/2", Steer: true,
                                         HostTap: $"tohost{(char)('a' + index)}", Sniffers: false);
        return GatewayRouter.Start(net.Gateway, MazuNatConfig.Generate(net, options), index);
    }

    private static double UnixSeconds() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
