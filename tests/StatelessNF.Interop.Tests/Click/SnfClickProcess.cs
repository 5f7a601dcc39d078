// Starts build/native/bin/snf-click (or $SNF_CLICK) with a configuration and a control
// socket (a free loopback TCP port, or a UNIX socket in a private temporary folder), waits
// until it accepts connections, and kills it on Dispose, so every test that starts one
// leaves no process behind even when it fails.
using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using NUnit.Framework;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests.Click;

public sealed class SnfClickProcess : IDisposable
{
    public const string ExecutableVariable = "SNF_CLICK";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private SnfClickProcess(Process process, int port, string? socketPath, string? folder)
    {
        _process = process;
        Port = port;
        SocketPath = socketPath;
        Folder = folder;
    }

    /// <summary>The loopback TCP port, or 0 for a UNIX socket.</summary>
    public int Port { get; }

    /// <summary>The UNIX socket's path, or null for TCP.</summary>
    public string? SocketPath { get; }

    /// <summary>The private folder holding the UNIX socket, or null.</summary>
    public string? Folder { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote to standard error so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_errors)
                return _errors.ToString();
        }
    }

    /// <summary>The snf-click executable; fails the test clearly when it was not built.</summary>
    public static string Executable()
    {
        string? configured = Environment.GetEnvironmentVariable(ExecutableVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            if (!File.Exists(configured))
                Assert.Fail($"{ExecutableVariable} names '{configured}', which does not exist.");
            return configured;
        }
        string? root = RepositoryRoot.Find();
        if (root is null)
            Assert.Fail($"snf-click not found: the tests run outside the repository and {ExecutableVariable} is not set.");
        string path = Path.Combine(root!, "build", "native", "bin", "snf-click");
        if (!File.Exists(path))
            Assert.Fail($"snf-click not found at {path}: build the native tree (cmake --build build/native) or set {ExecutableVariable}.");
        return path;
    }

    /// <summary>Starts snf-click listening on a free loopback TCP port.</summary>
    public static SnfClickProcess StartTcp(string config)
    {
        // Another process may take the port between probing and binding; try a few.
        for (int attempt = 0; ; attempt++)
        {
            int port = FreeLoopbackPort();
            SnfClickProcess started = Start(config, new[] { "-p", port.ToString() }, port, null, null);
            if (started.WaitUntilListening(() => CanConnectTcp(port)))
                return started;
            string errors = started.StandardError;
            started.Dispose();
            if (attempt == 2)
                Assert.Fail($"snf-click did not listen on 127.0.0.1:{port}: {errors}");
        }
    }

    /// <summary>Starts snf-click listening on a UNIX socket in a new temporary folder.</summary>
    public static SnfClickProcess StartUnix(string config)
    {
        string folder = Directory.CreateTempSubdirectory("snf-click-").FullName;
        string path = Path.Combine(folder, "control");
        SnfClickProcess started = Start(config, new[] { "-u", path }, 0, path, folder);
        if (!started.WaitUntilListening(() => CanConnectUnix(path)))
        {
            string errors = started.StandardError;
            started.Dispose();
            Assert.Fail($"snf-click did not listen on {path}: {errors}");
        }
        return started;
    }

    /// <summary>Waits for the process to exit by itself.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Dispose()
    {
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
        if (Folder is not null && Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }

    private static SnfClickProcess Start(string config, string[] listen, int port, string? socketPath, string? folder)
    {
        var info = new ProcessStartInfo(Executable())
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (string argument in listen)
            info.ArgumentList.Add(argument);
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add(config);
        var process = new Process { StartInfo = info };
        var started = new SnfClickProcess(process, port, socketPath, folder);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
                return;
            lock (started._errors)
                started._errors.AppendLine(line.Data);
        };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return started;
    }

    private bool WaitUntilListening(Func<bool> listening) =>
        Polling.Until(() => _process.HasExited || listening(), StartTimeout, TimeSpan.FromMilliseconds(25))
        && !_process.HasExited;

    private static int FreeLoopbackPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static bool CanConnectTcp(int port)
    {
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool CanConnectUnix(string path)
    {
        if (!File.Exists(path))
            return false;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
