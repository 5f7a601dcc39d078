// Click's own .clicktest files (the shared click-tests folder beside the repository, or
// $SNF_SHARED_DIR/click-tests) and the repository's tests/click/*.clicktest, run with
// snf-click (build/native/bin/snf-click, or $SNF_CLICK) standing in for click. A test that
// fails only because snf-click lacks element classes is ignored with the classes named;
// every other failure is a real failure. Without a working snf-click the whole fixture fails.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;

namespace StatelessNF.ClickTest.Tests;

[TestFixture]
public sealed class ConformanceTests
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    private static readonly string? Root = RepositoryLayout.FindRoot(AppContext.BaseDirectory) ?? RepositoryLayout.FindRoot();

    private ClickTestRunner _runner = null!;

    /// <summary>Every .clicktest file to run, named "shared/NAME" or "repository/NAME".</summary>
    public static IEnumerable<TestCaseData> ClickTests()
    {
        var folders = new List<(string Label, string? Path)>
        {
            ("shared", RepositoryLayout.SharedClickTests(Root)),
            ("repository", Root is null ? null : RepositoryLayout.RepositoryClickTests(Root)),
        };
        int count = 0;
        foreach ((string label, string? folder) in folders)
        {
            if (folder is null || !Directory.Exists(folder))
                continue;
            foreach (string file in Directory.EnumerateFiles(folder, "*.clicktest").Order(StringComparer.Ordinal))
            {
                count++;
                yield return new TestCaseData(file).SetName($"{label}/{Path.GetFileNameWithoutExtension(file)}");
            }
        }
        if (count == 0)
        {
            string looked = string.Join(", ", folders.Select(f => f.Path ?? $"(no {f.Label} folder)"));
            yield return new TestCaseData($"no .clicktest files found; looked in {looked}").SetName("NoClickTestsFound");
        }
    }

    [OneTimeSetUp]
    public void RequireAWorkingSnfClick()
    {
        string? click = RepositoryLayout.ClickBinary(Root);
        if (click is null)
        {
            Assert.Fail($"cannot find the repository root ({RepositoryLayout.SolutionFile}) to locate snf-click; set ${RepositoryLayout.ClickVariable}");
            return;
        }
        if (!File.Exists(click))
            Assert.Fail($"snf-click not found at {click}: build native first " +
                        "(cmake -S native -B build/native && cmake --build build/native -j2), or set $" + RepositoryLayout.ClickVariable);
        string problem = ProbeClick(click);
        if (problem.Length > 0)
            Assert.Fail($"snf-click at {click} does not work: {problem}");
        _runner = new ClickTestRunner(new ClickTestRunnerOptions { ClickBinary = click });
    }

    [TestCaseSource(nameof(ClickTests))]
    public void RunsLikeClick(string path)
    {
        if (!File.Exists(path))
            Assert.Fail(path);
        IReadOnlyList<ClickTestResult> results = _runner.RunFile(path);
        Assert.That(results, Is.Not.Empty);

        var failures = new StringBuilder();
        var missing = new List<string>();
        var skips = new List<string>();
        foreach (ClickTestResult result in results)
        {
            TestContext.Out.Write(result.Describe());
            if (result.FailedForMissingElementClasses)
                missing.AddRange(result.MissingElementClasses);
            else if (result.Outcome == ClickTestOutcome.Failed)
                failures.Append(result.Describe());
            else if (result.Outcome == ClickTestOutcome.Skipped)
                skips.Add($"{result.Name}: {result.SkipReason}");
        }
        if (failures.Length > 0)
            Assert.Fail(failures.ToString());
        if (missing.Count > 0)
            Assert.Ignore($"snf-click lacks element classes: {string.Join(", ", missing.Distinct())}");
        if (skips.Count > 0)
            Assert.Ignore(string.Join("; ", skips));
    }

    // Runs `snf-click -e 'Idle -> Discard' -q`; returns "" when it exits 0, else what went wrong.
    private static string ProbeClick(string click)
    {
        var start = new ProcessStartInfo(click)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "-e", "Idle -> Discard", "-q" })
            start.ArgumentList.Add(argument);
        try
        {
            using Process process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return $"'-e \"Idle -> Discard\" -q' did not finish in {ProbeTimeout.TotalSeconds} s";
            }
            process.WaitForExit();
            return process.ExitCode == 0 ? "" : $"'-e \"Idle -> Discard\" -q' exited {process.ExitCode}: {errors.Result}{output.Result}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return e.Message;
        }
    }
}
