// Router: a Click configuration installed in this process through libsnf_router. Creation
// reports every configuration problem at once; the router then runs on the calling thread
// (Run, RunRounds) or on a dedicated one (RunAsync), and its handlers can be called from
// any thread. Every status is checked through RouterErrors, and the native router is a
// SafeHandle so disposal never frees it under a run or a handler call still in flight.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StatelessNF.Interop.Click.Internal;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Click;

/// <summary>
/// An embedded Click-compatible router. Thread-safe for <see cref="Stop"/>,
/// <see cref="ReadHandler"/> and <see cref="WriteHandler"/>; at most one run
/// (<see cref="Run"/>, <see cref="RunRounds"/>, <see cref="RunAsync"/>) is active at a
/// time, and the listen calls are refused while one is.
/// </summary>
/// <remarks>
/// While a run is active on another thread, handler calls are carried out on the router's
/// thread between two scheduler rounds, the way Click's ControlSocket calls them.
/// </remarks>
public sealed unsafe class Router : IDisposable
{
    // First guess for a handler value; larger values are read again at their exact size.
    private const int InitialValueCapacity = 4096;
    // A value may grow between the size query and the second read; give up after this many.
    private const int MaxReadAttempts = 4;

    private readonly RouterHandle _handle;
    private int _runActive;

    private Router(RouterHandle handle, IReadOnlyList<ClickDiagnostic> diagnostics)
    {
        _handle = handle;
        Diagnostics = diagnostics;
    }

    /// <summary>The native runtime's version, e.g. "0.1.0".</summary>
    public static string NativeVersion =>
        Marshal.PtrToStringUTF8((IntPtr)SnfRouterNative.snf_router_version()) ?? "";

    /// <summary>The warnings and notes the configuration produced (it had no errors).</summary>
    public IReadOnlyList<ClickDiagnostic> Diagnostics { get; }

    /// <summary>True while a run is active on some thread.</summary>
    public bool IsRunning => Volatile.Read(ref _runActive) != 0;

    /// <summary>True once a run ended because the driver stopped; the router will not run again.</summary>
    public bool IsStopped
    {
        get
        {
            using var lease = new RouterLease(_handle);
            int stopped = 0;
            RouterErrors.Check(SnfRouterNative.snf_router_stopped(lease.Pointer, &stopped), lease.Pointer);
            return stopped != 0;
        }
    }

    /// <summary>Parses, checks, configures and initializes a Click configuration.</summary>
    /// <param name="config">The configuration text in Click's language.</param>
    /// <param name="fileName">The name diagnostics give the text ("config" when null).</param>
    /// <param name="definitions">Values of the configuration's <c>$NAME</c> parameters, keyed by NAME (without the '$').</param>
    /// <returns>The installed router, ready to run.</returns>
    /// <exception cref="ClickConfigurationException">The configuration has errors; all of them are listed.</exception>
    /// <exception cref="ArgumentException">A text contains a NUL character, or a definition's name is empty or contains '='.</exception>
    public static Router Create(string config, string? fileName = null, IReadOnlyDictionary<string, string>? definitions = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Contains('\0'))
            throw new ArgumentException("The configuration contains a NUL character.", nameof(config));
        byte[] configBytes = Encoding.UTF8.GetBytes(config);
        byte[]? nameBytes = fileName is null ? null : ToNullTerminated(fileName, nameof(fileName));
        byte[] definitionBytes = EncodeDefinitions(definitions, out int[] offsets);

        var definitionPointers = new byte*[offsets.Length];
        snf_router* router = null;
        snf_router_diagnostics* list = null;
        int status;
        fixed (byte* c = configBytes)
        fixed (byte* n = nameBytes)
        fixed (byte* d = definitionBytes)
        fixed (byte** p = definitionPointers)
        {
            for (int i = 0; i < offsets.Length; i++)
                p[i] = d + offsets[i];
            status = SnfRouterNative.snf_router_create(c, (nuint)configBytes.Length, n, offsets.Length == 0 ? null : p,
                                                       (uint)offsets.Length, &router, &list);
        }

        IReadOnlyList<ClickDiagnostic> diagnostics;
        string text;
        try
        {
            diagnostics = ReadDiagnostics(list);
            text = list == null ? "" : Marshal.PtrToStringUTF8((IntPtr)SnfRouterNative.snf_router_diagnostics_text(list)) ?? "";
        }
        finally
        {
            SnfRouterNative.snf_router_diagnostics_free(list);
        }

        if (status == (int)snf_router_status.SNF_ROUTER_ERR_CONFIG)
            throw RouterErrors.Configuration(diagnostics, text);
        if (status != (int)snf_router_status.SNF_ROUTER_OK)
        {
            // No router exists to hold a message; the status and the diagnostics are all there is.
            RouterErrors.Throw(status, text.Length == 0 ? null : text.TrimEnd('\n'));
        }
        if (router == null)
            RouterErrors.Throw((int)snf_router_status.SNF_ROUTER_ERR_INTERNAL, "snf_router_create succeeded without returning a router.");
        return new Router(RouterHandle.Adopt(router), diagnostics);
    }

    /// <summary>Runs at most <paramref name="rounds"/> scheduler rounds without sleeping.</summary>
    /// <param name="rounds">The most rounds to run.</param>
    /// <returns>True when the driver stopped (the router will not run again); false when the rounds ran out.</returns>
    /// <exception cref="ClickStoppedException">The router had already stopped.</exception>
    /// <exception cref="InvalidOperationException">Another run is active.</exception>
    public bool RunRounds(ulong rounds)
    {
        using var lease = new RouterLease(_handle);
        EnterRun();
        try
        {
            int outcome = 0;
            RouterErrors.Check(SnfRouterNative.snf_router_run_rounds(lease.Pointer, rounds, &outcome), lease.Pointer);
            return outcome == (int)snf_router_run_outcome.SNF_ROUTER_RUN_STOPPED;
        }
        finally
        {
            ExitRun();
        }
    }

    /// <summary>Runs on the calling thread until the driver stops (see <see cref="Stop"/>); returns at once if it already did.</summary>
    /// <exception cref="InvalidOperationException">Another run is active.</exception>
    public void Run()
    {
        using var lease = new RouterLease(_handle);
        EnterRun();
        try
        {
            RouterErrors.Check(SnfRouterNative.snf_router_run(lease.Pointer), lease.Pointer);
        }
        finally
        {
            ExitRun();
        }
    }

    /// <summary>Runs on a dedicated thread until the driver stops.</summary>
    /// <param name="cancellationToken">Cancelling it requests a stop, like <see cref="Stop"/>.</param>
    /// <returns>
    /// A task that completes when the run ended: canceled when <paramref name="cancellationToken"/>
    /// caused the stop, faulted with a <see cref="ClickException"/> when the run failed.
    /// </returns>
    /// <exception cref="InvalidOperationException">Another run is active.</exception>
    public Task RunAsync(CancellationToken cancellationToken = default)
    {
        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(Router), "The router was disposed.");
        }

        try
        {
            EnterRun();
        }
        catch
        {
            _handle.DangerousRelease();
            throw;
        }

        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IntPtr pointer = (IntPtr)_handle.Pointer;
        // The run thread holds a reference until this registration is disposed, so the
        // callback always sees a live router.
        CancellationTokenRegistration registration = cancellationToken.Register(
            static state => SnfRouterNative.snf_router_stop((snf_router*)(IntPtr)state!), pointer);
        var thread = new Thread(() => RunOnThread(pointer, registration, completion, cancellationToken))
        {
            IsBackground = true,
            Name = "Click router",
        };
        try
        {
            thread.Start();
        }
        catch
        {
            registration.Dispose();
            ExitRun();
            _handle.DangerousRelease();
            throw;
        }
        return completion.Task;
    }

    /// <summary>
    /// Counts one stop request, like a write to Click's <c>stop</c> handler, and wakes a
    /// sleeping run. Safe from any thread; a DriverManager element may consume requests.
    /// </summary>
    public void Stop()
    {
        using var lease = new RouterLease(_handle);
        RouterErrors.Check(SnfRouterNative.snf_router_stop(lease.Pointer), lease.Pointer);
    }

    /// <summary>Calls a read handler and returns its value.</summary>
    /// <param name="name">"element.handler", or a global handler such as "version", "list" or "config".</param>
    /// <param name="parameter">Parameters for handlers that take them; null for none.</param>
    /// <returns>The handler's value, decoded as UTF-8.</returns>
    /// <exception cref="ClickHandlerException">No such element or handler, the handler is write-only, or it failed.</exception>
    public string ReadHandler(string name, string? parameter = null)
    {
        byte[] nameBytes = ToNullTerminated(name, nameof(name));
        byte[] parameterBytes = parameter is null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(parameter);
        using var lease = new RouterLease(_handle);

        int capacity = InitialValueCapacity;
        for (int attempt = 0; attempt < MaxReadAttempts; attempt++)
        {
            byte[] buffer = new byte[capacity];
            nuint length = 0;
            int status;
            fixed (byte* n = nameBytes)
            fixed (byte* p = parameterBytes)
            fixed (byte* b = buffer)
                status = SnfRouterNative.snf_router_read_handler(lease.Pointer, n, p, (nuint)parameterBytes.Length, b,
                                                                 (nuint)buffer.Length, &length);
            if (status == (int)snf_router_status.SNF_ROUTER_ERR_BUFFER_TOO_SMALL && length > (nuint)capacity
                && length <= (nuint)Array.MaxLength)
            {
                // The value may grow again before the next call (a running router's table
                // dump): leave headroom instead of asking for exactly the last size.
                capacity = (int)Math.Min((ulong)Array.MaxLength, (ulong)length + (ulong)length / 2 + 4096);
                continue;
            }
            RouterErrors.Check(status, lease.Pointer, name);
            return Encoding.UTF8.GetString(buffer, 0, (int)length);
        }
        throw RouterErrors.Create((int)snf_router_status.SNF_ROUTER_ERR_BUFFER_TOO_SMALL,
                                  $"The value of handler '{name}' kept growing while it was read.", name);
    }

    /// <summary>Calls a write handler.</summary>
    /// <param name="name">"element.handler", or a global handler such as "stop".</param>
    /// <param name="value">The value to write, encoded as UTF-8.</param>
    /// <exception cref="ClickHandlerException">No such element or handler, the handler is read-only, or it failed.</exception>
    public void WriteHandler(string name, string value = "")
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] nameBytes = ToNullTerminated(name, nameof(name));
        byte[] valueBytes = Encoding.UTF8.GetBytes(value);
        using var lease = new RouterLease(_handle);
        fixed (byte* n = nameBytes)
        fixed (byte* v = valueBytes)
            RouterErrors.Check(SnfRouterNative.snf_router_write_handler(lease.Pointer, n, v, (nuint)valueBytes.Length),
                               lease.Pointer, name);
    }

    /// <summary>Serves Click's ControlSocket protocol on 127.0.0.1, from the router's thread while it runs.</summary>
    /// <param name="port">The TCP port; 0 picks a free one.</param>
    /// <returns>The port listened on.</returns>
    /// <exception cref="ClickSocketException">The socket could not be opened.</exception>
    /// <exception cref="InvalidOperationException">A run is active.</exception>
    public int ListenTcp(int port = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        using var lease = new RouterLease(_handle);
        EnterRun();
        try
        {
            ushort actual = 0;
            RouterErrors.Check(SnfRouterNative.snf_router_listen_tcp(lease.Pointer, (ushort)port, &actual), lease.Pointer);
            return actual;
        }
        finally
        {
            ExitRun();
        }
    }

    /// <summary>Serves Click's ControlSocket protocol on a UNIX-domain socket, from the router's thread while it runs.</summary>
    /// <param name="path">The socket's path.</param>
    /// <exception cref="ClickSocketException">The socket could not be opened.</exception>
    /// <exception cref="InvalidOperationException">A run is active.</exception>
    public void ListenUnix(string path)
    {
        byte[] pathBytes = ToNullTerminated(path, nameof(path));
        using var lease = new RouterLease(_handle);
        EnterRun();
        try
        {
            fixed (byte* p = pathBytes)
                RouterErrors.Check(SnfRouterNative.snf_router_listen_unix(lease.Pointer, p), lease.Pointer);
        }
        finally
        {
            ExitRun();
        }
    }

    /// <summary>
    /// Releases the router. A run still active is asked to stop; the native router is freed
    /// once that run and every other call in flight returned.
    /// </summary>
    public void Dispose()
    {
        if (_handle.IsClosed)
            return;
        if (IsRunning)
        {
            try
            {
                Stop();
            }
            catch (ObjectDisposedException)
            {
                // Another thread disposed it meanwhile; nothing left to stop.
            }
        }
        _handle.Dispose();
    }

    private void RunOnThread(IntPtr pointer, CancellationTokenRegistration registration, TaskCompletionSource completion,
                             CancellationToken cancellationToken)
    {
        var router = (snf_router*)pointer;
        try
        {
            int status = SnfRouterNative.snf_router_run(router);
            if (status != (int)snf_router_status.SNF_ROUTER_OK)
                completion.TrySetException(RouterErrors.Create(status, RouterErrors.LastError(router)));
            else if (cancellationToken.IsCancellationRequested)
                completion.TrySetCanceled(cancellationToken);
            else
                completion.TrySetResult();
        }
        catch (Exception failure)
        {
            completion.TrySetException(failure);
        }
        finally
        {
            registration.Dispose();
            ExitRun();
            _handle.DangerousRelease();
        }
    }

    private void EnterRun()
    {
        if (Interlocked.CompareExchange(ref _runActive, 1, 0) != 0)
            throw new InvalidOperationException("The router is already running on another thread; only one run may be active.");
    }

    private void ExitRun() => Volatile.Write(ref _runActive, 0);

    private static IReadOnlyList<ClickDiagnostic> ReadDiagnostics(snf_router_diagnostics* list)
    {
        uint count = SnfRouterNative.snf_router_diagnostics_count(list);
        var entries = new List<ClickDiagnostic>((int)Math.Min(count, 1024u));
        for (uint i = 0; i < count; i++)
        {
            byte* file = null;
            byte* message = null;
            uint line = 0;
            int severity = 0;
            if (SnfRouterNative.snf_router_diagnostics_get(list, i, &file, &line, &severity, &message) != 0)
                continue;
            entries.Add(new ClickDiagnostic(
                Marshal.PtrToStringUTF8((IntPtr)file) ?? "",
                (int)Math.Min(line, int.MaxValue),
                Enum.IsDefined((ClickDiagnosticSeverity)severity) ? (ClickDiagnosticSeverity)severity : ClickDiagnosticSeverity.Error,
                Marshal.PtrToStringUTF8((IntPtr)message) ?? ""));
        }
        return entries.AsReadOnly();
    }

    // All definitions as consecutive NUL-terminated "NAME=value" strings, with where each starts.
    private static byte[] EncodeDefinitions(IReadOnlyDictionary<string, string>? definitions, out int[] offsets)
    {
        if (definitions is null || definitions.Count == 0)
        {
            offsets = Array.Empty<int>();
            return Array.Empty<byte>();
        }
        var bytes = new List<byte>();
        var starts = new List<int>(definitions.Count);
        foreach (KeyValuePair<string, string> definition in definitions)
        {
            string name = definition.Key.StartsWith('$') ? definition.Key[1..] : definition.Key;
            if (name.Length == 0 || name.Contains('='))
                throw new ArgumentException($"'{definition.Key}' is not a parameter name.", nameof(definitions));
            ArgumentNullException.ThrowIfNull(definition.Value, nameof(definitions));
            starts.Add(bytes.Count);
            bytes.AddRange(ToNullTerminated(name + "=" + definition.Value, nameof(definitions)));
        }
        offsets = starts.ToArray();
        return bytes.ToArray();
    }

    private static byte[] ToNullTerminated(string text, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(text, parameterName);
        if (text.Contains('\0'))
            throw new ArgumentException("The text contains a NUL character.", parameterName);
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
