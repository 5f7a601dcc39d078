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
        // The test host's MSBuild settings must not leak into the nested build.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

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
}
