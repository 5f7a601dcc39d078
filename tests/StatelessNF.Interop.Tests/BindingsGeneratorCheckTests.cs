// The checked-in generated bindings are exactly what the generator makes from the
// current headers: each generated file names the command that regenerates it, and that
// command run with --check must exit 0 (1 means the header changed and the bindings were
// not regenerated).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests;

[TestFixture]
[NonParallelizable]
public sealed class BindingsGeneratorCheckTests
{
    private const string CommandMarker = "// Regenerate with: dotnet run --project ";
    private static readonly TimeSpan RunBound = TimeSpan.FromMinutes(8);

    public static IEnumerable<TestCaseData> GeneratedFiles()
    {
        string? root = RepositoryRoot.Find();
        if (root is null)
        {
            yield return new TestCaseData("").SetName("GeneratedBindingsAreUpToDate(no checkout)");
            yield break;
        }
        foreach (string file in Directory.EnumerateFiles(Path.Combine(root, "bindings", "generated"), "*.g.cs").Order(StringComparer.Ordinal))
            yield return new TestCaseData(Path.GetRelativePath(root, file)).SetName($"GeneratedBindingsAreUpToDate({Path.GetFileName(file)})");
    }

    [TestCaseSource(nameof(GeneratedFiles))]
    public void GeneratedBindingsAreUpToDate(string relativePath)
    {
        string? root = RepositoryRoot.Find();
        if (root is null)
            Assert.Ignore($"{RepositoryRoot.SolutionFile} not found above {AppContext.BaseDirectory}: not running from a checkout.");

        string file = Path.Combine(root, relativePath);
        string? commandLine = File.ReadLines(file).Take(10).FirstOrDefault(line => line.StartsWith(CommandMarker, StringComparison.Ordinal));
        Assert.That(commandLine, Is.Not.Null, $"{relativePath} names the command that regenerates it");

        // "dotnet run --project PROJECT -- ARGS": build the generator in Release, add --check.
        string[] words = commandLine![CommandMarker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string project = words[0];
        Assert.That(words[1], Is.EqualTo("--"), "generator arguments follow --");
        var arguments = new List<string> { "run", "--project", project, "-c", "Release", "--" };
        arguments.AddRange(words.Skip(2));
        arguments.Add("--check");

        (int exitCode, string output) = Run(root, arguments);
        Assert.That(exitCode, Is.EqualTo(0), $"dotnet {string.Join(' ', arguments)} reported:\n{output}");
    }

    private static (int ExitCode, string Output) Run(string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
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
        if (!process.WaitForExit(RunBound))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"timed out after {RunBound.TotalMinutes} minutes\n{output}");
        }
        process.WaitForExit();
        lock (output)
            return (process.ExitCode, output.ToString());
    }
}
