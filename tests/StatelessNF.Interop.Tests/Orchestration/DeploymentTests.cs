// Deployments of real routers: in-process instances sharing an embedded store and
// snf-click processes, with flows steered by FlowSteer. Each instance generates the same
// traffic, so the flows an instance keeps are exactly those of its buckets: the counters
// over all instances add up to the traffic once, whatever the number of instances.
using System;
using System.Globalization;
using System.Linq;
using NUnit.Framework;
using StatelessNF.Interop.Orchestration;
using StatelessNF.Interop.Tests.Click;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests.Orchestration;

[TestFixture]
[NonParallelizable]
public sealed class DeploymentTests
{
    private const int Packets = 20_000;

    // Same flows in every instance: FastUDPFlows is deterministic for one configuration.
    private const string LimitedTraffic = @"
        src :: FastUDPFlows(RATE 0, LIMIT 20000, LENGTH 64, SRCETH 2:0:0:0:0:1, SRCIP 10.0.0.2,
                            DSTETH 2:0:0:0:0:2, DSTIP 198.51.100.2, FLOWS 500, FLOWSIZE 20, ACTIVE false)
          -> steer :: FlowSteer(BUCKETS $BUCKETS, OWNED none)
          -> kept :: Counter -> Discard;
        steer[1] -> other :: Counter -> Discard;";

    private const string EndlessTraffic = @"
        RatedSource(LENGTH 64, RATE 2000)
          -> steer :: FlowSteer(BUCKETS $BUCKETS, OWNED none)
          -> kept :: Counter -> Discard;
        steer[1] -> Discard;";

    // The configuration with its FlowSteer's BUCKETS and the deployment's steering agreeing.
    private static DeploymentBuilder Steered(string config, int buckets) => Deployment.Create()
        .WithConfiguration(config)
        .WithDefinition("BUCKETS", buckets.ToString(CultureInfo.InvariantCulture))
        .WithSteering("steer", buckets: buckets);

    [Test]
    public void InProcessInstancesSplitTheFlowsBetweenThem()
    {
        using Deployment deployment = Steered(LimitedTraffic, buckets: 64)
            .WithEmbeddedStore()
            .WithInstances(3, NfInstanceKind.InProcess)
            .Start();

        Assert.That(deployment.RunningInstances, Has.Count.EqualTo(3));
        string[] shares = deployment.Instances.Select(i => i.Read("steer.owned").Trim()).ToArray();
        Assert.That(shares, Is.EqualTo(new[] { "0-21", "22-42", "43-63" }));
        Assert.That(deployment.Instances.Select(i => i.Definitions["SLICE"]), Is.EqualTo(new[] { "0/8", "1/8", "2/8" }));
    }

    [Test]
    public void EveryPacketIsKeptByExactlyOneInstance()
    {
        // A bounded source, inactive until every share is in place: each instance then
        // pushes the same Packets packets and idles.
        using Deployment deployment = Steered(LimitedTraffic, buckets: 64)
            .WithEmbeddedStore()
            .WithInstances(3, NfInstanceKind.InProcess)
            .Start();
        foreach (NfInstance instance in deployment.Instances)
            instance.Write("src.active", "true");
        Assert.That(Polling.Until(() => deployment.Sum("kept.count") + deployment.Sum("other.count") == 3L * Packets,
                                  TimeSpan.FromSeconds(30)), Is.True, "every instance pushed its packets");
        long kept = deployment.Sum("kept.count");
        Assert.That(kept, Is.EqualTo(Packets), "each flow is kept by exactly one instance");
        Assert.That(deployment.Instances.Select(i => long.Parse(i.Read("kept.count").Trim())), Has.All.GreaterThan(0));
    }

    [Test]
    public void ScaleOutAndInMovesBucketsAndKeepsThemAllOwned()
    {
        using Deployment deployment = Steered(EndlessTraffic, buckets: 32)
            .WithEmbeddedStore()
            .WithInstances(1, NfInstanceKind.InProcess)
            .Start();
        Assert.That(deployment.Instances[0].Read("steer.owned").Trim(), Is.EqualTo("all"));
        NfInstance second = deployment.AddInstance();
        NfInstance third = deployment.AddInstance();
        Assert.That(deployment.Instances.Select(i => i.Read("steer.owned_buckets").Trim()),
                    Is.EqualTo(new[] { "11", "11", "10" }));
        deployment.RemoveInstance(second);
        Assert.That(deployment.Instances, Has.Count.EqualTo(2));
        Assert.That(deployment.Instances.Sum(i => int.Parse(i.Read("steer.owned_buckets").Trim())), Is.EqualTo(32));
        deployment.RemoveInstance(third);
        Assert.That(deployment.Instances[0].Read("steer.owned").Trim(), Is.EqualTo("all"));
    }

    [Test]
    public void AKilledProcessInstanceIsDetectedAndItsFlowsMove()
    {
        SnfClickProcess.Executable();  // fails clearly when snf-click was not built
        using Deployment deployment = Steered(EndlessTraffic, buckets: 16)
            .WithRedis()
            .WithInstances(2, NfInstanceKind.Process)
            .Start();
        var victim = (ProcessNfInstance)deployment.Instances[1];
        NfInstance survivor = deployment.Instances[0];
        Assert.That(survivor.Read("steer.owned").Trim(), Is.EqualTo("0-7"));
        NfInstance? failed = null;
        deployment.InstanceFailed += (_, instance) => failed = instance;

        System.Diagnostics.Process.GetProcessById(victim.ProcessId!.Value).Kill();  // SIGKILL from outside
        Assert.That(Polling.Until(() => deployment.CheckHealth().Count > 0 || victim.State == NfInstanceState.Killed,
                                  TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(failed, Is.SameAs(victim));
        Assert.That(survivor.Read("steer.owned").Trim(), Is.EqualTo("all"));

        deployment.Restart(victim);
        Assert.That(victim.CheckHealth(), Is.True);
        Assert.That(deployment.Instances.Select(i => i.Read("steer.owned").Trim()), Is.EqualTo(new[] { "0-7", "8-15" }));
    }

    [Test]
    public void SteeringMustMatchTheElementsBuckets()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Deployment.Create()
            .WithEmbeddedStore()
            .WithConfiguration(EndlessTraffic)
            .WithDefinition("BUCKETS", "8")
            .WithSteering("steer", buckets: 16)
            .Start());
        Assert.That(failure!.Message, Does.Contain("BUCKETS 8"));
    }

    [Test]
    public void ProcessInstancesNeedASharedStore()
    {
        Assert.Throws<InvalidOperationException>(() => Deployment.Create()
            .WithEmbeddedStore()
            .WithConfiguration(EndlessTraffic)
            .WithInstances(1, NfInstanceKind.Process)
            .Start());
    }

    [Test]
    public void AStoreFailoverPointsInstancesAtThePromotedReplica()
    {
        using Deployment deployment = Deployment.Create()
            .WithRedis(replicas: 1, waitReplicas: 1)
            .WithConfiguration("Idle -> Discard; Script(TYPE PASSIVE); store :: Script(TYPE PASSIVE)")
            .WithInstances(1, NfInstanceKind.Process)
            .Start();
        var tier = (RedisStoreTier)deployment.Store;
        string before = tier.Uri;
        using (StoreClient client = StoreClient.Open(before))
        {
            ulong table = client.CreateTable("failover");
            client.Write(table, "flow"u8, "mapping"u8);  // acknowledged once the replica has it
        }
        tier.KillMaster();
        TimeSpan took = deployment.FailoverStore();
        Assert.That(tier.Uri, Is.Not.EqualTo(before));
        Assert.That(deployment.Instances[0].Definitions["STORE"], Is.EqualTo(tier.Uri));
        Assert.That(deployment.Instances[0].CheckHealth(), Is.True);
        Assert.That(tier.Replicas, Has.Count.EqualTo(1), "redundancy restored");
        using (StoreClient client = StoreClient.Open(tier.Uri))
        {
            ulong table = client.GetTableId("failover");
            Assert.That(client.ReadString(table, "flow"), Is.EqualTo("mapping"), "no acknowledged write lost");
        }
        TestContext.Out.WriteLine($"store failover (promotion, new replica, instance restart): {took.TotalMilliseconds:F0} ms");
    }
}
