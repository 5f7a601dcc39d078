// Shell: runs the external tools of the evaluation (ip, nft, ethtool, iperf, ITGSend,
// trafgen, snf-click, redis-benchmark), optionally inside a network namespace, with a
// bound on every wait. Background processes are remembered so that Dispose (and the
// Ctrl-C path of the program) kills each of them by its own process id.
using System.Diagnostics;
using System.Text;

namespace StatelessNF.Evaluation;

/// <summary>The outcome of a finished command.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error, bool TimedOut)
{
    /// <summary>Whether the command exited with 0 in time.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}

/// <summary>A process started in the background; its output is collected while it runs.</summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Shell _owner;

    internal BackgroundProcess(Shell owner, Process process, string description)
    {
        _owner = owner;
        _process = process;
        Description = description;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_error) _error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>What was started, for messages.</summary>
    public string Description { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Standard output so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Standard error so far.</summary>
    public string Error { get { lock (_error) return _error.ToString(); } }

    /// <summary>Waits for the process to exit by itself.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            return false;
        _process.WaitForExit(); // flushes the asynchronous output readers
        return true;
    }

    /// <summary>Asks the process to stop (SIGINT, so tools print their summaries), then kills it.</summary>
    public void Stop(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            Shell.SendSignal(_process.Id, Shell.SigInt);
            if (!_process.WaitForExit(grace))
                Kill();
        }
        _process.WaitForExit(TimeSpan.FromSeconds(2));
    }

    /// <summary>Kills the process and its children.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process.WaitForExit(TimeSpan.FromSeconds(2));
        _owner.Forget(this);
        _process.Dispose();
    }
}

/// <summary>Runs commands and tracks background processes.</summary>
public sealed class Shell : IDisposable
{
    internal const int SigInt = 2;
    private readonly object _gate = new();
    private readonly List<BackgroundProcess> _running = new();
    private readonly List<Process> _foreground = new();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int NativeKill(int pid, int signal);

    internal static void SendSignal(int pid, int signal) => NativeKill(pid, signal);

    /// <summary>Runs a command to completion (or until the timeout, when it is killed).</summary>
    public CommandResult Run(string file, IEnumerable<string> arguments, TimeSpan timeout, string? stdin = null)
    {
        using var process = new Process { StartInfo = Info(file, arguments, stdin is not null) };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.Start();
        lock (_gate)
            _foreground.Add(process);
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return Finish(process, output, error, timeout, stdin);
        }
        finally
        {
            lock (_gate)
                _foreground.Remove(process);
        }
    }

    private static CommandResult Finish(Process process, StringBuilder output, StringBuilder error, TimeSpan timeout, string? stdin)
    {
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        else
        {
            process.WaitForExit();
        }
        lock (output) lock (error)
            return new CommandResult(exited ? process.ExitCode : -1, output.ToString(), error.ToString(), !exited);
    }

    /// <summary>Runs a command inside a network namespace.</summary>
    public CommandResult RunIn(string netns, TimeSpan timeout, params string[] command) =>
        Run("ip", new[] { "netns", "exec", netns }.Concat(command), timeout);

    /// <summary>Runs a command and throws when it fails.</summary>
    public string Check(string file, IEnumerable<string> arguments, TimeSpan timeout, string? stdin = null)
    {
        var args = arguments.ToArray();
        var result = Run(file, args, timeout, stdin);
        if (!result.Succeeded)
            throw new EvaluationException(
                $"'{file} {string.Join(' ', args)}' {(result.TimedOut ? "timed out" : $"exited with {result.ExitCode}")}: {result.Error.Trim()} {result.Output.Trim()}".Trim());
        return result.Output;
    }

    /// <summary>Runs a command inside a network namespace and throws when it fails.</summary>
    public string CheckIn(string netns, TimeSpan timeout, params string[] command) =>
        Check("ip", new[] { "netns", "exec", netns }.Concat(command), timeout);

    /// <summary>Starts a command in the background, inside a namespace when one is given.</summary>
    public BackgroundProcess Start(string? netns, params string[] command)
    {
        string file = netns is null ? command[0] : "ip";
        IEnumerable<string> args = netns is null ? command.Skip(1) : new[] { "netns", "exec", netns }.Concat(command);
        var process = new Process { StartInfo = Info(file, args, false) };
        process.Start();
        var background = new BackgroundProcess(this, process, string.Join(' ', command));
        lock (_gate)
            _running.Add(background);
        return background;
    }

    internal void Forget(BackgroundProcess process)
    {
        lock (_gate)
            _running.Remove(process);
    }

    /// <summary>Kills every process still running: background ones and the command being waited for.</summary>
    public void KillAll()
    {
        BackgroundProcess[] running;
        Process[] foreground;
        lock (_gate)
        {
            running = _running.ToArray();
            foreground = _foreground.ToArray();
        }
        foreach (var process in running)
            process.Kill();
        foreach (var process in foreground)
        {
            try
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException) { }
            catch (System.ComponentModel.Win32Exception) { }
        }
    }

    /// <summary>Whether a program is on the PATH.</summary>
    public static bool IsInstalled(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(new[] { "/usr/sbin", "/sbin" })
            .Any(folder => File.Exists(Path.Combine(folder, program)));

    /// <inheritdoc />
    public void Dispose()
    {
        BackgroundProcess[] running;
        lock (_gate)
            running = _running.ToArray();
        foreach (var process in running)
            process.Dispose();
    }

    private static ProcessStartInfo Info(string file, IEnumerable<string> arguments, bool redirectInput)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        return info;
    }
}

/// <summary>A step of the evaluation failed in a way that stops it.</summary>
public sealed class EvaluationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EvaluationException(string message) : base(message) { }
}
