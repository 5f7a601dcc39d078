using BenchmarkDotNet.Attributes;
using StatelessNF.Interop;

namespace StatelessNF.Benchmarks;

/// <summary>A cache hit in front of a real redis-server against the blocking read it
/// saves: the paper's cache mode versus its sync mode for a warm flow.</summary>
[RequiresRedisServer]
public class RedisCacheBenchmarks
{
    private RedisServerProcess _server = null!;
    private StoreClient _client = null!;
    private StoreCache _cache = null!;
    private ulong _table;
    private readonly byte[] _key = "flow:0000000001"u8.ToArray();
    private readonly byte[] _buffer = new byte[256];

    [GlobalSetup]
    public void Setup()
    {
        _server = new RedisServerProcess();
        _server.Start();
        _client = StoreClient.Open(_server.Uri);
        _table = _client.CreateTable("bench");
        _client.Write(_table, _key, new byte[100]);
        _cache = _client.CreateCache(1024);
        _cache.Read(_table, _key, _buffer, out _);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cache.Dispose();
        _client.Dispose();
        _server.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int SyncRead() => _client.Read(_table, _key, _buffer, out _);

    [Benchmark]
    public int CacheHit() => _cache.Read(_table, _key, _buffer, out _);
}
