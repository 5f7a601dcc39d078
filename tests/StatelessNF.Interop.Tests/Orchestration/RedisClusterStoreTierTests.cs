// A Redis Cluster started by the orchestrator: three masters of real redis-server
// processes holding the state of 100,000 flows (both directions of a flow share a hash
// tag, so they live on one master), and a master killed under a replica: the cluster
// fails over by itself and no acknowledged write is lost.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NUnit.Framework;
using StatelessNF.Interop.Orchestration;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests.Orchestration;

[TestFixture]
[NonParallelizable]
public sealed class RedisClusterStoreTierTests
{
    private const int Flows = 100_000;
    private const int Batch = 1000;

    // A flow's forward and reply keys: the 5-tuple id in braces places both by the tag.
    private static byte[] Key(int flow, string direction) => Encoding.ASCII.GetBytes($"{{f{flow}}}{direction}");

    [Test]
    public void ThreeMastersHoldTheStateOf100000Flows()
    {
        using RedisClusterStoreTier cluster = RedisClusterStoreTier.Start(masters: 3);
        using StoreClient client = StoreClient.Open(cluster.Uri);
        Assert.That(client.Backend, Is.EqualTo("redis-cluster"));
        ulong table = client.CreateTable("nat");
        for (int first = 0; first < Flows; first += Batch)
        {
            var items = new List<KeyValuePair<byte[], byte[]>>(2 * Batch);
            for (int flow = first; flow < first + Batch; flow++)
            {
                items.Add(new(Key(flow, "fwd"), BitConverter.GetBytes(flow)));
                items.Add(new(Key(flow, "rev"), BitConverter.GetBytes(~flow)));
            }
            Assert.That(client.MultiWrite(table, items).All(r => r.Succeeded), Is.True, $"batch at flow {first}");
        }

        // Every master took a share, and both directions of a flow share one slot.
        long[] keysPerMaster = cluster.Masters.Select(m => Convert.ToInt64(m.Execute("DBSIZE"))).ToArray();
        Assert.That(keysPerMaster, Has.All.GreaterThan(Flows / 2), string.Join(", ", keysPerMaster));
        foreach (int flow in new[] { 0, 4242, Flows - 1 })
        {
            long fwd = Convert.ToInt64(cluster.Masters[0].Execute("CLUSTER", "KEYSLOT", Encoding.ASCII.GetString(Key(flow, "fwd"))));
            long rev = Convert.ToInt64(cluster.Masters[0].Execute("CLUSTER", "KEYSLOT", Encoding.ASCII.GetString(Key(flow, "rev"))));
            Assert.That(fwd, Is.EqualTo(rev));
        }
        var sample = Enumerable.Range(0, Flows).Where(f => f % 97 == 0).Select(f => Key(f, "rev")).ToList();
        MultiReadResult[] read = client.MultiRead(table, sample);
        for (int i = 0; i < sample.Count; i++)
            Assert.That(BitConverter.ToInt32(read[i].Value), Is.EqualTo(~(i * 97)));
    }

    [Test]
    public void AKilledMasterIsReplacedByItsReplicaWithoutLosingAcknowledgedWrites()
    {
        using RedisClusterStoreTier cluster = RedisClusterStoreTier.Start(masters: 3, replicasPerMaster: 1, waitReplicas: 1);
        using StoreClient client = StoreClient.Open(cluster.Uri);
        ulong table = client.CreateTable("nat");
        for (int flow = 0; flow < 3000; flow++)
            client.Write(table, Key(flow, "fwd"), BitConverter.GetBytes(flow));

        cluster.KillMaster(1);
        Assert.That(cluster.WaitUntilHealthy(TimeSpan.FromSeconds(20)), Is.True, "the replica took over");
        // Writes reach every slot again (the client follows the new slot map).
        Assert.That(Polling.Until(() =>
        {
            try
            {
                client.Write(table, Key(-1, "probe"), new byte[] { 1 });
                return Enumerable.Range(0, 3000).All(f => client.TryRead(table, Key(f, "fwd"), out _));
            }
            catch (StoreException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200)), Is.True, "every acknowledged write is readable after the failover");
        for (int flow = 0; flow < 3000; flow += 7)
        {
            Assert.That(client.TryRead(table, Key(flow, "fwd"), out StoreValue value), Is.True);
            Assert.That(BitConverter.ToInt32(value.Value), Is.EqualTo(flow));
        }
    }
}
