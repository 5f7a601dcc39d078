// Races between threads: conditional creation of the same keys from eight threads has
// exactly one winner per key, and every loser then reads the winner's value. This is the
// property the stateless NAT relies on when two instances see a new flow at once.
using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests;

[TestFixture("embedded:")]
[TestFixture(StoreFixture.RedisBackend)]
public sealed class ConcurrencyTests : StoreFixture
{
    private const int Threads = 8;
    private const int Keys = 200;

    public ConcurrencyTests(string backend) : base(backend) { }

    [Test]
    public void TryCreateFromEightThreadsHasExactlyOneWinnerPerKey()
    {
        var winners = new ConcurrentDictionary<int, int>();
        var lostReads = new ConcurrentBag<(int Key, int Thread, string Seen)>();
        var failures = new ConcurrentQueue<Exception>();
        using var start = new Barrier(Threads);

        // Each thread has its own client, as separate NF instances would.
        Thread[] workers = Enumerable.Range(0, Threads).Select(thread => new Thread(() =>
        {
            try
            {
                using StoreClient client = OpenSecondClient();
                start.SignalAndWait(TimeSpan.FromSeconds(30));
                for (int key = 0; key < Keys; key++)
                {
                    byte[] keyBytes = Key($"race-{key}");
                    if (client.TryCreate(TableId, keyBytes, Bytes($"thread-{thread}"), out ulong version))
                    {
                        if (version == 0)
                            failures.Enqueue(new InvalidOperationException($"key {key} created at version 0"));
                        if (!winners.TryAdd(key, thread))
                            failures.Enqueue(new InvalidOperationException($"key {key} has two winners"));
                    }
                    else
                    {
                        lostReads.Add((key, thread, client.Read(TableId, keyBytes).AsString()));
                    }
                }
            }
            catch (Exception failure)
            {
                failures.Enqueue(failure);
            }
        })).ToArray();

        foreach (Thread worker in workers)
            worker.Start();
        foreach (Thread worker in workers)
            Assert.That(worker.Join(TimeSpan.FromSeconds(120)), Is.True, "worker finished in time");

        Assert.That(failures, Is.Empty);
        Assert.That(winners, Has.Count.EqualTo(Keys));
        Assert.That(lostReads, Has.Count.EqualTo(Keys * (Threads - 1)));
        foreach ((int key, int thread, string seen) in lostReads)
            Assert.That(seen, Is.EqualTo($"thread-{winners[key]}"), $"thread {thread} lost key {key} and must see the winner's value");
        for (int key = 0; key < Keys; key++)
            Assert.That(Client.ReadString(TableId, $"race-{key}"), Is.EqualTo($"thread-{winners[key]}"));
    }

    [Test]
    public async Task ConcurrentAsyncCreateOnlyWritesHaveOneWinner()
    {
        const int contenders = 64;
        var attempts = Enumerable.Range(0, contenders)
            .Select(i => Client.WriteAsync(TableId, Key("async-race"), Bytes($"c{i}"), new WriteOptions(RejectRules.CreateOnly)))
            .ToArray();
        int won = 0;
        int lost = 0;
        foreach (Task<ulong> attempt in attempts)
        {
            try
            {
                await attempt.WaitAsync(TimeSpan.FromSeconds(60));
                won++;
            }
            catch (ObjectExistsException)
            {
                lost++;
            }
        }
        Assert.That(won, Is.EqualTo(1));
        Assert.That(lost, Is.EqualTo(contenders - 1));
    }

    [Test]
    public void SharedClientSurvivesParallelMixedOperations()
    {
        var failures = new ConcurrentQueue<Exception>();
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            try
            {
                for (int i = 0; i < 300; i++)
                {
                    byte[] key = Encoding.UTF8.GetBytes($"mixed-{thread}-{i % 10}");
                    ulong version = Client.Write(TableId, key, Bytes($"{thread}:{i}"));
                    StoreValue value = Client.Read(TableId, key);
                    if (value.Version < version)
                        throw new InvalidOperationException($"read version {value.Version} older than written {version}");
                    if (i % 7 == 0)
                        Client.Remove(TableId, key);
                }
            }
            catch (Exception failure)
            {
                failures.Enqueue(failure);
            }
        });
        Assert.That(failures, Is.Empty);
    }
}
