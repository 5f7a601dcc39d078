// Runs a program to completion with a deadline (killed when it passes), optionally inside
// a network namespace through `ip netns exec`, and returns what it printed.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace StatelessNF.Gateway.Tests.Support;

public sealed record CommandResult(int ExitCode, string Output, string Error, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    public override string ToString() =>
        $"exit {(TimedOut ? "timeout" : ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))}; stdout: {Output.Trim()}; stderr: {Error.Trim()}";
}

public static class Command
{
    /// <summary>Runs <paramref name="program"/> and waits at most <paramref name="timeout"/>.</summary>
    public static CommandResult Run(string program, IEnumerable<string> arguments, TimeSpan timeout, string? input = null)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
        };
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
            process.WaitForExit(5000);
        }
        else
        {
            process.WaitForExit();
        }
        Task.WaitAll(new Task[] { output, error }, TimeSpan.FromSeconds(5));
        return new CommandResult(exited ? process.ExitCode : -1, output.IsCompleted ? output.Result : "",
                                 error.IsCompleted ? error.Result : "", !exited);
    }

    /// <summary>Runs <paramref name="program"/> inside network namespace <paramref name="ns"/>.</summary>
    public static CommandResult RunIn(string ns, TimeSpan timeout, string program, params string[] arguments)
    {
        var all = new List<string> { "netns", "exec", ns, program };
        all.AddRange(arguments);
        return Run("ip", all, timeout);
    }

    /// <summary>Runs a command in <paramref name="ns"/> and fails the test when it does not succeed.</summary>
    public static string MustRunIn(string ns, TimeSpan timeout, string program, params string[] arguments)
    {
        CommandResult result = RunIn(ns, timeout, program, arguments);
        if (!result.Succeeded)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} in {ns} failed: {result}");
        return result.Output;
    }
}
