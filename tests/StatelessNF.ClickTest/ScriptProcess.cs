// Runs a generated shell script in a process group of its own ("setsid"), with its standard
// streams connected to files, and enforces the time limit by killing the whole group. The
// group is killed after a normal exit too, so background processes a script left behind do
// not outlive the test. Without setsid the script runs in our group and only its process
// tree can be killed.
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace StatelessNF.ClickTest;

/// <summary>Starts and supervises test scripts.</summary>
public static class ScriptProcess
{
    /// <summary>The shell of the format: scripts run with <c>/bin/sh -e</c>.</summary>
    public const string Shell = "/bin/sh";

    // Runs inside the new session: records its pid (which is now the process group id), then
    // replaces itself with the script, attaching the standard streams and the trace descriptor.
    private const string Launcher =
        "echo $$ >\"$1\" || exit 125\n" +
        "exec " + Shell + " -e \"$2\" <\"$3\" >\"$4\" 2>\"$5\" 9>\"$6\"\n";

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The setsid command, or null when it is not installed.</summary>
    public static string? SetsidPath { get; } = FindSetsid();

    /// <summary>Runs the script described by <paramref name="launch"/> to completion or timeout.</summary>
    public static ScriptExecution Run(ScriptLaunch launch)
    {
        var start = new ProcessStartInfo
        {
            WorkingDirectory = launch.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (SetsidPath is not null)
        {
            start.FileName = SetsidPath;
            start.ArgumentList.Add("--wait");
            start.ArgumentList.Add(Shell);
        }
        else
        {
            start.FileName = Shell;
        }
        foreach (string argument in new[] { "-c", Launcher, "snf-clicktest", launch.GroupIdPath, launch.ScriptPath,
                     launch.StandardInputPath, launch.StandardOutputPath, launch.StandardErrorPath, launch.TracePath })
            start.ArgumentList.Add(argument);
        foreach (KeyValuePair<string, string?> variable in launch.Environment)
        {
            if (variable.Value is null)
                start.Environment.Remove(variable.Key);
            else
                start.Environment[variable.Key] = variable.Value;
        }

        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return new ScriptExecution(127, false, $"cannot start {start.FileName}: {e.Message}", clock.Elapsed);
        }
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();

        bool exited = launch.Timeout > TimeSpan.Zero
            ? process.WaitForExit(launch.Timeout)
            : WaitWithoutLimit(process);
        if (!exited)
        {
            StopEverything(process, launch.GroupIdPath);
            process.WaitForExit(DrainTimeout);
        }
        else
        {
            // The script is done; whatever it left running in its group goes too.
            KillGroup(launch.GroupIdPath);
            process.WaitForExit();
        }
        TimeSpan elapsed = clock.Elapsed;

        string messages = Collect(output) + Collect(errors);
        int exitCode = process.HasExited ? process.ExitCode : 128 + ProcessGroupSignals.Kill;
        return new ScriptExecution(exited ? exitCode : 124, !exited, messages.Trim(), elapsed);
    }

    private static bool WaitWithoutLimit(Process process)
    {
        process.WaitForExit();
        return true;
    }

    private static void StopEverything(Process process, string groupIdPath)
    {
        KillGroup(groupIdPath);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone: nothing left to stop.
        }
    }

    private static void KillGroup(string groupIdPath)
    {
        if (SetsidPath is null)
            return;
        int? group = ReadGroupId(groupIdPath);
        if (group is int id)
            ProcessGroupSignals.SignalGroup(id, ProcessGroupSignals.Kill);
    }

    private static int? ReadGroupId(string path)
    {
        try
        {
            string text = File.ReadAllText(path).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Collect(Task<string> stream)
    {
        try
        {
            return stream.Wait(DrainTimeout) ? stream.Result : "";
        }
        catch (AggregateException)
        {
            return "";
        }
    }

    private static string? FindSetsid()
    {
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        foreach (string folder in new[] { "/usr/bin", "/bin" }.Concat(folders))
        {
            string candidate = Path.Combine(folder, "setsid");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
