// ClickControlClient against a real snf-click process (TCP on a free loopback port, and a
// UNIX socket in a temporary folder): the greeting, reads, writes, checks, Click's error
// codes, misuse, bounded replies and concurrent callers. Every process is killed in
// TearDown, whatever the test's outcome.
using System;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using StatelessNF.Interop.Click;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests.Click;

[TestFixture]
[NonParallelizable]
public sealed class ClickControlClientTests
{
    private const string Config = "i :: InfiniteSource(LIMIT 1000, STOP false) -> c :: Counter -> Discard;";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private SnfClickProcess? _click;

    [TearDown]
    public void KillClick()
    {
        _click?.Dispose();
        _click = null;
    }

    private async Task<ClickControlClient> StartAndConnectAsync(ClickControlOptions? options = null)
    {
        _click = SnfClickProcess.StartTcp(Config);
        return await ClickControlClient.ConnectTcpAsync("127.0.0.1", _click.Port, options);
    }

    [Test]
    public async Task ReadsTheGreetingAndProtocolVersion()
    {
        await using ClickControlClient client = await StartAndConnectAsync();
        Assert.That(client.Greeting, Is.EqualTo("Click::ControlSocket/1.3"));
        Assert.That(client.ProtocolVersion, Is.EqualTo(new Version(1, 3)));
        Assert.That(client.IsUsable, Is.True);
    }

    [Test]
    public async Task ReadsGlobalAndElementHandlers()
    {
        await using ClickControlClient client = await StartAndConnectAsync();
        Assert.That(await client.ReadAsync("version"), Is.EqualTo(Router.NativeVersion));

        string[] list = (await client.ReadAsync("list")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(list[0], Is.EqualTo((list.Length - 1).ToString()));
        Assert.That(list.Skip(1), Does.Contain("i").And.Contain("c"));

        Assert.That(Polling.Until(() => client.Read("c.count") == "1000", Patience), Is.True);
        Assert.That(await client.ReadAsync("config"), Is.EqualTo(Config));
    }

    [Test]
    public async Task WritesHandlersWithCountedData()
    {
        await using ClickControlClient client = await StartAndConnectAsync();
        Assert.That(Polling.Until(() => client.Read("c.count") == "1000", Patience), Is.True);
        string reply = await client.WriteAsync("c.reset");
        Assert.That(reply, Does.Contain("c.reset"));
        Assert.That(await client.ReadAsync("c.count"), Is.EqualTo("0"));
    }

    [Test]
    public async Task WritingStopEndsTheProcess()
    {
        await using ClickControlClient client = await StartAndConnectAsync();
        await client.WriteAsync("stop");
        Assert.That(_click!.WaitForExit(Patience), Is.True, "snf-click exits once its driver stopped");
    }

    [Test]
    public async Task ChecksReportWhetherAHandlerCanBeUsed()
    {
        await using ClickControlClient client = await StartAndConnectAsync();
        Assert.That(await client.CheckReadAsync("c.count"), Is.True);
        Assert.That(await client.CheckWriteAsync("c.reset"), Is.True);
        Assert.That(await client.CheckWriteAsync("c.count"), Is.False, "read-only");
        Assert.That(await client.CheckReadAsync("nosuch.count"), Is.False, "no such element");
        Assert.That(await client.CheckReadAsync("c.nosuch"), Is.False, "no such handler");
        Assert.That(client.CheckRead("version"), Is.True);
        Assert.That(client.CheckWrite("stop"), Is.True);
    }

    [Test]
    public async Task ErrorRepliesCarryClickCodes()
    {
        await using ClickControlClient client = await StartAndConnectAsync();
        await AssertCode(() => client.ReadAsync("nosuch.count"), ClickControlCodes.NoSuchElement, "nosuch");
        await AssertCode(() => client.ReadAsync("c.nosuch"), ClickControlCodes.NoSuchHandler, "c.nosuch");
        await AssertCode(() => client.ReadAsync("c.reset"), ClickControlCodes.PermissionDenied, "write-only");
        await AssertCode(() => client.WriteAsync("c.count", "5"), ClickControlCodes.PermissionDenied, "read-only");
        await AssertCode(() => client.WriteAsync("i.limit", "abc"), ClickControlCodes.HandlerError, "i.limit");
        await AssertCode(() => client.ReadAsync("c.count", "unexpected"), ClickControlCodes.HandlerError, "parameters");
        Assert.That(client.IsUsable, Is.True, "error replies keep the connection in step");
        Assert.That(Polling.Until(() => client.Read("c.count") == "1000", Patience), Is.True);
    }

    [Test]
    public async Task MalformedUseIsRejectedWithoutBreakingTheConnection()
    {
        await using ClickControlClient client = await StartAndConnectAsync();
        Assert.That(() => client.ReadAsync("c count"), Throws.ArgumentException);
        Assert.That(() => client.ReadAsync("c.count\r\nWRITE stop"), Throws.ArgumentException);
        Assert.That(() => client.WriteAsync(""), Throws.ArgumentException);
        Assert.That(() => client.WriteAsync("c.reset", null!), Throws.ArgumentNullException);
        Assert.That(await client.CheckReadAsync("c.count"), Is.True);
        Assert.That(_click!.HasExited, Is.False, "nothing reached the server");
    }

    [Test]
    public async Task OversizedValuesAreRefusedAndTheConnectionRetired()
    {
        var options = new ClickControlOptions { MaxDataLength = 8 };
        await using ClickControlClient client = await StartAndConnectAsync(options);
        var error = Assert.ThrowsAsync<ClickControlException>(() => client.ReadAsync("config"))!;
        Assert.That(error.Code, Is.EqualTo(ClickControlCodes.NoReply));
        Assert.That(error.Message, Does.Contain("limit"));
        Assert.That(client.IsUsable, Is.False);
        Assert.That(() => client.ReadAsync("version"), Throws.InstanceOf<ClickControlException>()
                                                             .With.Message.Contains("no longer usable"));
    }

    [Test]
    public async Task QuitClosesTheSessionButNotTheServer()
    {
        ClickControlClient client = await StartAndConnectAsync();
        await client.QuitAsync();
        Assert.That(client.IsUsable, Is.False);
        Assert.That(() => client.ReadAsync("version"), Throws.InstanceOf<ObjectDisposedException>());
        await client.DisposeAsync();

        using ClickControlClient second = ClickControlClient.ConnectTcp("127.0.0.1", _click!.Port);
        Assert.That(second.Read("version"), Is.EqualTo(Router.NativeVersion));
        second.Quit();
    }

    [Test]
    public async Task ConcurrentCallersTakeTurns()
    {
        await using ClickControlClient client = await StartAndConnectAsync();
        Assert.That(Polling.Until(() => client.Read("c.count") == "1000", Patience), Is.True);
        Task<string>[] reads = Enumerable.Range(0, 16)
            .Select(i => i % 2 == 0 ? Task.Run(() => client.ReadAsync("c.count")) : Task.Run(() => client.ReadAsync("version")))
            .ToArray();
        Assert.That(Task.WaitAll(reads, Patience), Is.True);
        for (int i = 0; i < reads.Length; i++)
            Assert.That(reads[i].Result, Is.EqualTo(i % 2 == 0 ? "1000" : Router.NativeVersion));
    }

    [Test]
    public async Task WorksOverAUnixSocket()
    {
        _click = SnfClickProcess.StartUnix(Config);
        await using ClickControlClient client = await ClickControlClient.ConnectUnixAsync(_click.SocketPath!);
        Assert.That(client.ProtocolVersion, Is.EqualTo(new Version(1, 3)));
        Assert.That(Polling.Until(() => client.Read("c.count") == "1000", Patience), Is.True);
        await AssertCode(() => client.ReadAsync("nosuch.count"), ClickControlCodes.NoSuchElement, "nosuch");
        await client.WriteAsync("c.reset");
        Assert.That(await client.ReadAsync("c.count"), Is.EqualTo("0"));
        await client.QuitAsync();
    }

    [Test]
    public void ConnectingWhereNothingListensFails()
    {
        int port;
        using (_click = SnfClickProcess.StartTcp(Config))
            port = _click.Port;
        _click = null;
        var error = Assert.ThrowsAsync<ClickControlException>(() => ClickControlClient.ConnectTcpAsync("127.0.0.1", port))!;
        Assert.That(error.Code, Is.EqualTo(ClickControlCodes.NoReply));
        Assert.That(error.Message, Does.Contain($"127.0.0.1:{port}"));
    }

    private static async Task AssertCode(Func<Task> call, int code, string textPart)
    {
        try
        {
            await call();
        }
        catch (ClickControlException error)
        {
            Assert.That(error.Code, Is.EqualTo(code), error.Message);
            Assert.That(error.ReplyText, Does.Contain(textPart));
            Assert.That(error.Message, Does.StartWith(code.ToString()));
            return;
        }
        Assert.Fail($"expected a {code} reply");
    }
}
