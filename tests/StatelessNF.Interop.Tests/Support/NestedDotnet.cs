// NestedDotnet: runs the dotnet CLI from a test (a build, a run of a generated project),
// bounded in time, with its standard output and error collected together.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace StatelessNF.Interop.Tests.Support;

internal static class NestedDotnet
{
    /// <summary>Exit status (-1 when it outlived <paramref name="bound"/> and was killed) and output.</summary>
    public static (int Status, string Output) Run(string directory, IEnumerable<string> arguments, TimeSpan bound)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        PrepareEnvironment(start);

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) lock (output) output.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (output) output.AppendLine(line.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(bound))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output)
                return (-1, $"did not end within {bound.TotalMinutes} minutes\n{output}");
        }
        process.WaitForExit();
        lock (output)
            return (process.ExitCode, output.ToString());
    }

    /// <summary>
    /// The environment of a dotnet started from a test: without the test host's MSBuild
    /// settings (they would leak into the nested build), quiet.
    /// </summary>
    public static void PrepareEnvironment(ProcessStartInfo start)
    {
        foreach (string name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH" })
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
    }
}
