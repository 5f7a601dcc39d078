// StoreBenchmark (Table 1): latency and throughput of 100-byte reads and writes through
// the StatelessNF client (C# API over libsnf_client) against a Redis master with one
// replica, once with writes not waiting for the replica and once waiting for it
// (wait_replicas=1, the paper's one-backup configuration), next to redis-benchmark's SET
// and GET on the same master. Latency: one request at a time. Throughput: the client's
// asynchronous calls with a window of requests in flight; redis-benchmark with as many
// connections as that window.
using System.Diagnostics;
using System.Globalization;
using StatelessNF.Interop;
using StatelessNF.Interop.Orchestration;

namespace StatelessNF.Evaluation;

/// <summary>Measures Table 1.</summary>
public sealed class StoreBenchmark
{
    private const int ObjectSize = 100;
    private const int KeySpace = 1000;
    private const int Window = 32;
    private readonly Shell _shell;
    private readonly IProgress<string> _progress;
    private readonly int _operations;

    /// <summary>Creates the benchmark; <paramref name="operations"/> requests per measurement.</summary>
    public StoreBenchmark(Shell shell, IProgress<string> progress, int operations)
    {
        _shell = shell;
        _progress = progress;
        _operations = operations;
    }

    /// <summary>Runs every measurement and adds the rows.</summary>
    public void Run(EvaluationResults results, CancellationToken cancel)
    {
        using var tier = RedisStoreTier.Start(replicas: 1, waitReplicas: 1);
        var master = tier.Master;
        _progress.Report($"table 1: redis master {master.Endpoint}, replica {tier.Replicas[0].Endpoint}");
        foreach (int replicas in new[] { 0, 1 })
        {
            string uri = replicas == 0 ? master.Uri : tier.Uri;
            using var client = StoreClient.Open(uri);
            ulong table = client.CreateTable($"eval_store_{replicas}");
            byte[] value = new byte[ObjectSize];
            Random.Shared.NextBytes(value);
            var keys = Enumerable.Range(0, KeySpace).Select(i => System.Text.Encoding.ASCII.GetBytes($"key{i:D6}")).ToArray();

            var writes = Sequential(_operations, i => client.Write(table, keys[i % KeySpace], value), cancel);
            var reads = Sequential(_operations, i => client.Read(table, keys[i % KeySpace]), cancel);
            double writeKops = Pipelined(_operations, i => client.WriteAsync(table, keys[i % KeySpace], value), cancel);
            double readKops = Pipelined(_operations, i => client.ReadAsync(table, keys[i % KeySpace]), cancel);
            results.Store.Add(new StoreRow("client", "read", replicas, reads.Mean, reads.P99, readKops));
            results.Store.Add(new StoreRow("client", "write", replicas, writes.Mean, writes.P99, writeKops));
            _progress.Report(string.Create(CultureInfo.InvariantCulture,
                $"table 1: client, {replicas} replica(s): read {reads.Mean:F1} µs {readKops:F1} kops/s, write {writes.Mean:F1} µs {writeKops:F1} kops/s"));
        }

        // redis-benchmark has no way to wait for replicas, so it measures the master alone.
        var single = RedisBenchmark(master.Port, 1, cancel);
        var loaded = RedisBenchmark(master.Port, Window, cancel);
        foreach (var (operation, test) in new[] { ("read", "GET"), ("write", "SET") })
        {
            if (single.TryGetValue(test, out var one) && loaded.TryGetValue(test, out var many))
            {
                results.Store.Add(new StoreRow("redis-benchmark", operation, 0, one.MeanUs, one.P99Us, many.Kops));
                _progress.Report(string.Create(CultureInfo.InvariantCulture,
                    $"table 1: redis-benchmark {test}: {one.MeanUs:F1} µs, {many.Kops:F1} kops/s with {Window} connections"));
            }
            else
            {
                results.Notes.Add($"redis-benchmark gave no {test} result.");
            }
        }
    }

    private static (double Mean, double P99) Sequential(int count, Action<int> operation, CancellationToken cancel)
    {
        for (int i = 0; i < Math.Min(200, count); i++)
            operation(i); // warm-up: connection, table, code paths
        var samples = new double[count];
        var watch = new Stopwatch();
        for (int i = 0; i < count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            watch.Restart();
            operation(i);
            samples[i] = watch.Elapsed.TotalMicroseconds;
        }
        Array.Sort(samples);
        return (samples.Average(), samples[(int)Math.Min(count - 1, Math.Ceiling(count * 0.99) - 1)]);
    }

    private static double Pipelined<T>(int count, Func<int, Task<T>> operation, CancellationToken cancel)
    {
        var inFlight = new Task[Window];
        var watch = Stopwatch.StartNew();
        for (int done = 0; done < count; done += Window)
        {
            cancel.ThrowIfCancellationRequested();
            int batch = Math.Min(Window, count - done);
            for (int j = 0; j < batch; j++)
                inFlight[j] = operation(done + j);
            Task.WaitAll(inFlight.AsSpan(0, batch));
        }
        return count / watch.Elapsed.TotalSeconds / 1000.0;
    }

    private Dictionary<string, (double MeanUs, double P99Us, double Kops)> RedisBenchmark(int port, int clients, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var result = _shell.Run("redis-benchmark", new[]
        {
            "-h", RedisServerProcess.Host, "-p", port.ToString(CultureInfo.InvariantCulture), "-t", "set,get",
            "-d", ObjectSize.ToString(CultureInfo.InvariantCulture), "-n", _operations.ToString(CultureInfo.InvariantCulture),
            "-c", clients.ToString(CultureInfo.InvariantCulture), "-r", KeySpace.ToString(CultureInfo.InvariantCulture), "--csv",
        }, TimeSpan.FromSeconds(120));
        var rows = new Dictionary<string, (double, double, double)>();
        if (!result.Succeeded)
            return rows;
        foreach (var line in result.Output.Split('\n'))
        {
            var f = line.Trim().Split(',').Select(s => s.Trim('"')).ToArray();
            // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
            if (f.Length >= 7 && double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double rps)
                && double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double avg)
                && double.TryParse(f[6], NumberStyles.Float, CultureInfo.InvariantCulture, out double p99))
                rows[f[0]] = (avg * 1000, p99 * 1000, rps / 1000);
        }
        return rows;
    }
}
