// RedisServerProcess: runs a real redis-server (the Debian package) on a loopback port
// with a private data folder, for tests, benchmarks and samples. Start waits until the
// server answers PING over RESP; Kill, Stop and Restart simulate crashes and recoveries
// on the same port and data; Dispose kills the server and deletes its folder. Servers
// still running when the process exits are killed, so none outlives the program.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using StatelessNF.Interop.Stores;

namespace StatelessNF.Interop;

/// <summary>A redis-server process on 127.0.0.1 with its own data folder.</summary>
/// <example>
/// <code>
/// using var redis = new RedisServerProcess { AppendOnly = true }.Start();
/// using var client = StoreClient.Open(redis.Uri);
/// </code>
/// </example>
public sealed class RedisServerProcess : IDisposable
{
    /// <summary>The address every server listens on.</summary>
    public const string Host = "127.0.0.1";

    private const int MaxStartAttempts = 3;
    private const int MaxCapturedLines = 200;

    private static readonly object LiveGate = new();
    private static readonly HashSet<RedisServerProcess> Live = new();
    private static bool _exitHookInstalled;

    private readonly object _gate = new();
    private readonly Queue<string> _output = new();
    private readonly bool _portGiven;
    private int _port;
    private Process? _process;
    private DirectoryInfo? _directory;
    private bool _disposed;

    /// <summary>Creates a server description; nothing runs until <see cref="Start"/>.</summary>
    public RedisServerProcess() { }

    /// <summary>The TCP port: the one given, or after <see cref="Start"/> the free one chosen (0 before).</summary>
    public int Port
    {
        get => _port;
        init
        {
            if (value is < 0 or > 65535)
                throw new ArgumentOutOfRangeException(nameof(Port), value, "A TCP port is 0 to 65535 (0 picks a free one).");
            _port = value;
            _portGiven = value != 0;
        }
    }

    /// <summary>Turns on the append-only file with <c>appendfsync always</c>, so every acknowledged write survives a kill.</summary>
    public bool AppendOnly { get; init; }

    /// <summary>"host:port" of a primary to replicate, or null for a primary (see <see cref="CreateReplica"/>).</summary>
    public string? ReplicaOf { get; init; }

    /// <summary>The password clients must give (requirepass; also used as masterauth), or null.</summary>
    public string? Password { get; init; }

    /// <summary>More redis-server arguments, appended after the ones this class sets (e.g. "--maxmemory", "64mb").</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = Array.Empty<string>();

    /// <summary>How long <see cref="Start"/> waits for the server to answer PING.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The redis-server executable; null finds it on PATH or in /usr/bin.</summary>
    public string? ExecutablePath { get; init; }

    /// <summary>"127.0.0.1:PORT".</summary>
    public string Endpoint => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The store URI for <see cref="StoreClient.Open"/>: redis://[:PASSWORD@]127.0.0.1:PORT.</summary>
    public string Uri => Password is null
        ? $"redis://{Endpoint}"
        : $"redis://:{System.Uri.EscapeDataString(Password)}@{Endpoint}";

    /// <summary>The server's data folder (created by the first <see cref="Start"/>).</summary>
    public string? DataDirectory => _directory?.FullName;

    /// <summary>The server's log file, inside <see cref="DataDirectory"/>.</summary>
    public string? LogFile => _directory is null ? null : Path.Combine(_directory.FullName, "redis.log");

    /// <summary>True while the server process runs.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
                return _process is { HasExited: false };
        }
    }

    /// <summary>The server's process id while it runs.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
                return _process is { HasExited: false } process ? process.Id : null;
        }
    }

    /// <summary>
    /// Starts the server and waits until it answers PING (at most <see cref="StartTimeout"/>).
    /// A later call after <see cref="Kill"/> or <see cref="Stop"/> restarts it on the same port and data.
    /// </summary>
    /// <returns>This server, for chaining.</returns>
    /// <exception cref="FileNotFoundException">redis-server is not installed.</exception>
    /// <exception cref="InvalidOperationException">It is already running, or it did not start.</exception>
    public RedisServerProcess Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_process is { HasExited: false })
                throw new InvalidOperationException($"redis-server is already running on {Endpoint}.");

            string executable = ExecutablePath ?? FindExecutable();
            if (!File.Exists(executable))
                throw new FileNotFoundException(
                    $"{executable} does not exist; install the Debian package redis-server (apt-get install redis-server).", executable);
            _directory ??= Directory.CreateTempSubdirectory("snf-redis-");

            // A port picked here may be taken by someone else before redis binds it; pick again.
            for (int attempt = 1; ; attempt++)
            {
                if (_port == 0 || (!_portGiven && attempt > 1))
                    _port = FreeLoopbackPort();
                try
                {
                    Launch(executable);
                    WaitUntilAnswering();
                    return this;
                }
                catch (InvalidOperationException) when (!_portGiven && attempt < MaxStartAttempts && PortWasTaken())
                {
                    KillProcess();
                }
            }
        }
    }

    /// <summary>Kills the server with SIGKILL, as a crash would; data not yet on disk is lost.</summary>
    public void Kill()
    {
        lock (_gate)
            KillProcess();
    }

    /// <summary>Shuts the server down cleanly (SHUTDOWN NOSAVE), killing it if it does not exit within 10 s.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_process is not { HasExited: false } process)
                return;
            try
            {
                using RespConnection connection = ConnectAuthenticated(TimeSpan.FromSeconds(2));
                connection.Send("SHUTDOWN", "NOSAVE");
            }
            catch (Exception failure) when (failure is IOException or SocketException or RedisReplyException)
            {
                // Not answering: the kill below ends it.
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
                KillProcess();
            Forget();
        }
    }

    /// <summary>Stops the server if it runs, then starts it again on the same port with the same data.</summary>
    public void Restart()
    {
        lock (_gate)
        {
            Stop();
            Start();
        }
    }

    /// <summary>A description (not started) of a replica of this server, with the same password.</summary>
    /// <param name="appendOnly">Whether the replica keeps an append-only file.</param>
    public RedisServerProcess CreateReplica(bool appendOnly = false)
    {
        if (Port == 0)
            throw new InvalidOperationException("Start the primary before describing its replica: its port is not known yet.");
        return new RedisServerProcess
        {
            ReplicaOf = Endpoint,
            Password = Password,
            AppendOnly = appendOnly,
            ExecutablePath = ExecutablePath,
            StartTimeout = StartTimeout,
        };
    }

    /// <summary>Waits until this replica reports master_link_status:up.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <exception cref="TimeoutException">The link did not come up in time.</exception>
    public void WaitForReplicaLink(TimeSpan timeout)
    {
        if (ReplicaOf is null)
            throw new InvalidOperationException($"The server on {Endpoint} is not a replica.");
        var clock = Stopwatch.StartNew();
        string last = "no answer";
        while (true)
        {
            try
            {
                last = Execute("INFO", "replication") as string ?? "";
                if (last.Split('\n').Any(line => line.Trim() == "master_link_status:up"))
                    return;
            }
            catch (Exception failure) when (failure is IOException or SocketException or RedisReplyException)
            {
                last = failure.Message;
            }
            if (clock.Elapsed >= timeout)
                throw new TimeoutException($"The replica on {Endpoint} did not link to {ReplicaOf} within {timeout.TotalSeconds:F1} s; last INFO: {last.Trim()}");
            Thread.Sleep(25);
        }
    }

    /// <summary>
    /// Sends one command (authenticating first when a password is set) and returns the reply:
    /// a string, a long, null, or an object?[] for arrays.
    /// </summary>
    /// <param name="arguments">The command and its arguments, e.g. "INFO", "replication".</param>
    /// <exception cref="RedisReplyException">The server answered with an error.</exception>
    /// <exception cref="IOException">The server could not be reached.</exception>
    public object? Execute(params string[] arguments)
    {
        using RespConnection connection = ConnectAuthenticated(TimeSpan.FromSeconds(5));
        return connection.Execute(arguments);
    }

    /// <summary>Finds redis-server on PATH or in /usr/bin, /usr/local/bin and /usr/sbin.</summary>
    /// <exception cref="FileNotFoundException">It is not installed.</exception>
    public static string FindExecutable()
    {
        const string name = "redis-server";
        IEnumerable<string> path = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string directory in path.Concat(new[] { "/usr/bin", "/usr/local/bin", "/usr/sbin" }))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException(
            "redis-server was not found on PATH or in /usr/bin; install the Debian package redis-server (apt-get install redis-server).",
            name);
    }

    /// <summary>Kills the server and deletes its data folder.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            KillProcess();
            try
            {
                _directory?.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A folder we cannot delete is left in /tmp; nothing else depends on it.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"redis-server {Endpoint}{(IsRunning ? "" : " (stopped)")}";

    private void Launch(string executable)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = _directory!.FullName,
        };
        foreach (string argument in Arguments())
            start.ArgumentList.Add(argument);

        lock (_output)
            _output.Clear();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Capture(line.Data);
        process.ErrorDataReceived += (_, line) => Capture(line.Data);
        if (!process.Start())
            throw new InvalidOperationException($"{executable} did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Track(this);
    }

    private IEnumerable<string> Arguments()
    {
        string port = _port.ToString(CultureInfo.InvariantCulture);
        var arguments = new List<string>
        {
            "--port", port, "--bind", Host, "--dir", _directory!.FullName,
            "--daemonize", "no", "--logfile", LogFile!, "--save", "",
            "--appendonly", AppendOnly ? "yes" : "no",
            "--enable-debug-command", "local",
        };
        if (AppendOnly)
            arguments.AddRange(new[] { "--appendfsync", "always" });
        if (Password is not null)
            arguments.AddRange(new[] { "--requirepass", Password, "--masterauth", Password });
        if (ReplicaOf is not null)
        {
            int colon = ReplicaOf.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(ReplicaOf.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new InvalidOperationException($"ReplicaOf must be \"host:port\", not \"{ReplicaOf}\".");
            arguments.AddRange(new[] { "--replicaof", ReplicaOf[..colon], ReplicaOf[(colon + 1)..] });
        }
        arguments.AddRange(ExtraArguments);
        return arguments;
    }

    private void WaitUntilAnswering()
    {
        var clock = Stopwatch.StartNew();
        string last = "no answer yet";
        while (true)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException(
                    $"redis-server exited with code {_process.ExitCode} while starting on {Endpoint}. {Diagnostics()}");
            try
            {
                using RespConnection connection = ConnectAuthenticated(TimeSpan.FromMilliseconds(500));
                if (connection.Execute("PING") as string == "PONG")
                    return;
            }
            catch (Exception failure) when (failure is IOException or SocketException or RedisReplyException)
            {
                last = failure.Message;  // still loading or not listening yet
            }
            if (clock.Elapsed >= StartTimeout)
            {
                KillProcess();
                throw new InvalidOperationException(
                    $"redis-server on {Endpoint} did not answer PING within {StartTimeout.TotalSeconds:F1} s ({last}). {Diagnostics()}");
            }
            Thread.Sleep(20);
        }
    }

    private RespConnection ConnectAuthenticated(TimeSpan timeout)
    {
        RespConnection connection = RespConnection.Connect(Host, _port, timeout);
        try
        {
            if (Password is not null)
                connection.Execute("AUTH", Password);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private bool PortWasTaken() => Diagnostics().Contains("Address already in use", StringComparison.OrdinalIgnoreCase);

    private string Diagnostics()
    {
        var text = new StringBuilder();
        lock (_output)
        {
            if (_output.Count > 0)
                text.Append("Output: ").AppendJoin(" | ", _output).Append(". ");
        }
        try
        {
            if (LogFile is { } log && File.Exists(log))
                text.Append("Log tail: ").AppendJoin(" | ", File.ReadLines(log).TakeLast(10));
        }
        catch (IOException)
        {
        }
        return text.ToString();
    }

    private void Capture(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > MaxCapturedLines)
                _output.Dequeue();
        }
    }

    private void KillProcess()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();  // SIGKILL
                    process.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }
        Forget();
    }

    private void Forget()
    {
        _process?.Dispose();
        _process = null;
        Untrack(this);
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static void Track(RedisServerProcess server)
    {
        lock (LiveGate)
        {
            Live.Add(server);
            if (!_exitHookInstalled)
            {
                _exitHookInstalled = true;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
            }
        }
    }

    private static void Untrack(RedisServerProcess server)
    {
        lock (LiveGate)
            Live.Remove(server);
    }

    private static void KillAll()
    {
        RedisServerProcess[] servers;
        lock (LiveGate)
            servers = Live.ToArray();
        foreach (RedisServerProcess server in servers)
            server.Dispose();
    }
}
