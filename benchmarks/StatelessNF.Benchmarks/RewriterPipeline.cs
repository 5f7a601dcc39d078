using System.Globalization;
using StatelessNF.Interop.Click;

namespace StatelessNF.Benchmarks;

/// <summary>
/// An in-process router that pushes generated UDP flows through Strip(14) and
/// CheckIPHeader, then through an IPRewriter keeping its mappings where MODE says (or
/// straight on, for the baseline), into a Counter. <see cref="Send"/> pushes exactly
/// <see cref="PacketsPerSend"/> packets through it: the source is re-armed through its
/// reset handler and the router runs until the counter has seen every packet, since in
/// async mode packets wait for the store and the rounds they need vary.
/// </summary>
internal sealed class RewriterPipeline : IDisposable
{
    /// <summary>Flows the source cycles through; every packet of a flow has the same ports.</summary>
    public const int Flows = 1024;

    /// <summary>Packets one <see cref="Send"/> pushes through: each flow 8 times.</summary>
    public const int PacketsPerSend = 8192;

    // FastUDPFlows emits at most 32 packets each time its task runs, once per round.
    private const ulong SourceBurst = 32;
    // Rounds between two looks at the counter while parked packets drain.
    private const ulong DrainRounds = 8;
    // A send that needs this many rounds has lost packets: fail rather than spin forever.
    private const ulong MaxRounds = 10_000_000;

    private readonly Router _router;
    private readonly string? _mode;

    private RewriterPipeline(Router router, string? mode)
    {
        _router = router;
        _mode = mode;
    }

    /// <summary>
    /// Builds the pipeline and sends batches until every flow's mapping exists and is
    /// found again, before the first measurement (warm flows).
    /// </summary>
    /// <param name="mode">The IPRewriter's MODE (native, sync, async, cache); null for the pipeline without it.</param>
    /// <param name="store">The store's URI (embedded:NAME or redis://HOST:PORT); ignored without a rewriter.</param>
    public static RewriterPipeline Start(string? mode, string store)
    {
        string config = mode is null ? ForwardingConfig() : RewritingConfig(mode, store);
        var pipeline = new RewriterPipeline(Router.Create(config, mode is null ? "forward.click" : $"rewrite-{mode}.click"), mode);
        try
        {
            pipeline.Send();
            pipeline.CheckWarm();
            return pipeline;
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }
    }

    /// <summary>Pushes <see cref="PacketsPerSend"/> packets through and returns once all left the pipeline.</summary>
    public void Send()
    {
        _router.WriteHandler("out.reset");
        _router.WriteHandler("src.reset");
        ulong rounds = PacketsPerSend / SourceBurst + 1;
        RunRounds(rounds);
        while (ReadCount("out.count") < PacketsPerSend)
        {
            if (rounds >= MaxRounds)
                throw new InvalidOperationException(
                    $"Only {ReadCount("out.count")} of {PacketsPerSend} packets left the pipeline after {rounds} rounds{Losses()}.");
            RunRounds(DrainRounds);
            rounds += DrainRounds;
        }
    }

    public void Dispose() => _router.Dispose();

    private static string ForwardingConfig() => $@"
        src :: {Source()}
          -> Strip(14)
          -> CheckIPHeader
          -> out :: Counter
          -> Discard;";

    private static string RewritingConfig(string mode, string store) => $@"
        src :: {Source()}
          -> Strip(14)
          -> CheckIPHeader
          -> rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1, MODE {mode},
                              STORE ""{store}"", TABLE bench_{mode}, MAX_PARKED 65536)
          -> out :: Counter
          -> Discard;
        rw[1] -> Discard;";

    // No STOP: the source idles once it reaches its limit and the router can run on.
    // FLOWSIZE is out of reach, so a flow never changes ports and stays warm.
    private static string Source() => string.Create(CultureInfo.InvariantCulture,
        $"FastUDPFlows(RATE 0, LIMIT {PacketsPerSend}, LENGTH 64, SRCETH 2:0:0:0:0:1, SRCIP 10.0.0.2, " +
        $"DSTETH 2:0:0:0:0:2, DSTIP 198.51.100.2, FLOWS {Flows}, FLOWSIZE 2000000000)");

    private void RunRounds(ulong rounds)
    {
        if (_router.RunRounds(rounds))
            throw new InvalidOperationException("The router stopped; the pipeline cannot send again.");
    }

    // The first batch maps every flow; a second one must find them all, or the measured
    // batches would be creating mappings instead of looking them up.
    private void CheckWarm()
    {
        if (_mode is null)
            return;
        long mapped = ReadCount("rw.nmappings");
        Send();
        long remapped = ReadCount("rw.nmappings");
        if (mapped != Flows || remapped != mapped || ReadCount("rw.mapping_failures") != 0)
            throw new InvalidOperationException(
                $"The {Flows} flows did not stay mapped: rw.nmappings {mapped} after the first batch, {remapped} after the second{Losses()}.");
    }

    // What the rewriter counted against the packets, for the failure messages.
    private string Losses() => _mode switch
    {
        null => "",
        "native" => $" (rw.mapping_failures {ReadCount("rw.mapping_failures")})",
        _ => $" (rw.mapping_failures {ReadCount("rw.mapping_failures")}, rw.store_failures " +
             $"{ReadCount("rw.store_failures")}, rw.parked_drops {ReadCount("rw.parked_drops")})",
    };

    private long ReadCount(string handler) =>
        long.Parse(_router.ReadHandler(handler).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
}
