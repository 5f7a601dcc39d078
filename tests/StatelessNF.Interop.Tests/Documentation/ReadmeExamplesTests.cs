// The README's examples, kept honest: every ```csharp block of README.md must appear,
// line for line, in one of the example methods below (which compile and run here), and
// every ```click block is a configuration that runs to completion in an in-process router.
// Changing an example in one place and not the other fails these tests.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using StatelessNF.Interop.Click;
using StatelessNF.Interop.Orchestration;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests.Documentation;

[TestFixture]
[NonParallelizable]
public sealed class ReadmeExamplesTests
{
    [Test]
    public async Task StoreExample()
    {
        // README: the C# API, stores.
        using var client = StoreClient.Open("embedded:");          // or "redis://127.0.0.1:6379"
        ulong flows = client.CreateTable("nat-flows");
        byte[] key = "10.0.0.2:5000>198.51.100.2:80/tcp"u8.ToArray();
        byte[] mapping = "203.0.113.1:40000"u8.ToArray();

        // Create a mapping only if no other instance did; otherwise adopt theirs.
        if (!client.TryCreate(flows, key, mapping, out ulong version))
            mapping = client.Read(flows, key).Value;

        // Pipelined asynchronous reads.
        StoreValue stored = await client.ReadAsync(flows, key);

        // An LRU write-through cache in front of the store: a hit never touches the store.
        using StoreCache cache = client.CreateCache(65536);
        StoreValue cached = cache.Read(flows, key);

        Assert.That(stored.Value, Is.EqualTo(mapping));
        Assert.That(cached.Value, Is.EqualTo(mapping));
        client.DropTable("nat-flows");
    }

    [Test]
    public async Task RouterExample()
    {
        // README: the C# API, routers.
        using var router = Router.Create("InfiniteSource(LIMIT 1000, STOP true) -> c :: Counter -> Discard");
        router.Run();
        Console.WriteLine(router.ReadHandler("c.count"));          // 1000

        Assert.That(router.ReadHandler("c.count").Trim(), Is.EqualTo("1000"));
        using var running = Router.Create("Idle -> c :: Counter -> Discard");
        int port = running.ListenTcp();
        Task run = running.RunAsync();
        try
        {
            await ControlExample(port);
        }
        finally
        {
            running.Stop();
            await run;
        }
    }

    private static async Task ControlExample(int port)
    {
        await using var control = await ClickControlClient.ConnectTcpAsync("127.0.0.1", port);
        string count = await control.ReadAsync("c.count");         // works with real Click too
        Assert.That(count.Trim(), Is.EqualTo("0"));
    }

    [Test]
    public void DeploymentExample()
    {
        string config = @"
            src :: RatedSource(LENGTH 64, RATE 1000)
              -> steer :: FlowSteer(BUCKETS 256, OWNED none) -> Discard;
            steer[1] -> Discard;";
        // README: the C# API, deployments.
        using Deployment nat = Deployment.Create()
            .WithRedis(replicas: 1, waitReplicas: 1)    // a master and a replica; writes wait for it
            .WithConfiguration(config)                  // may use $STORE, $SLICE, $INSTANCE
            .WithInstances(2, NfInstanceKind.Process)   // snf-click processes
            .WithSteering("steer")                      // its FlowSteer element
            .Start();
        NfInstance added = nat.AddInstance();           // flows rebalanced over three instances
        nat.Kill(nat.Instances[0]);                     // SIGKILL; its flows move to the others
        nat.FailoverStore();                            // promote the replica, repoint instances

        Assert.That(nat.RunningInstances, Has.Count.EqualTo(2));
        Assert.That(nat.RunningInstances.Sum(i => int.Parse(i.Read("steer.owned_buckets").Trim())), Is.EqualTo(256));
        Assert.That(added.CheckHealth(), Is.True);
    }

    [Test]
    public void EveryCSharpBlockOfTheReadmeIsAnExampleHere()
    {
        string root = RepositoryRoot.Find() ?? throw new AssertionException("repository root not found");
        string[] source = CodeBlocks.Normalize(File.ReadAllLines(Path.Combine(root, "tests", "StatelessNF.Interop.Tests",
                                                                   "Documentation", "ReadmeExamplesTests.cs")));
        var blocks = CodeBlocks.Find(Path.Combine(root, "README.md"), "csharp").ToList();
        Assert.That(blocks, Is.Not.Empty, "the README shows C# examples");
        foreach (var (line, text) in blocks)
        {
            string[] wanted = CodeBlocks.Normalize(text.Split('\n')).Where(l => !l.StartsWith("using StatelessNF", StringComparison.Ordinal)).ToArray();
            Assert.That(CodeBlocks.ContainsRun(source, wanted), Is.True,
                        $"README.md:{line}: this C# example is not among the compiled examples in ReadmeExamplesTests.cs");
        }
    }

    [Test]
    public void EveryClickBlockOfTheReadmeRuns()
    {
        string root = RepositoryRoot.Find() ?? throw new AssertionException("repository root not found");
        var blocks = CodeBlocks.Find(Path.Combine(root, "README.md"), "click").ToList();
        Assert.That(blocks, Is.Not.Empty, "the README shows Click configurations");
        foreach (var (line, text) in blocks)
        {
            using Router router = Router.Create(text, $"README.md:{line}");
            Task run = router.RunAsync();
            Assert.That(run.Wait(TimeSpan.FromSeconds(30)), Is.True, $"README.md:{line}: the configuration did not stop by itself");
        }
    }
}
