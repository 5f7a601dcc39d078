// Runs .clicktest tests. Each test gets a fresh temporary directory: the %require commands
// run first (before any file exists; a failure skips the test), then the %file files are
// written and the %script runs with /bin/sh -e, standard input from %stdin, `click` on PATH
// (a link to the configured binary), LC_ALL=C and $rundir set, under a time limit that kills
// the script's whole process group. A command with a nonzero exit status fails the test;
// otherwise every expected output file is compared with its expectations. A failed test
// whose router reported element classes it lacks says which, so callers can tell "not yet
// implemented" from "wrong".
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace StatelessNF.ClickTest;

/// <summary>Runs parsed tests and reports their results.</summary>
public sealed class ClickTestRunner
{
    private readonly ClickTestRunnerOptions _options;
    private readonly ElementClassProbe? _probe;

    /// <summary>Creates a runner with <paramref name="options"/> (defaults when null).</summary>
    public ClickTestRunner(ClickTestRunnerOptions? options = null)
    {
        _options = options ?? new ClickTestRunnerOptions();
        if (_options.ClickBinary is not null)
            _probe = new ElementClassProbe(Path.GetFullPath(_options.ClickBinary));
    }

    /// <summary>The settings in use.</summary>
    public ClickTestRunnerOptions Options => _options;

    /// <summary>Reads the file at <paramref name="path"/> and runs each of its tests.</summary>
    public IReadOnlyList<ClickTestResult> RunFile(string path) => Run(ClickTestFile.Load(path));

    /// <summary>Runs every test of <paramref name="file"/>; a file that holds no runnable test gives one failed result.</summary>
    public IReadOnlyList<ClickTestResult> Run(ClickTestFile file)
    {
        var results = new List<ClickTestResult>();
        if (file.Diagnostics.Any(d => d.IsError))
        {
            results.Add(Failed(file.Name, file.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToList(), TimeSpan.Zero));
            return results;
        }
        foreach (ClickTestCase test in file.Cases)
            results.Add(Run(test));
        return results;
    }

    /// <summary>Runs one test.</summary>
    public ClickTestResult Run(ClickTestCase test)
    {
        var clock = Stopwatch.StartNew();
        if (test.HasErrors)
            return Failed(test.Name, test.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToList(), clock.Elapsed);
        if (_options.ClickBinary is not null && !File.Exists(_options.ClickBinary))
            return Failed(test.Name, [$"the click binary {_options.ClickBinary} does not exist"], clock.Elapsed);

        TestDirectory directory;
        try
        {
            directory = TestDirectory.Create(_options.TemporaryRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(test.Name, [$"cannot create a temporary directory: {e.Message}"], clock.Elapsed);
        }
        try
        {
            return RunIn(test, directory, clock);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(test.Name, [$"cannot run the test in {directory.Root}: {e.Message}"], clock.Elapsed,
                _options.PreserveTemporaries ? directory.Root : null);
        }
        finally
        {
            if (!_options.PreserveTemporaries)
                directory.Delete();
        }
    }

    private ClickTestResult RunIn(ClickTestCase test, TestDirectory directory, Stopwatch clock)
    {
        string? kept = _options.PreserveTemporaries ? directory.Root : null;
        Dictionary<string, string?> environment;
        try
        {
            environment = BuildEnvironment(test, directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(test.Name, [$"cannot prepare the click link: {e.Message}"], clock.Elapsed, kept);
        }

        // Requirements, before any test file exists.
        if (test.Requirements.Count > 0)
        {
            ScriptFailure? unmet = RunScript(test.Requirements, "require", directory, "/dev/null", environment, [], out _);
            if (unmet is not null)
            {
                string reason = unmet.Command is { Quiet: true }
                    ? $"requirement not met: '{unmet.Command.Summary()}'"
                    : unmet.Summary + (unmet.StandardErrorTail.Length > 0 ? ": " + unmet.StandardErrorTail.Replace('\n', ' ') : "");
                return new ClickTestResult(test.Name, ClickTestOutcome.Skipped, reason, [], null, [], [], "", "", kept, clock.Elapsed);
            }
        }

        string standardInput = "/dev/null";
        try
        {
            foreach (InputFile file in test.InputFiles)
                directory.WriteWorkFile(file.Name, file.Contents);
            if (test.StandardInput is not null)
                standardInput = directory.WriteMetaFile("stdin", test.StandardInput);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Failed(test.Name, [$"cannot write the test's files: {e.Message}"], clock.Elapsed, kept);
        }

        var problems = new List<string>();
        ScriptFailure? failure = RunScript(test.Script, "script", directory, standardInput, environment, problems, out var outputs);
        var mismatches = new List<ExpectationMismatch>();
        var observed = new StringBuilder(outputs.Error);
        if (failure is null)
        {
            foreach (string fileName in test.ExpectedFileNames)
            {
                string? actual = fileName switch
                {
                    "stdout" => outputs.Output,
                    "stderr" => outputs.Error,
                    _ => ReadWorkOutput(directory, fileName, problems),
                };
                if (actual is null)
                    continue;
                if (fileName != "stderr")
                    observed.Append('\n').Append(actual);
                ExpectationMismatch? mismatch = ExpectationMatcher.Match(fileName, actual, test.ExpectationsFor(fileName),
                    test.IgnoreRulesFor(fileName));
                if (mismatch is not null)
                    mismatches.Add(mismatch);
            }
        }
        else
        {
            // The router's complaints may have gone to a file the script redirected to.
            foreach (string fileName in test.ExpectedFileNames.Where(f => f is not ("stdout" or "stderr")))
            {
                string? actual = ReadWorkOutput(directory, fileName, null);
                if (actual is not null)
                    observed.Append('\n').Append(actual);
            }
        }

        bool passed = failure is null && problems.Count == 0 && mismatches.Count == 0;
        IReadOnlyList<string> missing = passed ? [] : MissingClasses(observed.ToString());
        return new ClickTestResult(test.Name, passed ? ClickTestOutcome.Passed : ClickTestOutcome.Failed, null, problems,
            failure, mismatches, missing, outputs.Output, outputs.Error, kept, clock.Elapsed);
    }

    // Writes and runs one section's commands; returns the failure, or null when the shell exited 0.
    private ScriptFailure? RunScript(IReadOnlyList<ScriptCommand> commands, string section, TestDirectory directory,
        string standardInput, Dictionary<string, string?> environment, List<string> problems,
        out (string Output, string Error) outputs)
    {
        string scriptPath = directory.WriteMetaFile(section + ".sh", ScriptText(commands));
        string stdoutPath = directory.MetaPath(section + ".stdout");
        string stderrPath = directory.MetaPath(section + ".stderr");
        string tracePath = directory.MetaPath(section + ".trace");
        var launch = new ScriptLaunch(scriptPath, directory.Work, standardInput, stdoutPath, stderrPath, tracePath,
            directory.MetaPath(section + ".pgid"), environment, _options.Timeout);
        ScriptExecution execution = ScriptProcess.Run(launch);

        string output = ReadOutput(stdoutPath, problems, "stdout") ?? "";
        string error = ReadOutput(stderrPath, problems, "stderr") ?? "";
        if (execution.LauncherMessages.Length > 0)
            error = error.Length == 0 ? execution.LauncherMessages : error + "\n" + execution.LauncherMessages;
        outputs = (output, error);
        if (execution.ExitCode == 0 && !execution.TimedOut)
            return null;
        ScriptCommand? command = LastStartedCommand(tracePath, commands);
        return new ScriptFailure(section, command, execution.ExitCode, execution.TimedOut, _options.Timeout,
            ScriptFailure.Tail(error));
    }

    // The generated script: the clicktest_subtest function, then each command preceded by a marker on
    // descriptor 9 naming it, so a failure can be traced to its command without touching stderr.
    private static string ScriptText(IReadOnlyList<ScriptCommand> commands)
    {
        var text = new StringBuilder();
        text.Append("clicktest_subtest () {\n")
            .Append("    echo \"").Append(ExpectationMatcher.SubtestMarker).Append("$*\"\n")
            .Append("    echo \"").Append(ExpectationMatcher.SubtestMarker).Append("$*\" >&2\n")
            .Append("}\n");
        for (int i = 0; i < commands.Count; i++)
        {
            text.Append("echo ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(" >&9\n");
            text.Append(commands[i].Text);
            if (!commands[i].Text.EndsWith('\n'))
                text.Append('\n');
        }
        return text.ToString();
    }

    private static ScriptCommand? LastStartedCommand(string tracePath, IReadOnlyList<ScriptCommand> commands)
    {
        try
        {
            string? last = File.ReadAllLines(tracePath).LastOrDefault(l => l.Trim().Length > 0);
            if (last is not null && int.TryParse(last.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                && index < commands.Count)
                return commands[index];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No trace: the failure happened before the first command.
        }
        return null;
    }

    private Dictionary<string, string?> BuildEnvironment(ClickTestCase test, TestDirectory directory)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["LC_ALL"] = "C",
            ["rundir"] = _options.RunDirectory ?? test.Directory ?? System.Environment.CurrentDirectory,
        };
        if (_options.ClickBinary is not null)
        {
            directory.LinkClick(Path.GetFullPath(_options.ClickBinary));
            string path = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
            environment["PATH"] = directory.Bin + ":" + path;
        }
        foreach (KeyValuePair<string, string> variable in _options.Variables)
            environment[variable.Key] = variable.Value;
        return environment;
    }

    private string? ReadWorkOutput(TestDirectory directory, string fileName, List<string>? problems)
    {
        string path;
        try
        {
            path = directory.WorkPath(fileName);
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            problems?.Add($"{fileName}: {e.Message}");
            return null;
        }
        return ReadOutput(path, problems, fileName);
    }

    private string? ReadOutput(string path, List<string>? problems, string fileName)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
            int length = (int)Math.Min(stream.Length, _options.MaximumOutputBytes);
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            if (stream.Length > length)
                problems?.Add($"{fileName}: only the first {length} bytes of {stream.Length} were compared");
            return ClickTestFile.ByteEncoding.GetString(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            problems?.Add($"{fileName}: the script did not create this file");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems?.Add($"{fileName}: {e.Message}");
            return null;
        }
    }

    private IReadOnlyList<string> MissingClasses(string observed)
    {
        var missing = new List<string>(ElementClassDiagnostics.UnknownClasses(observed));
        if (_probe is not null)
        {
            foreach (string name in ElementClassDiagnostics.UndeclaredElements(observed))
            {
                if (!missing.Contains(name) && _probe.IsMissing(name))
                    missing.Add(name);
            }
        }
        return missing;
    }

    private static ClickTestResult Failed(string name, IReadOnlyList<string> problems, TimeSpan elapsed, string? kept = null) =>
        new(name, ClickTestOutcome.Failed, null, problems, null, [], [], "", "", kept, elapsed);
}
