// A redis-server inside the gateway's network namespace, listening on that namespace's
// loopback: the routers in the namespace reach it at redis://127.0.0.1:6379, and the
// namespace's own loopback keeps it apart from every other run.
using System;
using StatelessNF.Interop.Orchestration;

namespace StatelessNF.Gateway.Tests.Support;

public sealed class NamespaceRedis : StoreTier
{
    private const int Port = 6379;
    private readonly BackgroundProcess _server;

    private NamespaceRedis(string ns, BackgroundProcess server)
    {
        Namespace = ns;
        _server = server;
    }

    public string Namespace { get; }

    /// <inheritdoc />
    public override string Uri => $"redis://127.0.0.1:{Port}";

    /// <inheritdoc />
    public override bool IsSharedAcrossProcesses => true;

    /// <summary>Starts redis-server in <paramref name="ns"/> and waits until it answers.</summary>
    public static NamespaceRedis Start(string ns)
    {
        var server = BackgroundProcess.StartIn(ns, "redis-server", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                                              "--bind", "127.0.0.1", "--save", "", "--appendonly", "no");
        try
        {
            server.WaitForLine(line => line.Contains("Ready to accept connections", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return new NamespaceRedis(ns, server);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _server.Dispose();
        base.Dispose(disposing);
    }
}
