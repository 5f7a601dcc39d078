using BenchmarkDotNet.Attributes;

namespace StatelessNF.Benchmarks;

/// <summary>
/// The stateless NAT in process, per packet: generated UDP flows through Strip(14),
/// CheckIPHeader and an IPRewriter whose mappings live where Mode says, on the embedded
/// store, against the same pipeline without the rewriter. Every flow is mapped in the
/// setup, so this is the cost of a warm flow; the Ratio column is the pipeline with the
/// rewriter over the pipeline without it.
/// </summary>
[CategoriesColumn, BenchmarkCategory("rewriter, embedded store")]
public class RewriterBenchmarks
{
    private RewriterPipeline _pipeline = null!;

    [Params("native", "sync", "async", "cache")]
    public string Mode { get; set; } = "native";

    [GlobalSetup(Target = nameof(Forward))]
    public void SetupForward() => _pipeline = RewriterPipeline.Start(mode: null, store: "");

    // One embedded store per mode, so no mode finds another's mappings.
    [GlobalSetup(Target = nameof(Rewrite))]
    public void SetupRewrite() => _pipeline = RewriterPipeline.Start(Mode, $"embedded:bench-rewriter-{Mode}");

    [GlobalCleanup]
    public void Cleanup() => _pipeline?.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = RewriterPipeline.PacketsPerSend)]
    public void Forward() => _pipeline.Send();

    [Benchmark(OperationsPerInvoke = RewriterPipeline.PacketsPerSend)]
    public void Rewrite() => _pipeline.Send();
}
