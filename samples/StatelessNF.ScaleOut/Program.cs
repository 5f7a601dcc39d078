// Scale-out and failover of the stateless NAT, driven through the Deployment API:
//   1. aggregate throughput of 1, 2 and 3 instances (in process, embedded store, cache mode);
//   2. SIGKILL of an snf-click instance under load (Redis store): when the survivor
//      forwards the dead instance's flows again, with the same external ports;
//   3. SIGKILL of the Redis master (writes wait for a replica): the replica is promoted,
//      the instance is restarted on it, and every flow keeps its mapping.
// Each part prints a table. Needs redis-server; the exit status is 0 when every check held.
//
//   dotnet run -c Release -- [--seconds N]
using System.Diagnostics;
using System.Globalization;
using StatelessNF.Interop.Orchestration;

double seconds = args.Length == 2 && args[0] == "--seconds" ? double.Parse(args[1], CultureInfo.InvariantCulture) : 3;
bool ok = true;

const string Nat = @"
    FastUDPFlows(RATE $RATE, LIMIT -1, LENGTH 64, SRCETH 2:0:0:0:0:1, SRCIP 10.0.0.2,
                 DSTETH 2:0:0:0:0:2, DSTIP 198.51.100.2, FLOWS $FLOWS, FLOWSIZE 2000000000)
      -> steer :: FlowSteer(BUCKETS 256, OWNED none)
      -> Strip(14)
      -> rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1,
                          MODE cache, STORE ""$STORE"", PORT_SLICE $SLICE)
      -> out :: Counter -> Discard;
    steer[1] -> Discard;
    rw[1] -> Discard;";

// 1. Throughput of 1, 2 and 3 instances, one after the other in this run.
Console.WriteLine($"Aggregate NAT throughput ({seconds:0.#} s per row; every instance generates all flows and keeps its buckets):");
Console.WriteLine("| instances | packets forwarded/s | vs one instance |");
Console.WriteLine("|-----------|---------------------|-----------------|");
double single = 0;
using (Deployment deployment = Deployment.Create()
           .WithEmbeddedStore()
           .WithConfiguration(Nat)
           .WithDefinition("RATE", "0")
           .WithDefinition("FLOWS", "10000")
           .WithInstances(1, NfInstanceKind.InProcess)
           .WithSteering("steer")
           .Start())
{
    for (int count = 1; count <= 3; count++)
    {
        while (deployment.RunningInstances.Count < count)
            deployment.AddInstance();
        Thread.Sleep(500);  // let the new instance warm its cache
        long before = deployment.Sum("out.count");
        var clock = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        double rate = (deployment.Sum("out.count") - before) / clock.Elapsed.TotalSeconds;
        if (count == 1)
            single = rate;
        Console.WriteLine($"| {count,9} | {rate,19:N0} | {rate / single,15:0.00} |");
        ok &= deployment.Sum("rw.mapping_failures") == 0;
    }
}
Console.WriteLine($"(on {Environment.ProcessorCount} cores: instances share them with their own traffic generators)");
Console.WriteLine();

// 2. An instance killed under load.
using (Deployment deployment = Deployment.Create()
           .WithRedis()
           .WithConfiguration(Nat)
           .WithDefinition("RATE", "20000")
           .WithDefinition("FLOWS", "2000")
           .WithInstances(2, NfInstanceKind.Process)
           .WithSteering("steer")
           .Start())
{
    NfInstance survivor = deployment.Instances[0];
    var victim = (ProcessNfInstance)deployment.Instances[1];
    WaitUntil(() => RewriterMappings.Read(survivor).Count + RewriterMappings.Read(victim).Count >= 2000, TimeSpan.FromSeconds(30));
    Dictionary<string, string> before = RewriterMappings.Read(victim);
    deployment.StartWatchdog(TimeSpan.FromMilliseconds(50));
    var clock = Stopwatch.StartNew();
    Process.GetProcessById(victim.ProcessId!.Value).Kill();
    WaitUntil(() => victim.State == NfInstanceState.Killed, TimeSpan.FromSeconds(30));
    double detected = clock.Elapsed.TotalMilliseconds;
    bool carried = WaitUntil(() => before.Keys.All(RewriterMappings.Read(survivor).ContainsKey), TimeSpan.FromSeconds(30));
    double gap = clock.Elapsed.TotalMilliseconds;
    Dictionary<string, string> after = RewriterMappings.Read(survivor);
    int same = before.Count(m => after.TryGetValue(m.Key, out string? now) && now == m.Value);
    Console.WriteLine("Instance killed with SIGKILL under load (watchdog every 50 ms):");
    Console.WriteLine("| its flows | detected after | all forwarded again after | same external port |");
    Console.WriteLine("|-----------|----------------|---------------------------|--------------------|");
    Console.WriteLine($"| {before.Count,9:N0} | {detected,11:0} ms | {gap,22:0} ms | {same,18:N0} |");
    ok &= carried && same == before.Count;
}
Console.WriteLine();

// 3. The store's master killed.
using (Deployment deployment = Deployment.Create()
           .WithRedis(replicas: 1, waitReplicas: 1)
           .WithConfiguration(Nat)
           .WithDefinition("RATE", "20000")
           .WithDefinition("FLOWS", "2000")
           .WithInstances(1, NfInstanceKind.Process)
           .WithSteering("steer")
           .Start())
{
    NfInstance instance = deployment.Instances[0];
    WaitUntil(() => RewriterMappings.Read(instance).Count >= 2000, TimeSpan.FromSeconds(30));
    Dictionary<string, string> before = RewriterMappings.Read(instance);
    ((RedisStoreTier)deployment.Store).KillMaster();
    TimeSpan failover = deployment.FailoverStore();
    var clock = Stopwatch.StartNew();
    bool back = WaitUntil(() => RewriterMappings.Read(instance).Count >= before.Count, TimeSpan.FromSeconds(30));
    Dictionary<string, string> after = RewriterMappings.Read(instance);
    int same = before.Count(m => after.TryGetValue(m.Key, out string? now) && now == m.Value);
    Console.WriteLine("Redis master killed (writes waited for one replica):");
    Console.WriteLine("| flows | failover (promote, new replica, restart) | flows back after | same mapping |");
    Console.WriteLine("|-------|-------------------------------------------|------------------|--------------|");
    Console.WriteLine($"| {before.Count,5:N0} | {failover.TotalMilliseconds,38:0} ms | {clock.Elapsed.TotalMilliseconds,13:0} ms | {same,12:N0} |");
    ok &= back && same == before.Count;
}
return ok ? 0 : 1;

static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < timeout)
    {
        if (condition())
            return true;
        Thread.Sleep(10);
    }
    return condition();
}
