using System.Buffers.Binary;
using System.Diagnostics;
using StatelessNF.Interop;

namespace StatelessNF.Demo;

/// <summary>What one mode did: how many lookups, how long, and whether every flow kept
/// the mapping it was first given.</summary>
internal sealed record ModeResult(string Mode, long Lookups, TimeSpan Elapsed, long StoreOperations, bool Verified, string Note)
{
    public double MicrosecondsPerLookup => Elapsed.TotalMicroseconds / Math.Max(1, Lookups);
    public double LookupsPerSecond => Lookups / Math.Max(1e-9, Elapsed.TotalSeconds);
}

/// <summary>A NAT flow table driven in each access mode of the paper: native (a local
/// dictionary), sync (blocking store calls), async (pipelined store calls), and cache
/// (an LRU in front of the store).</summary>
internal static class FlowTableWorkload
{
    private const int AsyncWindow = 256;

    // A flow key: protocol, source and destination address and port, as a NAT hashes them.
    private static void FlowKey(int flow, Span<byte> key)
    {
        key[0] = 17;
        BinaryPrimitives.WriteUInt32BigEndian(key[1..], 0x0A000000u | (uint)flow);
        BinaryPrimitives.WriteUInt16BigEndian(key[5..], (ushort)(1024 + flow % 50_000));
        BinaryPrimitives.WriteUInt32BigEndian(key[7..], 0xC6336401u);
        BinaryPrimitives.WriteUInt16BigEndian(key[11..], 53);
    }

    // The mapping a NAT gives the flow: external address and port.
    private static void Mapping(int flow, Span<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(value, 0xCB007101u);
        BinaryPrimitives.WriteUInt16BigEndian(value[4..], (ushort)(10_000 + flow % 50_000));
    }

    private const int KeyLength = 13;
    private const int MappingLength = 6;

    public static ModeResult RunNative(DemoOptions o)
    {
        var table = new Dictionary<int, ulong>(o.Flows);
        var sw = Stopwatch.StartNew();
        var ok = true;
        for (var p = 0; p < o.PacketsPerFlow; p++)
            for (var flow = 0; flow < o.Flows; flow++)
            {
                if (!table.TryGetValue(flow, out var mapping))
                    table[flow] = mapping = 0xCB00710100000000ul | (uint)(10_000 + flow % 50_000);
                ok &= (mapping & 0xFFFF) == (ulong)(10_000 + flow % 50_000);
            }
        return new ModeResult("native", (long)o.Flows * o.PacketsPerFlow, sw.Elapsed, 0, ok, "local dictionary");
    }

    public static ModeResult RunSync(StoreClient client, DemoOptions o)
    {
        var table = FreshTable(client, "demo-sync");
        Span<byte> key = stackalloc byte[KeyLength];
        Span<byte> mapping = stackalloc byte[MappingLength];
        Span<byte> read = stackalloc byte[64];
        var before = client.GetStatistics();
        var sw = Stopwatch.StartNew();
        var ok = true;
        for (var p = 0; p < o.PacketsPerFlow; p++)
            for (var flow = 0; flow < o.Flows; flow++)
            {
                FlowKey(flow, key);
                Mapping(flow, mapping);
                if (p == 0)
                {
                    // First packet: create the mapping unless another instance did.
                    if (!client.TryCreate(table, key, mapping, out _))
                        ok &= client.Read(table, key, read, out _) == MappingLength;
                }
                else
                {
                    var n = client.Read(table, key, read, out _);
                    ok &= read[..n].SequenceEqual(mapping);
                }
            }
        var elapsed = sw.Elapsed;
        return new ModeResult("sync", (long)o.Flows * o.PacketsPerFlow, elapsed, Operations(client, before), ok,
                              "blocking read per packet");
    }

    public static async Task<ModeResult> RunAsync(StoreClient client, DemoOptions o)
    {
        var table = FreshTable(client, "demo-async");
        var key = new byte[KeyLength];
        var mapping = new byte[MappingLength];
        var before = client.GetStatistics();
        var sw = Stopwatch.StartNew();
        var ok = true;
        // Creation of new flows, pipelined.
        var creates = new List<Task<ulong>>(AsyncWindow);
        for (var flow = 0; flow < o.Flows; flow++)
        {
            FlowKey(flow, key);
            Mapping(flow, mapping);
            creates.Add(client.WriteAsync(table, key, mapping, new WriteOptions(RejectRules.CreateOnly)));
            if (creates.Count == AsyncWindow) { await Task.WhenAll(creates); creates.Clear(); }
        }
        await Task.WhenAll(creates);
        // Every later packet: a pipelined lookup, completed in submission order.
        var reads = new List<(int Flow, Task<StoreValue> Read)>(AsyncWindow);
        for (var p = 1; p < o.PacketsPerFlow; p++)
            for (var flow = 0; flow < o.Flows; flow++)
            {
                FlowKey(flow, key);
                reads.Add((flow, client.ReadAsync(table, key)));
                if (reads.Count == AsyncWindow || (p == o.PacketsPerFlow - 1 && flow == o.Flows - 1))
                {
                    foreach (var (f, read) in reads)
                    {
                        Mapping(f, mapping);
                        ok &= (await read).Value.AsSpan().SequenceEqual(mapping);
                    }
                    reads.Clear();
                }
            }
        var elapsed = sw.Elapsed;
        return new ModeResult("async", (long)o.Flows * o.PacketsPerFlow, elapsed, Operations(client, before), ok,
                              $"pipelined, window {AsyncWindow}");
    }

    public static ModeResult RunCache(StoreClient client, DemoOptions o)
    {
        var table = FreshTable(client, "demo-cache");
        using var cache = client.CreateCache(Math.Max(1, o.Flows));
        Span<byte> key = stackalloc byte[KeyLength];
        Span<byte> mapping = stackalloc byte[MappingLength];
        Span<byte> read = stackalloc byte[64];
        var before = client.GetStatistics();
        var sw = Stopwatch.StartNew();
        var ok = true;
        for (var p = 0; p < o.PacketsPerFlow; p++)
            for (var flow = 0; flow < o.Flows; flow++)
            {
                FlowKey(flow, key);
                Mapping(flow, mapping);
                if (p == 0)
                {
                    if (!cache.TryCreate(table, key, mapping, out _))
                        ok &= cache.Read(table, key, read, out _) == MappingLength;
                }
                else
                {
                    var n = cache.Read(table, key, read, out _);
                    ok &= read[..n].SequenceEqual(mapping);
                }
            }
        var elapsed = sw.Elapsed;
        var stats = cache.GetStatistics();
        return new ModeResult("cache", (long)o.Flows * o.PacketsPerFlow, elapsed, Operations(client, before), ok,
                              $"LRU write-through, hit ratio {stats.HitRatio:P1}");
    }

    private static ulong FreshTable(StoreClient client, string name)
    {
        client.DropTable(name);
        return client.CreateTable(name);
    }

    private static long Operations(StoreClient client, ClientStatistics before)
    {
        var after = client.GetStatistics();
        return (long)((after.Reads + after.Writes + after.Removes) - (before.Reads + before.Writes + before.Removes));
    }
}
