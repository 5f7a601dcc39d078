using BenchmarkDotNet.Attributes;
using StatelessNF.Interop;

namespace StatelessNF.Benchmarks;

/// <summary>
/// The stateless NAT of <see cref="RewriterBenchmarks"/> with its mappings in a real
/// redis-server on loopback, started by the setup. Native mode is left out: it never
/// touches the store, so RewriterBenchmarks measures it already.
/// </summary>
[CategoriesColumn, BenchmarkCategory("rewriter, redis-server")]
[RequiresRedisServer]
public class RedisRewriterBenchmarks
{
    private RedisServerProcess? _server;
    private RewriterPipeline _pipeline = null!;

    [Params("sync", "async", "cache")]
    public string Mode { get; set; } = "sync";

    [GlobalSetup(Target = nameof(Forward))]
    public void SetupForward() => _pipeline = RewriterPipeline.Start(mode: null, store: "");

    [GlobalSetup(Target = nameof(Rewrite))]
    public void SetupRewrite()
    {
        _server = new RedisServerProcess();
        _server.Start();
        try
        {
            _pipeline = RewriterPipeline.Start(Mode, _server.Uri);
        }
        catch
        {
            // A failed setup ends the benchmark's process: leave no server behind it.
            _server.Dispose();
            throw;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipeline?.Dispose();
        _server?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RewriterPipeline.PacketsPerSend)]
    public void Forward() => _pipeline.Send();

    [Benchmark(OperationsPerInvoke = RewriterPipeline.PacketsPerSend)]
    public void Rewrite() => _pipeline.Send();
}
