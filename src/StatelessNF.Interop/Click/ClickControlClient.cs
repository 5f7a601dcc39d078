// ClickControlClient: a client of Click's ControlSocket protocol, written to the protocol
// so it talks to real Click as well as to snf-click and Router.ListenTcp/ListenUnix. It
// reads the greeting, sends one command at a time (a SemaphoreSlim serializes callers),
// bounds every reply and every wait, and reports error replies with their numeric code.
// A command interrupted half-way (timeout, cancellation, broken stream) leaves the
// connection out of step with the server, so the connection is then marked unusable.
using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StatelessNF.Interop.Click.Internal;

namespace StatelessNF.Interop.Click;

/// <summary>
/// A connection to a Click ControlSocket (TCP or UNIX-domain). Thread-safe: concurrent
/// calls are carried out one after the other.
/// </summary>
/// <remarks>
/// Handler values are exchanged as UTF-8 text. Error replies throw
/// <see cref="ClickControlException"/> with the server's code (510 no such element, 511 no
/// such handler, 520 handler error, 530 permission denied, ...). A command that times out
/// throws <see cref="TimeoutException"/>, one that is cancelled throws
/// <see cref="OperationCanceledException"/>; after either, or after a broken or malformed
/// reply, the connection refuses further commands.
/// </remarks>
public sealed class ClickControlClient : IAsyncDisposable, IDisposable
{
    /// <summary>The beginning of every ControlSocket greeting; the protocol version follows it.</summary>
    public const string GreetingPrefix = "Click::ControlSocket/";

    private static readonly byte[] CrLf = { (byte)'\r', (byte)'\n' };

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly ControlStreamReader _reader;
    private readonly ClickControlOptions _options;
    private readonly SemaphoreSlim _commandGate = new(1, 1);
    private Exception? _fault;
    private int _disposed;

    private ClickControlClient(Socket socket, ClickControlOptions options)
    {
        _socket = socket;
        _options = options;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new ControlStreamReader(_stream, options);
    }

    /// <summary>The server's greeting line, e.g. "Click::ControlSocket/1.3".</summary>
    public string Greeting { get; private set; } = "";

    /// <summary>The protocol version the greeting announced, e.g. 1.3.</summary>
    public Version ProtocolVersion { get; private set; } = new(0, 0);

    /// <summary>The limits this connection applies.</summary>
    public ClickControlOptions Options => _options;

    /// <summary>False once the connection was closed, quit, or left unusable by a failed command.</summary>
    public bool IsUsable => Volatile.Read(ref _disposed) == 0 && Volatile.Read(ref _fault) is null;

    // ---- Connecting ---------------------------------------------------------------------

    /// <summary>Connects to a ControlSocket on TCP and reads its greeting.</summary>
    /// <param name="host">The host name or address.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="options">Timeouts and bounds; <see cref="ClickControlOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <exception cref="ClickControlException">The connection failed or the server is not a ControlSocket.</exception>
    /// <exception cref="TimeoutException">No greeting within <see cref="ClickControlOptions.Timeout"/>.</exception>
    public static Task<ClickControlClient> ConnectTcpAsync(string host, int port, ClickControlOptions? options = null,
                                                           CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        return ConnectAsync(() => new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true },
                            (socket, token) => socket.ConnectAsync(host, port, token),
                            $"{host}:{port}", options, cancellationToken);
    }

    /// <summary>Connects to a ControlSocket on a UNIX-domain socket and reads its greeting.</summary>
    /// <param name="path">The socket's path.</param>
    /// <param name="options">Timeouts and bounds; <see cref="ClickControlOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <exception cref="ClickControlException">The connection failed or the server is not a ControlSocket.</exception>
    /// <exception cref="TimeoutException">No greeting within <see cref="ClickControlOptions.Timeout"/>.</exception>
    public static Task<ClickControlClient> ConnectUnixAsync(string path, ClickControlOptions? options = null,
                                                            CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var endpoint = new UnixDomainSocketEndPoint(path);
        return ConnectAsync(() => new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified),
                            (socket, token) => socket.ConnectAsync(endpoint, token),
                            path, options, cancellationToken);
    }

    /// <summary>Blocking twin of <see cref="ConnectTcpAsync"/>.</summary>
    /// <param name="host">The host name or address.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="options">Timeouts and bounds; <see cref="ClickControlOptions.Default"/> when null.</param>
    public static ClickControlClient ConnectTcp(string host, int port, ClickControlOptions? options = null) =>
        ConnectTcpAsync(host, port, options).GetAwaiter().GetResult();

    /// <summary>Blocking twin of <see cref="ConnectUnixAsync"/>.</summary>
    /// <param name="path">The socket's path.</param>
    /// <param name="options">Timeouts and bounds; <see cref="ClickControlOptions.Default"/> when null.</param>
    public static ClickControlClient ConnectUnix(string path, ClickControlOptions? options = null) =>
        ConnectUnixAsync(path, options).GetAwaiter().GetResult();

    // ---- Commands -----------------------------------------------------------------------

    /// <summary>Calls a read handler (READ).</summary>
    /// <param name="handler">"element.handler" or a global handler such as "version" or "list".</param>
    /// <param name="cancellationToken">Cancels the command (the connection is then unusable).</param>
    /// <returns>The handler's value.</returns>
    /// <exception cref="ClickControlException">The server replied with an error code, or the connection failed.</exception>
    public Task<string> ReadAsync(string handler, CancellationToken cancellationToken = default)
    {
        CheckHandlerName(handler);
        return ReadCoreAsync($"READ {handler}", null, cancellationToken);
    }

    /// <summary>Calls a read handler with parameters (READDATA, the parameters sent as a counted block).</summary>
    /// <param name="handler">"element.handler" or a global handler.</param>
    /// <param name="parameter">The parameters.</param>
    /// <param name="cancellationToken">Cancels the command (the connection is then unusable).</param>
    /// <returns>The handler's value.</returns>
    /// <exception cref="ClickControlException">The server replied with an error code, or the connection failed.</exception>
    public Task<string> ReadAsync(string handler, string parameter, CancellationToken cancellationToken = default)
    {
        CheckHandlerName(handler);
        ArgumentNullException.ThrowIfNull(parameter);
        byte[] data = Encoding.UTF8.GetBytes(parameter);
        return ReadCoreAsync($"READDATA {handler} {data.Length}", data, cancellationToken);
    }

    /// <summary>Calls a write handler (WRITEDATA, the value sent as a counted block so it may hold any bytes).</summary>
    /// <param name="handler">"element.handler" or a global handler such as "stop".</param>
    /// <param name="data">The value to write.</param>
    /// <param name="cancellationToken">Cancels the command (the connection is then unusable).</param>
    /// <returns>The reply's text, e.g. "Write handler 'c.reset' OK", with any warnings.</returns>
    /// <exception cref="ClickControlException">The server replied with an error code, or the connection failed.</exception>
    public async Task<string> WriteAsync(string handler, string data = "", CancellationToken cancellationToken = default)
    {
        CheckHandlerName(handler);
        ArgumentNullException.ThrowIfNull(data);
        byte[] bytes = Encoding.UTF8.GetBytes(data);
        ControlReply reply = await CommandAsync($"WRITEDATA {handler} {bytes.Length}", bytes, readsData: false,
                                                cancellationToken).ConfigureAwait(false);
        return reply.Text;
    }

    /// <summary>Asks whether a read handler exists and is readable (CHECKREAD).</summary>
    /// <param name="handler">"element.handler" or a global handler.</param>
    /// <param name="cancellationToken">Cancels the command (the connection is then unusable).</param>
    /// <returns>False when the server answers no such element, no such handler or permission denied.</returns>
    /// <exception cref="ClickControlException">Any other error reply, or the connection failed.</exception>
    public Task<bool> CheckReadAsync(string handler, CancellationToken cancellationToken = default)
    {
        CheckHandlerName(handler);
        return CheckCoreAsync($"CHECKREAD {handler}", cancellationToken);
    }

    /// <summary>Asks whether a write handler exists and is writable (CHECKWRITE).</summary>
    /// <param name="handler">"element.handler" or a global handler.</param>
    /// <param name="cancellationToken">Cancels the command (the connection is then unusable).</param>
    /// <returns>False when the server answers no such element, no such handler or permission denied.</returns>
    /// <exception cref="ClickControlException">Any other error reply, or the connection failed.</exception>
    public Task<bool> CheckWriteAsync(string handler, CancellationToken cancellationToken = default)
    {
        CheckHandlerName(handler);
        return CheckCoreAsync($"CHECKWRITE {handler}", cancellationToken);
    }

    /// <summary>Ends the session (QUIT), waits for the server to close its side, and closes the connection.</summary>
    /// <param name="cancellationToken">Cancels waiting; the connection is closed either way.</param>
    public async Task QuitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _commandGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _fault) is null)
                await QuitCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _commandGate.Release();
            Dispose();
        }
    }

    /// <summary>Blocking twin of <see cref="ReadAsync(string, CancellationToken)"/>.</summary>
    /// <param name="handler">"element.handler" or a global handler.</param>
    public string Read(string handler) => ReadAsync(handler).GetAwaiter().GetResult();

    /// <summary>Blocking twin of <see cref="ReadAsync(string, string, CancellationToken)"/>.</summary>
    /// <param name="handler">"element.handler" or a global handler.</param>
    /// <param name="parameter">The parameters.</param>
    public string Read(string handler, string parameter) => ReadAsync(handler, parameter).GetAwaiter().GetResult();

    /// <summary>Blocking twin of <see cref="WriteAsync"/>.</summary>
    /// <param name="handler">"element.handler" or a global handler.</param>
    /// <param name="data">The value to write.</param>
    /// <returns>The reply's text.</returns>
    public string Write(string handler, string data = "") => WriteAsync(handler, data).GetAwaiter().GetResult();

    /// <summary>Blocking twin of <see cref="CheckReadAsync"/>.</summary>
    /// <param name="handler">"element.handler" or a global handler.</param>
    public bool CheckRead(string handler) => CheckReadAsync(handler).GetAwaiter().GetResult();

    /// <summary>Blocking twin of <see cref="CheckWriteAsync"/>.</summary>
    /// <param name="handler">"element.handler" or a global handler.</param>
    public bool CheckWrite(string handler) => CheckWriteAsync(handler).GetAwaiter().GetResult();

    /// <summary>Blocking twin of <see cref="QuitAsync"/>.</summary>
    public void Quit() => QuitAsync().GetAwaiter().GetResult();

    /// <summary>Closes the connection without QUIT; a command in flight fails.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stream.Dispose();
        // The gate is not disposed: a command still waiting on it must be able to release it.
    }

    /// <summary>Closes the connection without QUIT; a command in flight fails.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    // ---- Internals ----------------------------------------------------------------------

    private static async Task<ClickControlClient> ConnectAsync(Func<Socket> createSocket, Func<Socket, CancellationToken, ValueTask> connect, string where,
                                                               ClickControlOptions? options, CancellationToken cancellationToken)
    {
        options ??= ClickControlOptions.Default;
        options.Validate();
        Socket socket = createSocket();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        ClickControlClient? client = null;
        try
        {
            await connect(socket, deadline.Token).ConfigureAwait(false);
            client = new ClickControlClient(socket, options);
            string greeting = await client._reader.ReadLineAsync(deadline.Token).ConfigureAwait(false);
            client.AcceptGreeting(greeting, where);
            return client;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Close(client, socket);
            throw new TimeoutException($"No ControlSocket greeting from {where} within {options.Timeout}.");
        }
        catch (Exception failure) when (failure is IOException or SocketException)
        {
            Close(client, socket);
            throw new ClickControlException($"Could not connect to the ControlSocket at {where}: {failure.Message}", failure);
        }
        catch
        {
            Close(client, socket);
            throw;
        }
    }

    private static void Close(ClickControlClient? client, Socket socket)
    {
        if (client is not null)
            client.Dispose();
        else
            socket.Dispose();
    }

    private void AcceptGreeting(string greeting, string where)
    {
        if (!greeting.StartsWith(GreetingPrefix, StringComparison.Ordinal) ||
            !Version.TryParse(greeting[GreetingPrefix.Length..].Trim(), out Version? version))
        {
            throw new ClickControlException(ClickControlCodes.NoReply,
                $"The server at {where} is not a Click ControlSocket: it greeted with '{(greeting.Length > 80 ? greeting[..80] : greeting)}'.");
        }
        Greeting = greeting;
        ProtocolVersion = version;
    }

    private async Task<string> ReadCoreAsync(string command, byte[]? data, CancellationToken cancellationToken)
    {
        ControlReply reply = await CommandAsync(command, data, readsData: true, cancellationToken).ConfigureAwait(false);
        return reply.Text;
    }

    private async Task<bool> CheckCoreAsync(string command, CancellationToken cancellationToken)
    {
        try
        {
            await CommandAsync(command, null, readsData: false, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ClickControlException refused) when (refused.Code is ClickControlCodes.NoSuchElement
                                                        or ClickControlCodes.NoSuchHandler
                                                        or ClickControlCodes.PermissionDenied)
        {
            return false;
        }
    }

    // Sends one command (and its data block), reads the reply and, for a successful read,
    // the "DATA n" line and the n bytes after it. For reads the returned reply's text is
    // the handler value; otherwise it is the reply's own text.
    private async Task<ControlReply> CommandAsync(string command, byte[]? data, bool readsData, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        await _commandGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.Timeout);
            try
            {
                await SendAsync(command, data, deadline.Token).ConfigureAwait(false);
                ControlReply reply = await _reader.ReadReplyAsync(deadline.Token).ConfigureAwait(false);
                if (!reply.IsSuccess)
                    throw reply.ToException();
                if (!readsData)
                    return reply;
                byte[] value = await ReadDataBlockAsync(deadline.Token).ConfigureAwait(false);
                return new ControlReply(reply.Code, new[] { Encoding.UTF8.GetString(value) });
            }
            catch (ClickControlException error) when (error.Code != ClickControlCodes.NoReply)
            {
                throw;  // an error reply leaves the connection in step
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
            {
                var timeout = new TimeoutException($"The ControlSocket did not answer '{command}' within {_options.Timeout}.");
                Fault(timeout);
                throw timeout;
            }
            catch (Exception failure) when (failure is IOException or SocketException or ObjectDisposedException)
            {
                if (Volatile.Read(ref _disposed) != 0)
                    throw new ObjectDisposedException(nameof(ClickControlClient), "The control connection was closed.");
                var broken = new ClickControlException($"The ControlSocket connection failed during '{command}': {failure.Message}", failure);
                Fault(broken);
                throw broken;
            }
            catch (Exception failure)
            {
                Fault(failure);
                throw;
            }
        }
        finally
        {
            _commandGate.Release();
        }
    }

    private async Task SendAsync(string command, byte[]? data, CancellationToken cancellationToken)
    {
        byte[] line = Encoding.UTF8.GetBytes(command);
        var message = new byte[line.Length + CrLf.Length + (data?.Length ?? 0)];
        line.CopyTo(message, 0);
        CrLf.CopyTo(message, line.Length);
        data?.CopyTo(message, line.Length + CrLf.Length);
        await _stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> ReadDataBlockAsync(CancellationToken cancellationToken)
    {
        string header = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        const string prefix = "DATA ";
        if (!header.StartsWith(prefix, StringComparison.Ordinal) ||
            !long.TryParse(header.AsSpan(prefix.Length), System.Globalization.NumberStyles.None,
                           System.Globalization.CultureInfo.InvariantCulture, out long length))
        {
            throw new ClickControlException(ClickControlCodes.NoReply,
                $"The server sent '{(header.Length > 80 ? header[..80] : header)}' where a 'DATA n' line belongs.");
        }
        if (length > _options.MaxDataLength)
            throw new ClickControlException(ClickControlCodes.NoReply,
                $"The server sent a {length}-byte value; the limit is {_options.MaxDataLength} bytes.");
        return await _reader.ReadExactAsync((int)length, cancellationToken).ConfigureAwait(false);
    }

    // QUIT: real Click may answer before closing, snf-click closes at once; either way the
    // end of the stream is the acknowledgement. Anything but a success reply is an error.
    private async Task QuitCoreAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            await SendAsync("QUIT", null, deadline.Token).ConfigureAwait(false);
            if (await _reader.AtEndAsync(deadline.Token).ConfigureAwait(false))
                return;
            ControlReply reply = await _reader.ReadReplyAsync(deadline.Token).ConfigureAwait(false);
            if (!reply.IsSuccess)
                throw reply.ToException();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"The ControlSocket did not close the connection within {_options.Timeout} of QUIT.");
        }
        catch (ClickControlException closed) when (closed.Code == ClickControlCodes.NoReply && closed.InnerException is null)
        {
            // The server closed mid-line after QUIT: it is gone, which is what QUIT asked for.
        }
        catch (IOException)
        {
            // A reset after QUIT is the server going away too.
        }
    }

    private void Fault(Exception cause) => Interlocked.CompareExchange(ref _fault, cause, null);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private void ThrowIfUnusable()
    {
        ThrowIfDisposed();
        Exception? fault = Volatile.Read(ref _fault);
        if (fault is not null)
            throw new ClickControlException($"The ControlSocket connection is no longer usable after an earlier failure: {fault.Message}", fault);
    }

    // A handler name is one word of the command line: no spaces, no line breaks, no controls.
    private static void CheckHandlerName(string handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(handler);
        foreach (char c in handler)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
                throw new ArgumentException($"The handler name '{handler}' contains whitespace or a control character.", nameof(handler));
        }
    }
}
