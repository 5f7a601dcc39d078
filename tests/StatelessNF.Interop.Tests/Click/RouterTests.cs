// The embedded router through Router: creation with definitions, running by rounds, on
// the calling thread and on a dedicated one, handler calls and their failures, stopping
// from another thread, and disposal that frees the native router exactly once.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using StatelessNF.Interop.Click;
using StatelessNF.Interop.Click.Internal;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests.Click;

[TestFixture]
[NonParallelizable]
public sealed class RouterTests
{
    private const string LimitedSource = "InfiniteSource(LIMIT 1000, STOP true) -> c :: Counter -> Discard;";
    private const string EndlessSource = "i :: InfiniteSource -> c :: Counter -> Discard;";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(20);

    [Test]
    public void RunsALimitedSourceUntilItStopsTheDriver()
    {
        using Router router = Router.Create(LimitedSource);
        Assert.That(router.IsStopped, Is.False);
        Assert.That(router.RunRounds(1_000_000), Is.True, "the source stops the driver after its limit");
        Assert.That(router.ReadHandler("c.count"), Is.EqualTo("1000"));
        Assert.That(router.IsStopped, Is.True);
        Assert.That(router.IsRunning, Is.False);
    }

    [Test]
    public void RunBlocksUntilTheDriverStops()
    {
        using Router router = Router.Create(LimitedSource);
        Task run = Task.Run(router.Run);
        Assert.That(run.Wait(RunTimeout), Is.True);
        Assert.That(router.ReadHandler("c.count"), Is.EqualTo("1000"));
        Assert.That(() => router.Run(), Throws.Nothing, "a stopped router returns at once");
    }

    [Test]
    public void RunRoundsReportsRoundsThatRanOutThenAStop()
    {
        using Router router = Router.Create(EndlessSource);
        Assert.That(router.RunRounds(10), Is.False);
        Assert.That(ulong.Parse(router.ReadHandler("c.count")), Is.GreaterThan(0UL));
        router.Stop();
        Assert.That(router.RunRounds(10), Is.True);
        Assert.That(router.IsStopped, Is.True);
        Assert.That(() => router.RunRounds(1), Throws.InstanceOf<ClickStoppedException>()
                                                     .With.Property(nameof(ClickException.Status)).EqualTo(ClickStatus.Stopped));
    }

    [Test]
    public void DefinitionsSetParameters()
    {
        var definitions = new Dictionary<string, string> { ["N"] = "25", ["$STOP"] = "true" };
        using Router router = Router.Create("InfiniteSource(LIMIT $N, STOP $STOP) -> c :: Counter -> Discard;", "defs.click", definitions);
        Assert.That(router.RunRounds(100_000), Is.True);
        Assert.That(router.ReadHandler("c.count"), Is.EqualTo("25"));
    }

    [Test]
    public void GlobalHandlersDescribeTheRouter()
    {
        using Router router = Router.Create(EndlessSource);
        Assert.That(router.ReadHandler("version"), Is.EqualTo(Router.NativeVersion).And.Not.Empty);
        string[] list = router.ReadHandler("list").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(list[0], Is.EqualTo((list.Length - 1).ToString()), "Click's list starts with the element count");
        Assert.That(list.Skip(1), Does.Contain("i").And.Contain("c"));
        Assert.That(router.ReadHandler("config"), Does.Contain("c :: Counter"));
    }

    [Test]
    public void WriteHandlersChangeState()
    {
        using Router router = Router.Create(LimitedSource);
        router.RunRounds(1_000_000);
        router.WriteHandler("c.reset");
        Assert.That(router.ReadHandler("c.count"), Is.EqualTo("0"));
    }

    [Test]
    public void LargeHandlerValuesAreReadWhole()
    {
        // A long configuration makes the 'config' handler value larger than the first buffer.
        string config = string.Join("\n", Enumerable.Range(0, 400).Select(i => $"Idle -> counter_number_{i} :: Counter -> Discard;"));
        using Router router = Router.Create(config);
        string value = router.ReadHandler("config");
        Assert.That(value.Length, Is.GreaterThan(8192));
        Assert.That(value, Does.Contain("counter_number_399 :: Counter"));
    }

    [Test]
    public void HandlerFailuresBecomeHandlerExceptions()
    {
        using Router router = Router.Create(EndlessSource);
        AssertHandlerFailure(() => router.ReadHandler("nosuch.count"), ClickStatus.NoSuchElement, "nosuch.count");
        AssertHandlerFailure(() => router.ReadHandler("c.nosuch"), ClickStatus.NoSuchHandler, "c.nosuch");
        AssertHandlerFailure(() => router.ReadHandler("c.reset"), ClickStatus.NotReadable, "c.reset");
        AssertHandlerFailure(() => router.WriteHandler("c.count", "5"), ClickStatus.NotWritable, "c.count");
        ClickHandlerException failed = AssertHandlerFailure(() => router.WriteHandler("i.limit", "abc"), ClickStatus.HandlerFailed, "i.limit");
        Assert.That(failed.Message, Does.Contain("i.limit").And.Contain("integer"));
        Assert.That(router.ReadHandler("c.count"), Is.EqualTo("0"), "failed calls leave the router usable");
    }

    [Test]
    public void BadArgumentsAreRejectedBeforeTheNativeCall()
    {
        using Router router = Router.Create(EndlessSource);
        Assert.That(() => router.ReadHandler("c.co\0unt"), Throws.ArgumentException);
        Assert.That(() => router.WriteHandler(null!), Throws.ArgumentNullException);
        Assert.That(() => router.ListenTcp(70000), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => Router.Create("Idle\0 -> Discard;"), Throws.ArgumentException);
        Assert.That(() => Router.Create("Idle -> Discard;", definitions: new Dictionary<string, string> { ["A=B"] = "1" }),
                    Throws.ArgumentException);
    }

    [Test]
    public void ConfigurationErrorsListEveryProblemWithItsLine()
    {
        const string config = "Idle -> b :: Counter(BOGUS 1) -> Discard;\nIdle -> q :: Queue(abc) -> Discard;\n";
        int before = RouterHandle.Live;
        var error = Assert.Throws<ClickConfigurationException>(() => Router.Create(config, "broken.click"))!;
        Assert.That(error.Status, Is.EqualTo(ClickStatus.Configuration));
        ClickDiagnostic[] errors = error.Diagnostics.Where(d => d.Severity == ClickDiagnosticSeverity.Error).ToArray();
        Assert.That(errors.Select(d => (d.File, d.Line)),
                    Is.SupersetOf(new[] { ("broken.click", 1), ("broken.click", 2) }));
        Assert.That(errors.Single(d => d.Line == 1).Message, Does.Contain("b :: Counter").And.Contain("BOGUS"));
        Assert.That(errors.Single(d => d.Line == 2).Message, Does.Contain("q :: Queue").And.Contain("CAPACITY"));
        Assert.That(error.DiagnosticsText, Does.Contain("broken.click:1: ").And.Contain("broken.click:2: "));
        Assert.That(error.Message, Does.Contain("broken.click:1:"));
        Assert.That(errors[0].ToString(), Does.StartWith($"broken.click:{errors[0].Line}: "));
        Assert.That(RouterHandle.Live, Is.EqualTo(before), "a failed creation leaves no router behind");
    }

    [Test]
    public void UnknownClassesAreAllReported()
    {
        var error = Assert.Throws<ClickConfigurationException>(() => Router.Create("a :: NoSuchClass;\nb :: AlsoMissing;\n"))!;
        Assert.That(error.Diagnostics.Select(d => d.Line), Is.SupersetOf(new[] { 1, 2 }));
        Assert.That(error.Diagnostics.All(d => d.File == "config"), Is.True, "unnamed text is called 'config'");
        Assert.That(error.DiagnosticsText, Does.Contain("'NoSuchClass'").And.Contain("'AlsoMissing'"));
    }

    [Test]
    public void SyntaxErrorsAreConfigurationErrors()
    {
        var error = Assert.Throws<ClickConfigurationException>(() => Router.Create("Idle -> Discard(;", "syntax.click"))!;
        Assert.That(error.Diagnostics, Is.Not.Empty);
        Assert.That(error.Diagnostics[0].File, Is.EqualTo("syntax.click"));
        Assert.That(error.Diagnostics[0].Line, Is.EqualTo(1));
    }

    [Test]
    public void StopFromAnotherThreadEndsARun()
    {
        using Router router = Router.Create(EndlessSource);
        Task run = router.RunAsync();
        Assert.That(Polling.Until(() => ulong.Parse(router.ReadHandler("c.count")) > 0, RunTimeout), Is.True,
                    "handler calls are served while the router runs on its own thread");
        Assert.That(router.IsRunning, Is.True);
        Assert.That(() => router.RunRounds(1), Throws.InvalidOperationException, "only one run at a time");
        Assert.That(() => router.ListenTcp(0), Throws.InvalidOperationException, "listening must not overlap a run");

        Task.Run(router.Stop).Wait(RunTimeout);
        Assert.That(run.Wait(RunTimeout), Is.True);
        Assert.That(run.Status, Is.EqualTo(TaskStatus.RanToCompletion));
        Assert.That(router.IsStopped, Is.True);
        Assert.That(router.IsRunning, Is.False);
    }

    [Test]
    public void CancellingRunAsyncStopsTheRouter()
    {
        using Router router = Router.Create(EndlessSource);
        using var cancellation = new CancellationTokenSource();
        Task run = router.RunAsync(cancellation.Token);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(100));
        Assert.That(() => run.Wait(RunTimeout), Throws.InstanceOf<AggregateException>()
                                                    .With.InnerException.InstanceOf<TaskCanceledException>());
        Assert.That(router.IsStopped, Is.True);
    }

    [Test]
    public void DisposeStopsARunAndFreesTheRouterAfterIt()
    {
        int before = RouterHandle.Live;
        Router router = Router.Create(EndlessSource);
        Assert.That(RouterHandle.Live, Is.EqualTo(before + 1));
        Task run = router.RunAsync();
        Assert.That(Polling.Until(() => router.IsRunning, RunTimeout), Is.True);
        router.Dispose();
        Assert.That(run.Wait(RunTimeout), Is.True, "disposal asks the run to stop");
        Assert.That(Polling.Until(() => RouterHandle.Live == before, RunTimeout), Is.True, "freed once the run returned");
        Assert.That(() => router.ReadHandler("c.count"), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(() => router.Stop(), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(() => router.RunAsync(), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(router.Dispose, Throws.Nothing, "disposing twice is harmless");
    }

    [Test]
    public void ServesTheControlProtocolWhileRunning()
    {
        using Router router = Router.Create("InfiniteSource(LIMIT 1000, STOP false) -> c :: Counter -> Discard;");
        int port = router.ListenTcp(0);
        Assert.That(port, Is.InRange(1, 65535));
        Task run = router.RunAsync();
        using (ClickControlClient client = ClickControlClient.ConnectTcp("127.0.0.1", port))
        {
            Assert.That(Polling.Until(() => client.Read("c.count") == "1000", RunTimeout), Is.True);
            client.Write("stop");
        }
        Assert.That(run.Wait(RunTimeout), Is.True, "a write to 'stop' ends the run");
    }

    [Test]
    public void ServesTheControlProtocolOnAUnixSocket()
    {
        string folder = System.IO.Directory.CreateTempSubdirectory("snf-router-").FullName;
        try
        {
            string path = System.IO.Path.Combine(folder, "control");
            using Router router = Router.Create("InfiniteSource(LIMIT 10, STOP false) -> c :: Counter -> Discard;");
            router.ListenUnix(path);
            Task run = router.RunAsync();
            using (ClickControlClient client = ClickControlClient.ConnectUnix(path))
            {
                Assert.That(Polling.Until(() => client.Read("c.count") == "10", RunTimeout), Is.True);
                Assert.That(client.CheckWrite("c.reset"), Is.True);
            }
            router.Stop();
            Assert.That(run.Wait(RunTimeout), Is.True);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void HandlersMayBeCalledFromManyThreadsDuringARun()
    {
        using Router router = Router.Create(EndlessSource);
        Task run = router.RunAsync();
        Task<bool>[] callers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            ulong last = 0;
            for (int i = 0; i < 200; i++)
            {
                ulong count = ulong.Parse(router.ReadHandler("c.count"));
                if (count < last)
                    return false;
                last = count;
            }
            return true;
        })).ToArray();
        Assert.That(Task.WaitAll(callers, RunTimeout), Is.True);
        Assert.That(callers.Select(c => c.Result), Is.All.True, "each caller sees the count only grow");
        router.Stop();
        Assert.That(run.Wait(RunTimeout), Is.True);
    }

    private static ClickHandlerException AssertHandlerFailure(TestDelegate call, ClickStatus status, string handler)
    {
        var error = Assert.Throws<ClickHandlerException>(call)!;
        Assert.That(error.Status, Is.EqualTo(status));
        Assert.That(error.HandlerName, Is.EqualTo(handler));
        Assert.That(error.Message, Is.Not.Empty);
        return error;
    }
}
