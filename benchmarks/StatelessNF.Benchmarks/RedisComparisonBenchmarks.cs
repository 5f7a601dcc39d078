using BenchmarkDotNet.Attributes;
using StackExchange.Redis;
using StatelessNF.Interop;

namespace StatelessNF.Benchmarks;

/// <summary>The client against StackExchange.Redis on the same redis-server, in the same
/// process and run: each category's baseline is StackExchange.Redis doing the same work,
/// so the Ratio column is ours / theirs (below 1 is faster).</summary>
[CategoriesColumn]
[RequiresRedisServer]
public class RedisComparisonBenchmarks
{
    private const int Pipelined = 1000;
    private static readonly byte[] Value = new byte[100];

    private RedisServerProcess _server = null!;
    private StoreClient _client = null!;
    private ConnectionMultiplexer _multiplexer = null!;
    private IDatabase _database = null!;
    private ulong _table;
    private byte[] _snfKey = null!;
    private RedisKey _redisKey;
    private readonly byte[] _buffer = new byte[256];
    private readonly Task<StoreValue>[] _snfReads = new Task<StoreValue>[Pipelined];
    private readonly Task<RedisValue>[] _redisReads = new Task<RedisValue>[Pipelined];

    [GlobalSetup]
    public void Setup()
    {
        _server = new RedisServerProcess();
        _server.Start();
        _client = StoreClient.Open(_server.Uri);
        _table = _client.CreateTable("bench");
        _snfKey = "flow:0000000001"u8.ToArray();
        _client.Write(_table, _snfKey, Value);
        _multiplexer = ConnectionMultiplexer.Connect($"127.0.0.1:{_server.Port}");
        _database = _multiplexer.GetDatabase();
        _redisKey = "se:flow:0000000001";
        _database.StringSet(_redisKey, Value);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _multiplexer.Dispose();
        _client.Dispose();
        _server.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("sync read 100 B")]
    public RedisValue StackExchangeRead() => _database.StringGet(_redisKey);

    [Benchmark, BenchmarkCategory("sync read 100 B")]
    public int SnfRead() => _client.Read(_table, _snfKey, _buffer, out _);

    [Benchmark(Baseline = true), BenchmarkCategory("sync write 100 B")]
    public bool StackExchangeWrite() => _database.StringSet(_redisKey, Value);

    [Benchmark, BenchmarkCategory("sync write 100 B")]
    public ulong SnfWrite() => _client.Write(_table, _snfKey, Value);

    [Benchmark(Baseline = true, OperationsPerInvoke = Pipelined), BenchmarkCategory("async pipelined read")]
    public async Task StackExchangeReadPipelined()
    {
        for (var i = 0; i < Pipelined; i++) _redisReads[i] = _database.StringGetAsync(_redisKey);
        await Task.WhenAll(_redisReads);
    }

    [Benchmark(OperationsPerInvoke = Pipelined), BenchmarkCategory("async pipelined read")]
    public async Task SnfReadPipelined()
    {
        for (var i = 0; i < Pipelined; i++) _snfReads[i] = _client.ReadAsync(_table, _snfKey);
        await Task.WhenAll(_snfReads);
    }
}
