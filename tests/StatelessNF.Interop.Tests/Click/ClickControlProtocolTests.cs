// ClickControlClient against scripted loopback servers, for what a well-behaved snf-click
// never does: a wrong greeting, silence, multi-line replies, a malformed reply, a
// connection dropped mid-reply, and QUIT answered before closing as real Click does.
using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using StatelessNF.Interop.Click;

namespace StatelessNF.Interop.Tests.Click;

[TestFixture]
public sealed class ClickControlProtocolTests
{
    private static readonly ClickControlOptions Quick = new() { Timeout = TimeSpan.FromMilliseconds(500) };

    [Test]
    public void AServerThatIsNotAControlSocketIsRefused()
    {
        using var server = ScriptedServer.Start(async (stream, _) => await Send(stream, "+OK redis\r\n"));
        var error = Assert.ThrowsAsync<ClickControlException>(() => ClickControlClient.ConnectTcpAsync("127.0.0.1", server.Port, Quick))!;
        Assert.That(error.Message, Does.Contain("not a Click ControlSocket"));
    }

    [Test]
    public void ASilentServerTimesOut()
    {
        using var server = ScriptedServer.Start((_, token) => Task.Delay(Timeout.Infinite, token));
        Assert.That(() => ClickControlClient.ConnectTcpAsync("127.0.0.1", server.Port, Quick), Throws.InstanceOf<TimeoutException>());
    }

    [Test]
    public async Task ACommandWithoutAnswerTimesOutAndRetiresTheConnection()
    {
        using var server = ScriptedServer.Start(async (stream, token) =>
        {
            await Send(stream, "Click::ControlSocket/1.3\r\n");
            await Task.Delay(Timeout.Infinite, token);
        });
        await using ClickControlClient client = await ClickControlClient.ConnectTcpAsync("127.0.0.1", server.Port, Quick);
        Assert.That(() => client.ReadAsync("c.count"), Throws.InstanceOf<TimeoutException>());
        Assert.That(client.IsUsable, Is.False);
        Assert.That(() => client.ReadAsync("c.count"), Throws.InstanceOf<ClickControlException>());
    }

    [Test]
    public async Task CancellationIsTheCallersAndRetiresTheConnection()
    {
        using var server = ScriptedServer.Start(async (stream, token) =>
        {
            await Send(stream, "Click::ControlSocket/1.3\r\n");
            await Task.Delay(Timeout.Infinite, token);
        });
        await using ClickControlClient client = await ClickControlClient.ConnectTcpAsync("127.0.0.1", server.Port);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.That(() => client.ReadAsync("c.count", cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(client.IsUsable, Is.False);
    }

    [Test]
    public async Task MultiLineRepliesAndNewerVersionsAreUnderstood()
    {
        using var server = ScriptedServer.Start(async (stream, token) =>
        {
            await Send(stream, "Click::ControlSocket/1.4\n");
            await ReadLine(stream, token);
            await Send(stream, "520-Write handler 'x.y' error\r\n520 first problem\r\n");
            await ReadLine(stream, token);
            await Send(stream, "200 Read handler 'x.z' OK\nDATA 3\nabc");
            await ReadLine(stream, token);
            await Send(stream, "200 Goodbye!\r\n");
        });
        ClickControlClient client = await ClickControlClient.ConnectTcpAsync("127.0.0.1", server.Port, Quick);
        Assert.That(client.ProtocolVersion, Is.EqualTo(new Version(1, 4)));
        var error = Assert.ThrowsAsync<ClickControlException>(() => client.WriteAsync("x.y"))!;
        Assert.That(error.Code, Is.EqualTo(ClickControlCodes.HandlerError));
        Assert.That(error.ReplyText, Is.EqualTo("Write handler 'x.y' error\nfirst problem"));
        Assert.That(await client.ReadAsync("x.z"), Is.EqualTo("abc"));
        await client.QuitAsync();
        Assert.That(client.IsUsable, Is.False);
    }

    [Test]
    public async Task MalformedAndTruncatedRepliesAreConnectionFailures()
    {
        using var server = ScriptedServer.Start(async (stream, token) =>
        {
            await Send(stream, "Click::ControlSocket/1.3\r\n");
            await ReadLine(stream, token);
            await Send(stream, "hello there\r\n");
        });
        await using ClickControlClient client = await ClickControlClient.ConnectTcpAsync("127.0.0.1", server.Port, Quick);
        var error = Assert.ThrowsAsync<ClickControlException>(() => client.ReadAsync("a.b"))!;
        Assert.That(error.Code, Is.EqualTo(ClickControlCodes.NoReply));
        Assert.That(error.Message, Does.Contain("malformed"));

        using var dropping = ScriptedServer.Start(async (stream, token) =>
        {
            await Send(stream, "Click::ControlSocket/1.3\r\n");
            await ReadLine(stream, token);
            await Send(stream, "200 Read handler 'a.b' OK\r\nDATA 100\r\nshort");
        });
        await using ClickControlClient second = await ClickControlClient.ConnectTcpAsync("127.0.0.1", dropping.Port, Quick);
        var dropped = Assert.ThrowsAsync<ClickControlException>(() => second.ReadAsync("a.b"))!;
        Assert.That(dropped.Message, Does.Contain("closed"));
    }

    [Test]
    public async Task OverlongLinesAreRefused()
    {
        using var server = ScriptedServer.Start(async (stream, token) =>
        {
            await Send(stream, "Click::ControlSocket/1.3\r\n");
            await ReadLine(stream, token);
            await Send(stream, "200 " + new string('x', 1000) + "\r\n");
        });
        var options = new ClickControlOptions { Timeout = TimeSpan.FromSeconds(2), MaxLineLength = 100 };
        await using ClickControlClient client = await ClickControlClient.ConnectTcpAsync("127.0.0.1", server.Port, options);
        var error = Assert.ThrowsAsync<ClickControlException>(() => client.CheckReadAsync("a.b"))!;
        Assert.That(error.Message, Does.Contain("longer than 100 bytes"));
    }

    [Test]
    public void OptionsAreValidated()
    {
        Assert.That(() => ClickControlClient.ConnectTcpAsync("127.0.0.1", 1, new ClickControlOptions { Timeout = TimeSpan.Zero }),
                    Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => ClickControlClient.ConnectTcpAsync("127.0.0.1", 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => ClickControlClient.ConnectUnixAsync(""), Throws.ArgumentException);
    }

    private static Task Send(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    // Reads one command line from the client (byte by byte: scripts are tiny).
    private static async Task ReadLine(NetworkStream stream, CancellationToken token)
    {
        var one = new byte[1];
        for (int i = 0; i < 4096; i++)
        {
            if (await stream.ReadAsync(one, token) == 0 || one[0] == (byte)'\n')
                return;
        }
    }

    /// <summary>A loopback server that runs one script for the first client and then closes.</summary>
    private sealed class ScriptedServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;

        private ScriptedServer(Func<NetworkStream, CancellationToken, Task> script)
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _serving = Serve(script);
        }

        public int Port { get; }

        public static ScriptedServer Start(Func<NetworkStream, CancellationToken, Task> script) => new(script);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                _serving.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The script ended by cancellation or a closed client; either is fine here.
            }
            _stop.Dispose();
        }

        private async Task Serve(Func<NetworkStream, CancellationToken, Task> script)
        {
            using TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            using NetworkStream stream = client.GetStream();
            try
            {
                await script(stream, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (System.IO.IOException)
            {
            }
        }
    }
}
