// Deployments of the stateless NAT with traffic flowing: instances added and removed while
// 10,000 flows are active, an instance killed with SIGKILL, the store's master killed, and
// a Redis Cluster holding 100,000 flows. Every instance generates the same flows and keeps
// those of its FlowSteer buckets; the rewriters' table dumps say which external address
// and port each flow got, and no flow may ever get two.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using NUnit.Framework;
using StatelessNF.Interop.Click;
using StatelessNF.Interop.Orchestration;
using StatelessNF.Interop.Tests.Click;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests.Orchestration;

[TestFixture]
[NonParallelizable]
public sealed class StatelessNatDeploymentTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // $FLOWS UDP flows that keep their ports, at $RATE packets/s, through the steering
    // element and a rewriter whose state lives in $STORE.
    private const string NatConfig = @"
        src :: FastUDPFlows(RATE $RATE, LIMIT -1, LENGTH 64, SRCETH 2:0:0:0:0:1, SRCIP 10.0.0.2,
                            DSTETH 2:0:0:0:0:2, DSTIP 198.51.100.2, FLOWS $FLOWS, FLOWSIZE 2000000000)
          -> steer :: FlowSteer(BUCKETS 256, OWNED none)
          -> Strip(14)
          -> rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1,
                              MODE $MODE, STORE ""$STORE"", PORT_SLICE $SLICE, CACHE_SIZE 65536)
          -> out :: Counter -> Discard;
        steer[1] -> Discard;
        rw[1] -> Discard;";

    // The NAT in $MODE with $FLOWS flows at $RATE packets/s, steered; store and instances to add.
    private static DeploymentBuilder Nat(string mode, int flows, int rate) => Deployment.Create()
        .WithConfiguration(NatConfig)
        .WithDefinition("FLOWS", flows.ToString(CultureInfo.InvariantCulture))
        .WithDefinition("RATE", rate.ToString(CultureInfo.InvariantCulture))
        .WithDefinition("MODE", mode)
        .WithSteering("steer");

    private static long Count(NfInstance instance, string handler) => long.Parse(instance.Read(handler).Trim());

    private static void AssertNoFlowLostItsState(NfInstance instance)
    {
        Assert.That(Count(instance, "rw.mapping_failures"), Is.Zero, $"{instance.Name}: mapping failures");
        Assert.That(Count(instance, "rw.store_failures"), Is.Zero, $"{instance.Name}: packets dropped for lack of state");
    }

    // Waits until every running instance forwarded `packets` more packets than now.
    private static void LetTrafficFlow(Deployment deployment, long packets)
    {
        var start = deployment.RunningInstances.ToDictionary(i => i, i => Count(i, "out.count"));
        Assert.That(Polling.Until(() => start.All(p => Count(p.Key, "out.count") >= p.Value + packets), Patience),
                    Is.True, "traffic kept flowing through every instance");
    }

    // Cache mode: each instance keeps the mappings it uses in its local table, so its dump
    // shows exactly what it did with every flow it forwarded.
    [Test]
    public void ScaleOutToThreeAndBackKeepsEveryFlowsMapping()
    {
        const int Flows = 10_000;
        using Deployment deployment = Nat("cache", Flows, rate: 40000)
            .WithEmbeddedStore()
            .WithInstances(1, NfInstanceKind.InProcess)
            .Start();
        var all = new Dictionary<string, string>();
        NfInstance first = deployment.Instances[0];
        LetTrafficFlow(deployment, 2 * Flows);  // every flow established on one instance
        NatMappings.Merge(all, RewriterMappings.Read(first), "one instance");
        Assert.That(all, Has.Count.EqualTo(Flows));

        NfInstance second = deployment.AddInstance();
        NfInstance third = deployment.AddInstance();
        LetTrafficFlow(deployment, Flows);
        foreach (NfInstance instance in deployment.RunningInstances)
        {
            NatMappings.Merge(all, RewriterMappings.Read(instance), $"three instances, {instance.Name}");
            AssertNoFlowLostItsState(instance);
        }

        deployment.RemoveInstance(third);
        LetTrafficFlow(deployment, Flows);
        deployment.RemoveInstance(second);
        LetTrafficFlow(deployment, 2 * Flows);
        NatMappings.Merge(all, RewriterMappings.Read(first), "back to one instance");
        AssertNoFlowLostItsState(first);
        Assert.That(all, Has.Count.EqualTo(Flows), "no flow was created twice");
    }

    // Sync and async keep nothing locally (the dump is empty by design): what shows that no
    // flow lost its state is that every owned packet is forwarded, none dropped.
    [TestCase("sync")]
    [TestCase("async")]
    public void ScaleOutToThreeAndBackDropsNothing(string mode)
    {
        const int Flows = 10_000;
        using Deployment deployment = Nat(mode, Flows, rate: 40000)
            .WithEmbeddedStore()
            .WithInstances(1, NfInstanceKind.InProcess)
            .Start();
        LetTrafficFlow(deployment, 2 * Flows);
        NfInstance second = deployment.AddInstance();
        NfInstance third = deployment.AddInstance();
        LetTrafficFlow(deployment, Flows);
        foreach (NfInstance instance in deployment.RunningInstances)
        {
            AssertNoFlowLostItsState(instance);
            Assert.That(Count(instance, "rw.parked_drops"), Is.Zero, $"{instance.Name}: parked packets dropped");
        }
        deployment.RemoveInstance(third);
        deployment.RemoveInstance(second);
        LetTrafficFlow(deployment, 2 * Flows);
        AssertNoFlowLostItsState(deployment.Instances[0]);
    }

    [Test]
    public void AnInstanceKilledUnderLoadHandsOverItsFlowsWithTheirMappings()
    {
        SnfClickProcess.Executable();
        const int Flows = 2000;
        using Deployment deployment = Nat("cache", Flows, rate: 20000)
            .WithRedis()
            .WithInstances(2, NfInstanceKind.Process)
            .Start();
        NfInstance survivor = deployment.Instances[0];
        var victim = (ProcessNfInstance)deployment.Instances[1];
        LetTrafficFlow(deployment, 2 * Flows);
        Dictionary<string, string> victimFlows = RewriterMappings.Read(victim);
        Assert.That(victimFlows, Is.Not.Empty);
        deployment.StartWatchdog(TimeSpan.FromMilliseconds(50));

        var clock = Stopwatch.StartNew();
        Process.GetProcessById(victim.ProcessId!.Value).Kill();
        Assert.That(Polling.Until(() => victim.State == NfInstanceState.Killed, Patience, TimeSpan.FromMilliseconds(5)), Is.True);
        TimeSpan detected = clock.Elapsed;
        // The gap ends when the survivor forwards the victim's flows again.
        Assert.That(Polling.Until(() => victimFlows.Keys.All(RewriterMappings.Read(survivor).ContainsKey), Patience,
                                  TimeSpan.FromMilliseconds(5)), Is.True, "the survivor carries the victim's flows");
        TimeSpan gap = clock.Elapsed;

        NatMappings.Merge(RewriterMappings.Read(survivor), victimFlows, "after the kill");
        AssertNoFlowLostItsState(survivor);
        TestContext.Out.WriteLine(
            $"instance failover: dead instance detected after {detected.TotalMilliseconds:F0} ms, " +
            $"all {victimFlows.Count} of its flows forwarded by the survivor after {gap.TotalMilliseconds:F0} ms");
    }

    [Test]
    public void KillingTheStoreMasterLosesNoAcknowledgedMapping()
    {
        SnfClickProcess.Executable();
        const int Flows = 2000;
        using Deployment deployment = Nat("cache", Flows, rate: 20000)
            .WithRedis(replicas: 1, waitReplicas: 1)
            .WithInstances(1, NfInstanceKind.Process)
            .Start();
        LetTrafficFlow(deployment, 2 * Flows);
        Dictionary<string, string> before = RewriterMappings.Read(deployment.Instances[0]);
        Assert.That(before, Has.Count.EqualTo(Flows));

        ((RedisStoreTier)deployment.Store).KillMaster();
        TimeSpan took = deployment.FailoverStore();  // the instance restarts on the promoted replica
        LetTrafficFlow(deployment, 2 * Flows);
        Dictionary<string, string> after = RewriterMappings.Read(deployment.Instances[0]);
        Assert.That(after, Has.Count.EqualTo(Flows));
        NatMappings.Merge(after, before, "after the store failover");
        AssertNoFlowLostItsState(deployment.Instances[0]);
        TestContext.Out.WriteLine($"store failover (promote replica, new replica, restart instance): {took.TotalMilliseconds:F0} ms");
    }

    [Test]
    public void AThreeMasterClusterHoldsTheStateOf100000Flows()
    {
        const int Flows = 100_000;
        using RedisClusterStoreTier cluster = RedisClusterStoreTier.Start(masters: 3);
        string config = $@"
            FastUDPFlows(RATE 0, LIMIT {Flows}, LENGTH 64, SRCETH 2:0:0:0:0:1, SRCIP 10.0.0.2,
                         DSTETH 2:0:0:0:0:2, DSTIP 198.51.100.2, FLOWS {Flows}, FLOWSIZE 2000000000, STOP true)
              -> Strip(14)
              -> rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1, MODE async, STORE ""{cluster.Uri}"",
                                  MAX_PARKED 100000)
              -> out :: Counter -> Discard;
            rw[1] -> Discard;";
        using Router router = Router.Create(config);
        var clock = Stopwatch.StartNew();
        Assert.That(router.RunAsync().Wait(Patience), Is.True, "the router pushed every flow's first packet");
        Assert.That(router.ReadHandler("out.count").Trim(), Is.EqualTo(Flows.ToString()));
        Assert.That(router.ReadHandler("rw.mapping_failures").Trim(), Is.EqualTo("0"));
        long[] keys = cluster.Masters.Select(m => Convert.ToInt64(m.Execute("DBSIZE"))).ToArray();
        Assert.That(keys.Sum(), Is.GreaterThanOrEqualTo(2L * Flows), "both directions of every flow are stored");
        Assert.That(keys, Has.All.GreaterThan(Flows / 3), $"every master holds a share: {string.Join(", ", keys)}");
        TestContext.Out.WriteLine($"{Flows} new flows through a 3-master cluster in {clock.Elapsed.TotalSeconds:F1} s; keys per master {string.Join(", ", keys)}");
    }
}
