// ProcessNfInstance: an instance that is an snf-click process with a ControlSocket on a
// UNIX socket in a private folder. Start waits until the socket answers; Kill sends
// SIGKILL (a real crash: no cleanup runs, nothing is flushed); handlers go through
// ClickControlClient, so the same code would drive real Click.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using StatelessNF.Interop.Click;

namespace StatelessNF.Interop.Orchestration;

/// <summary>An instance running as an <c>snf-click</c> process.</summary>
public sealed class ProcessNfInstance : NfInstance
{
    private const int MaxKeptErrorLines = 200;
    private readonly object _gate = new();
    private readonly Queue<string> _errors = new();
    private readonly string _folder;
    private readonly string _configPath;
    private Process? _process;
    private ClickControlClient? _control;
    private bool _disposed;

    /// <summary>Describes an instance; nothing runs until <see cref="Start"/>.</summary>
    /// <param name="index">The instance's number.</param>
    /// <param name="config">The Click configuration.</param>
    /// <param name="definitions">Values of its $NAME parameters.</param>
    /// <param name="executable">snf-click's path (found with <see cref="SnfClickExecutable.Find"/> when null).</param>
    /// <param name="networkNamespace">The network namespace to run in (through <c>ip netns exec</c>), or null.</param>
    public ProcessNfInstance(int index, string config, IReadOnlyDictionary<string, string> definitions, string? executable = null,
                             string? networkNamespace = null)
        : base(index, config, definitions)
    {
        Executable = executable ?? SnfClickExecutable.Find();
        NetworkNamespace = networkNamespace;
        _folder = Directory.CreateTempSubdirectory("snf-instance-").FullName;
        _configPath = Path.Combine(_folder, "config.click");
        File.WriteAllText(_configPath, config);
        SocketPath = Path.Combine(_folder, "control");
    }

    /// <summary>The snf-click executable.</summary>
    public string Executable { get; }

    /// <summary>The network namespace the process runs in, or null for the caller's.</summary>
    /// <remarks><c>ip netns exec</c> enters the namespace and then execs snf-click, so the
    /// process id is snf-click's own and <see cref="NfInstance.Kill"/> kills the router itself.
    /// The control socket is a file, reachable from outside the namespace.</remarks>
    public string? NetworkNamespace { get; }

    /// <summary>The ControlSocket's path.</summary>
    public string SocketPath { get; }

    /// <summary>How long <see cref="Start"/> waits for the control socket.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The process id while running, else null.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
                return _process is { HasExited: false } p ? p.Id : null;
        }
    }

    /// <summary>The last lines the process wrote to standard error.</summary>
    public string StandardError
    {
        get
        {
            lock (_errors)
                return string.Join('\n', _errors);
        }
    }

    /// <inheritdoc />
    public override void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (State == NfInstanceState.Running)
                throw new InvalidOperationException($"{Name} is already running.");
            File.Delete(SocketPath);
            var info = new ProcessStartInfo(NetworkNamespace is null ? Executable : "ip")
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            if (NetworkNamespace is not null)
            {
                foreach (string argument in new[] { "netns", "exec", NetworkNamespace, Executable })
                    info.ArgumentList.Add(argument);
            }
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(SocketPath);
            info.ArgumentList.Add(_configPath);
            foreach (var (name, value) in Definitions)
                info.ArgumentList.Add($"{name}={value}");
            var process = new Process { StartInfo = info };
            process.ErrorDataReceived += (_, line) => Remember(line.Data);
            process.OutputDataReceived += (_, _) => { };
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            _process = process;
            try
            {
                _control = Connect(process);
            }
            catch
            {
                KillProcess();
                throw;
            }
            State = NfInstanceState.Running;
        }
    }

    /// <inheritdoc />
    public override void Kill()
    {
        lock (_gate)
        {
            KillProcess();
            State = NfInstanceState.Killed;
        }
    }

    /// <inheritdoc />
    public override void Stop()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false } process)
            {
                try
                {
                    _control?.Write("stop");
                }
                catch (Exception failure) when (failure is ClickControlException or IOException or ObjectDisposedException
                                                    or System.Net.Sockets.SocketException or TimeoutException)
                {
                    // Not answering: the kill below ends it.
                }
                if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
                    KillProcess();
            }
            DropControl();
            State = NfInstanceState.Stopped;
        }
    }

    /// <inheritdoc />
    public override string Read(string handler) => Control().Read(handler);

    /// <inheritdoc />
    public override void Write(string handler, string value = "") => Control().Write(handler, value);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            KillProcess();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temporary folder; nothing depends on it.
            }
        }
    }

    private ClickControlClient Control()
    {
        lock (_gate)
        {
            if (State != NfInstanceState.Running || _control is null)
                throw new InvalidOperationException($"{Name} is not running.");
            return _control;
        }
    }

    private ClickControlClient Connect(Process process)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                throw new InvalidOperationException(
                    $"{Name}: snf-click exited with status {process.ExitCode} before answering: {StandardError}");
            if (File.Exists(SocketPath))
            {
                try
                {
                    return ClickControlClient.ConnectUnix(SocketPath);
                }
                catch (Exception failure) when (failure is IOException or System.Net.Sockets.SocketException
                                                    or ClickControlException)
                {
                    last = failure;
                }
            }
            Thread.Sleep(20);
        }
        throw new TimeoutException(
            $"{Name}: snf-click did not answer on {SocketPath} within {StartTimeout.TotalSeconds:F0} s ({last?.Message}); " +
            $"its errors: {StandardError}");
    }

    private void KillProcess()
    {
        DropControl();
        if (_process is null)
            return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        _process.Dispose();
        _process = null;
    }

    private void DropControl()
    {
        _control?.Dispose();
        _control = null;
    }

    private void Remember(string? line)
    {
        if (line is null)
            return;
        lock (_errors)
        {
            _errors.Enqueue(line);
            while (_errors.Count > MaxKeptErrorLines)
                _errors.Dequeue();
        }
    }
}
