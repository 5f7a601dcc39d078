// The namespaces of tools/netns/topology.sh (inside host, inside server, gateway, outside
// host), brought up with the kernel filter under a prefix of their own and removed on
// Dispose. The KEY=value lines the script prints are kept: they are both the addresses
// the tests use and the input of mazu-nat-config.sh.
using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;

namespace StatelessNF.Gateway.Tests.Support;

public sealed class Topology : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);
    private readonly Dictionary<string, string> _values;
    private bool _disposed;

    private Topology(string prefix, Dictionary<string, string> values, string report)
    {
        Prefix = prefix;
        _values = values;
        Report = report;
    }

    public string Prefix { get; }

    /// <summary>What `topology.sh up` printed.</summary>
    public string Report { get; }

    public string this[string key] => _values.TryGetValue(key, out string? value)
        ? value
        : throw new KeyNotFoundException($"topology.sh printed no {key}");

    public string Inside => this["NS_INSIDE"];
    public string Server => this["NS_SERVER"];
    public string Gateway => this["NS_GATEWAY"];
    public string Outside => this["NS_OUTSIDE"];
    public string InsideIp => this["INSIDE_IP"];
    public string ServerIp => this["SERVER_IP"];
    public string OutsideIp => this["OUTSIDE_IP"];
    public string GatewayInsideIp => this["GW_INSIDE_IP"];
    public string GatewayOutsideIp => this["GW_OUTSIDE_IP"];

    /// <summary>A prefix no other run uses: <paramref name="stem"/> and random hex, 11 characters at most.</summary>
    public static string UniquePrefix(string stem)
    {
        string random = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        string start = stem.Length > 5 ? stem[..5] : stem;
        return start + random;
    }

    /// <summary>Creates the namespaces; removes whatever was made if anything fails.</summary>
    public static Topology Up(string prefix)
    {
        string script = RepositoryPaths.NetnsTool("topology.sh") ?? throw new FileNotFoundException("tools/netns/topology.sh");
        CommandResult up = Command.Run("bash", new[] { script, "up", "--prefix", prefix, "--kernel-filter" }, ScriptTimeout);
        if (!up.Succeeded)
        {
            Command.Run("bash", new[] { script, "down", "--prefix", prefix }, ScriptTimeout);
            throw new InvalidOperationException($"topology.sh up failed: {up}");
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in up.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = line.IndexOf('=');
            if (equals > 0)
                values[line[..equals]] = line[(equals + 1)..];
        }
        var topology = new Topology(prefix, values, up.Output);
        try
        {
            topology.ComputeChecksumsOnHosts();
            topology.KeepTheBridgePlain();
        }
        catch
        {
            topology.Dispose();
            throw;
        }
        return topology;
    }

    // A veth hands its peer packets whose TCP/UDP checksum the sender left for the
    // hardware to fill in; a packet socket (the router's FromDevice) passes such a packet
    // on unfinished, and after the rewrite the receiver finds the checksum wrong. The
    // hosts therefore compute their checksums in software.
    private void ComputeChecksumsOnHosts()
    {
        foreach (var (ns, device) in new[] { (Inside, this["INSIDE_DEV"]), (Server, this["SERVER_DEV"]), (Outside, this["OUTSIDE_DEV"]) })
            Command.MustRunIn(ns, TimeSpan.FromSeconds(10), "ethtool", "-K", device, "tx", "off");
    }

    // With br_netfilter loaded on the machine, the inside bridge would hand IPv4 frames to
    // iptables and drop malformed ones before they reach the gateway; a switch does not.
    private void KeepTheBridgePlain()
    {
        Command.MustRunIn(this["NS_LAN"], TimeSpan.FromSeconds(10), "sh", "-c",
                          "for f in /proc/sys/net/bridge/bridge-nf-call-*; do [ -e \"$f\" ] && echo 0 > \"$f\"; done; true");
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        string? script = RepositoryPaths.NetnsTool("topology.sh");
        if (script is not null)
            Command.Run("bash", new[] { script, "down", "--prefix", Prefix }, ScriptTimeout);
    }
}
