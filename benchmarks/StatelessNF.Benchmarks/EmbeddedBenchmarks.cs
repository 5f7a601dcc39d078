using BenchmarkDotNet.Attributes;
using StatelessNF.Interop;

namespace StatelessNF.Benchmarks;

/// <summary>The client's own costs with no network: the embedded store in every access
/// mode, and a cache hit, which is what a warm flow costs a stateless NF in cache mode.
/// The baseline is a Dictionary lookup, the native (stateful) table.</summary>
[CategoriesColumn]
public class EmbeddedBenchmarks
{
    private const int Pipelined = 1000;
    private static readonly byte[] Value = new byte[100];

    private StoreClient _client = null!;
    private StoreCache _cache = null!;
    private ulong _table;
    private readonly byte[] _key = "flow:0000000001"u8.ToArray();
    private readonly byte[] _buffer = new byte[256];
    private readonly Dictionary<long, byte[]> _native = new();
    private readonly Task<StoreValue>[] _reads = new Task<StoreValue>[Pipelined];

    [GlobalSetup]
    public void Setup()
    {
        _client = StoreClient.Open("embedded:bench");
        _table = _client.CreateTable("bench");
        _client.Write(_table, _key, Value);
        _cache = _client.CreateCache(1024);
        _cache.Read(_table, _key, _buffer, out _);   // warm the entry
        _native[1] = Value;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cache.Dispose();
        _client.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("lookup")]
    public int NativeDictionary() => _native.TryGetValue(1, out var v) ? v.Length : 0;

    [Benchmark, BenchmarkCategory("lookup")]
    public int CacheHit() => _cache.Read(_table, _key, _buffer, out _);

    [Benchmark, BenchmarkCategory("lookup")]
    public int SyncRead() => _client.Read(_table, _key, _buffer, out _);

    [Benchmark, BenchmarkCategory("lookup")]
    public ulong SyncWrite() => _client.Write(_table, _key, Value);

    [Benchmark(OperationsPerInvoke = Pipelined), BenchmarkCategory("lookup")]
    public async Task AsyncReadPipelined()
    {
        for (var i = 0; i < Pipelined; i++) _reads[i] = _client.ReadAsync(_table, _key);
        await Task.WhenAll(_reads);
    }
}
