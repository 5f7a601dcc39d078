// Asynchronous operations on every backend: each async twin, failures faulting the task
// with the mapped exception, Drain, 10,000 pipelined operations, and disposal with
// operations in flight.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests;

[TestFixture("embedded:")]
[TestFixture(StoreFixture.RedisBackend)]
public sealed class AsyncOperationTests : StoreFixture
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public AsyncOperationTests(string backend) : base(backend) { }

    [Test]
    public async Task WriteAsyncThenReadAsyncRoundTrips()
    {
        ulong version = await Client.WriteAsync(TableId, Key("a"), Bytes("async value")).WaitAsync(Bound);
        StoreValue value = await Client.ReadAsync(TableId, Key("a")).WaitAsync(Bound);
        Assert.That(value.AsString(), Is.EqualTo("async value"));
        Assert.That(value.Version, Is.EqualTo(version));
        Assert.That(Client.Read(TableId, Key("a")).Version, Is.EqualTo(version), "async and blocking calls see the same store");
    }

    [Test]
    public async Task ReadAsyncOfAMissingObjectFaultsWithObjectNotFound()
    {
        var failure = Assert.CatchAsync<ObjectNotFoundException>(() => Client.ReadAsync(TableId, Key("missing")))!;
        Assert.That(failure.Message, Is.Not.Empty);
        Assert.That(await Client.TryReadAsync(TableId, Key("missing")).WaitAsync(Bound), Is.Null);
    }

    [Test]
    public async Task TryReadAsyncReturnsAnExistingObject()
    {
        ulong version = Client.Write(TableId, Key("t"), Bytes("there"));
        StoreValue? value = await Client.TryReadAsync(TableId, Key("t")).WaitAsync(Bound);
        Assert.That(value, Is.Not.Null);
        Assert.That(value!.Value.AsString(), Is.EqualTo("there"));
        Assert.That(value.Value.Version, Is.EqualTo(version));
    }

    [Test]
    public async Task RemoveAsyncReturnsTheRemovedVersion()
    {
        ulong version = await Client.WriteAsync(TableId, Key("r"), Bytes("x")).WaitAsync(Bound);
        Assert.That(await Client.RemoveAsync(TableId, Key("r")).WaitAsync(Bound), Is.EqualTo(version));
        Assert.That(await Client.RemoveAsync(TableId, Key("r")).WaitAsync(Bound), Is.Zero);
        Assert.That(Client.TryRead(TableId, Key("r"), out _), Is.False);
    }

    [Test]
    public async Task AsyncEmptyAndLargeValuesRoundTrip()
    {
        await Client.WriteAsync(TableId, Key("empty"), ReadOnlySpan<byte>.Empty).WaitAsync(Bound);
        Assert.That((await Client.ReadAsync(TableId, Key("empty")).WaitAsync(Bound)).Value, Is.Empty);

        byte[] large = Pattern(StoreLimits.MaxValueLength);
        await Client.WriteAsync(TableId, Key("large"), large).WaitAsync(Bound);
        Assert.That((await Client.ReadAsync(TableId, Key("large")).WaitAsync(Bound)).Value, Is.EqualTo(large));
    }

    [Test]
    public async Task AsyncWriteWithTimeToLiveExpires()
    {
        await Client.WriteAsync(TableId, Key("ttl"), Bytes("short"), new WriteOptions(TimeToLive: TimeSpan.FromMilliseconds(150))).WaitAsync(Bound);
        Assert.That(Polling.Until(() => !Client.TryRead(TableId, Key("ttl"), out _), TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public void AsyncOperationsOnAMissingTableFault()
    {
        string name = UniqueName("gone");
        ulong id = Client.CreateTable(name);
        Client.DropTable(name);
        Assert.Multiple(() =>
        {
            Assert.That(Assert.CatchAsync<TableNotFoundException>(() => Client.ReadAsync(id, Key("k"))), Is.Not.Null);
            Assert.That(Assert.CatchAsync<TableNotFoundException>(() => Client.TryReadAsync(id, Key("k"))), Is.Not.Null);
            Assert.That(Assert.CatchAsync<TableNotFoundException>(() => Client.WriteAsync(id, Key("k"), Bytes("v"))), Is.Not.Null);
            Assert.That(Assert.CatchAsync<TableNotFoundException>(() => Client.RemoveAsync(id, Key("k"))), Is.Not.Null);
        });
    }

    [Test]
    public async Task TenThousandPipelinedOperationsAllComplete()
    {
        const int count = 10_000;
        var writes = new Task<ulong>[count];
        for (int i = 0; i < count; i++)
            writes[i] = Client.WriteAsync(TableId, Key($"p{i}"), Bytes($"value {i}"));
        ulong[] versions = await Task.WhenAll(writes).WaitAsync(Bound);
        Assert.That(versions, Has.All.GreaterThan(0UL));

        var reads = new Task<StoreValue>[count];
        for (int i = 0; i < count; i++)
            reads[i] = Client.ReadAsync(TableId, Key($"p{i}"));
        StoreValue[] values = await Task.WhenAll(reads).WaitAsync(Bound);
        for (int i = 0; i < count; i++)
        {
            Assert.That(values[i].AsString(), Is.EqualTo($"value {i}"));
            Assert.That(values[i].Version, Is.EqualTo(versions[i]));
        }

        var removes = new Task<ulong>[count];
        for (int i = 0; i < count; i++)
            removes[i] = Client.RemoveAsync(TableId, Key($"p{i}"));
        Assert.That(await Task.WhenAll(removes).WaitAsync(Bound), Is.EqualTo(versions));
    }

    [Test]
    public async Task PipelinedWritesToOneKeyApplyInSubmissionOrder()
    {
        const int count = 1000;
        var writes = new List<Task<ulong>>(count);
        for (int i = 0; i < count; i++)
            writes.Add(Client.WriteAsync(TableId, Key("ordered"), Bytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        ulong[] versions = await Task.WhenAll(writes).WaitAsync(Bound);
        Assert.That(versions, Is.Ordered.Ascending);
        Assert.That(versions.Distinct().Count(), Is.EqualTo(count));
        Assert.That(Client.ReadString(TableId, "ordered"), Is.EqualTo((count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void DrainWaitsForEverySubmittedOperation()
    {
        const int count = 2000;
        var writes = new Task<ulong>[count];
        for (int i = 0; i < count; i++)
            writes[i] = Client.WriteAsync(TableId, Key($"d{i}"), Bytes("x"));
        Client.Drain(Bound);
        // Drain returns once the native operations completed; the tasks complete right after,
        // on the thread pool, because their continuations never run on the client's thread.
        Assert.That(Task.WaitAll(writes, Bound), Is.True);
        Assert.That(writes.All(task => task.IsCompletedSuccessfully), Is.True);
        Assert.That(() => Client.Drain(TimeSpan.Zero), Throws.Nothing, "nothing is in flight any more");
    }

    [Test]
    public void DrainRejectsANegativeTimeout()
    {
        Assert.That(() => Client.Drain(TimeSpan.FromSeconds(-2)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => Client.Drain(System.Threading.Timeout.InfiniteTimeSpan), Throws.Nothing);
    }

    [Test]
    public void DisposingWithOperationsInFlightCompletesEveryTask()
    {
        StoreClient client = OpenSecondClient();
        var tasks = new List<Task>();
        for (int i = 0; i < 2000; i++)
            tasks.Add(client.WriteAsync(TableId, Key($"x{i}"), Bytes("v")));
        client.Dispose();
        try
        {
            Task.WaitAll(tasks.ToArray(), Bound);
        }
        catch (AggregateException)
        {
            // Operations the close overtook fault; they are checked one by one below.
        }
        Assert.That(tasks.All(task => task.IsCompleted), Is.True, "no task is left hanging");
        foreach (Task task in tasks.Where(task => task.IsFaulted))
            Assert.That(task.Exception!.InnerException, Is.InstanceOf<StoreClosedException>());
    }

    [Test]
    public async Task ContinuationsDoNotRunOnTheCompletingThread()
    {
        // A continuation that blocks must not stall the completion of later operations.
        Task<StoreValue> first = Client.ReadAsync(TableId, Key("none")).ContinueWith(
            _ => { System.Threading.Thread.Sleep(200); return default(StoreValue); }, TaskContinuationOptions.ExecuteSynchronously);
        ulong version = await Client.WriteAsync(TableId, Key("after"), Bytes("v")).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(version, Is.GreaterThan(0UL));
        await first.WaitAsync(Bound);
    }
}
