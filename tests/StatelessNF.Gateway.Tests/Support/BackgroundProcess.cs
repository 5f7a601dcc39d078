// A program running in a network namespace while a test drives traffic: a server, a
// packet capture, a bulk transfer. Every line it prints is kept; WaitForLine waits
// (bounded) for one that matches; Dispose kills it if it is still running.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace StatelessNF.Gateway.Tests.Support;

public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly object _gate = new();

    private BackgroundProcess(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    public string Description { get; }

    public int Id => _process.Id;

    /// <summary>Starts <paramref name="program"/> in namespace <paramref name="ns"/>.</summary>
    public static BackgroundProcess StartIn(string ns, string program, params string[] arguments)
    {
        var info = new ProcessStartInfo("ip")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "netns", "exec", ns, program }.Concat(arguments))
            info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info };
        var started = new BackgroundProcess(process, $"{program} {string.Join(' ', arguments)} in {ns}");
        process.OutputDataReceived += (_, e) => started.Add(e.Data);
        process.ErrorDataReceived += (_, e) => started.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Every line printed so far (standard output and error, in arrival order).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
                return _lines.ToArray();
        }
    }

    public string Text => string.Join('\n', Lines);

    public bool HasExited => _process.HasExited;

    /// <summary>The first line matching <paramref name="match"/>, waiting at most <paramref name="timeout"/>.</summary>
    public string WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        bool exitSeen = false;
        lock (_gate)
        {
            while (true)
            {
                string? found = _lines.FirstOrDefault(match);
                if (found is not null)
                    return found;
                // Once the process is gone, give its last lines one more pass, then stop.
                if (clock.Elapsed >= timeout || exitSeen)
                    throw new TimeoutException($"{Description}: no expected line within {timeout.TotalSeconds:F0} s; it printed: {Text}");
                exitSeen = _process.HasExited;
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>Waits for the process to exit; false when it is still running after <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            return false;
        _process.WaitForExit(); // drains the output readers
        return true;
    }

    public int ExitCode => _process.ExitCode;

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
            // Exited between the check and the kill.
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        lock (_gate)
        {
            _lines.Add(line);
            Monitor.PulseAll(_gate);
        }
    }
}
