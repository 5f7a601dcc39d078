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

    private static (int ExitCode, string Output) Run(string workingDirectory, IEnumerable<string> arguments) =>
        NestedDotnet.Run(workingDirectory, arguments, RunBound);
}
