// The runner on small inline tests with real shell scripts (echo, cat, printf, a fake click
// written as a shell script): outputs, files, stdin, failures, timeouts, requirements,
// cleanup of leftover processes, and the detection of missing element classes.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using NUnit.Framework;
using StatelessNF.ClickTest.Tests.Support;

namespace StatelessNF.ClickTest.Tests;

public sealed class ClickTestRunnerTests
{
    private string _scratch = "";

    [SetUp]
    public void CreateScratch() => _scratch = Inline.ScratchDirectory();

    [TearDown]
    public void DeleteScratch() => Directory.Delete(_scratch, recursive: true);

    // A stand-in for click: prints its arguments, reports an unknown class for "x :: NAME"
    // unless NAME is Known, and fails like a router with missing classes when asked to.
    private string FakeClick()
    {
        string path = Path.Combine(_scratch, "fake-click");
        File.WriteAllText(path, """
            #!/bin/sh
            case "$*" in
            *"probe :: Known"*) echo "config:1: Known needs arguments" >&2; exit 1;;
            *"probe :: "*) echo "config:1: unknown element class '${3#probe :: }'" >&2; exit 1;;
            *missing*) echo "config:1: unknown element class 'Missing'" >&2; echo "config:2: undeclared element 'Anon'" >&2; exit 1;;
            *known*) echo "config:1: undeclared element 'Known'" >&2; exit 1;;
            esac
            echo "fake click $*"
            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static void AssertPassed(ClickTestResult result) =>
        Assert.That(result.Outcome, Is.EqualTo(ClickTestOutcome.Passed), result.Describe());

    [Test]
    public void ScriptOutputMatchesExpectations()
    {
        ClickTestResult result = Inline.Run("""
            %script
            echo hello
            printf 'to stderr\n' >&2
            %stdout
            hello
            %stderr
            to stderr
            """);
        AssertPassed(result);
        Assert.That(result.StandardOutput, Is.EqualTo("hello\n"));
        Assert.That(result.Describe(), Does.StartWith("PASS inline.clicktest"));
    }

    [Test]
    public void FilesAreWrittenAndScriptOutputFilesCompared()
    {
        ClickTestResult result = Inline.Run("""
            %script
            sort IN > OUT
            cat sub/dir/IN2 >> OUT
            wc -c < BIN | tr -d ' ' > SIZE
            %file IN
            b
            a
            %file sub/dir/IN2
            c
            %file +3 BIN
            x
            y
            %expect OUT
            a
            b
            c
            %expectv SIZE
            3
            """);
        AssertPassed(result);
    }

    [Test]
    public void StandardInputComesFromStdinSection()
    {
        AssertPassed(Inline.Run("%script\ngrep -c B.\n%stdin\nBfoo\nB\n%stdout\n1\n"));
        AssertPassed(Inline.Run("%script\ncat\necho end\n%stdout\nend\n"));
    }

    [Test]
    public void MismatchFailsWithAReadableDiff()
    {
        ClickTestResult result = Inline.Run("%script\nprintf 'one\\ntwo\\nthree\\n'\n%stdout\none\n2\nthree\n");
        Assert.That(result.Outcome, Is.EqualTo(ClickTestOutcome.Failed));
        ExpectationMismatch mismatch = result.Mismatches.Single();
        Assert.That((mismatch.FileName, mismatch.ActualLine, mismatch.Expected, mismatch.Actual), Is.EqualTo(("stdout", 2, "2", "two")));
        Assert.That(mismatch.ExpectedLocation, Is.EqualTo(new SourceLocation(Inline.FileName, 5)));
        string report = result.Describe();
        Assert.That(report, Does.StartWith("FAIL inline.clicktest"));
        Assert.That(report, Does.Contain("standard output has an unexpected value at line 2"));
        Assert.That(report, Does.Contain("expected (inline.clicktest:5): '2'"));
        Assert.That(report, Does.Contain("but got stdout:2: 'two'"));
    }

    [Test]
    public void RegexBlocksAndIgnoreRulesApplyToScriptOutput()
    {
        AssertPassed(Inline.Run("""
            %script
            echo "A: 1 1.000000: 10.0.0.1 > 10.0.0.2" >&2
            echo "expensive operation" >&2
            echo "B: 3 x" >&2
            printf '!data src\n1.0.0.1\n' > OUT
            %expect stderr
            A: 1{{.*}}
            B: 3{{.*}}
            %ignore
            expensive{{.*}}
            %ignorex OUT
            !.*
            %expect OUT
            1.0.0.1
            """));
    }

    [Test]
    public void AlternativesPassWhenAnyMatches()
    {
        AssertPassed(Inline.Run("%script\necho b\n%stdout\na\n%stdout -a\nb\n"));
    }

    [Test]
    public void SubtestsNameTheFailingPart()
    {
        ClickTestResult result = Inline.Run("%script\nclicktest_subtest first\necho a\nclicktest_subtest second\necho wrong\n%stdout\na\nb\n");
        Assert.That(result.Mismatches.Single().Subtest, Is.EqualTo("second"));
        Assert.That(result.Describe(), Does.Contain("(subtest second)"));
    }

    [Test]
    public void FailingCommandFailsTheTestAndNamesIt()
    {
        ClickTestResult result = Inline.Run("""
            %script
            echo started > MARK
            sh -c 'echo "it broke" >&2; exit 3'
            echo never > AFTER
            %expect MARK
            started
            """);
        Assert.That(result.Outcome, Is.EqualTo(ClickTestOutcome.Failed));
        ScriptFailure failure = result.ScriptFailure!;
        Assert.That(failure.ExitCode, Is.EqualTo(3));
        Assert.That(failure.TimedOut, Is.False);
        Assert.That(failure.Command!.Location, Is.EqualTo(new SourceLocation(Inline.FileName, 3)));
        Assert.That(failure.StandardErrorTail, Is.EqualTo("it broke"));
        Assert.That(failure.Summary, Is.EqualTo("inline.clicktest:3: error (exit 3) at 'sh -c 'echo \"it broke\" >&2; exit 3''"));
        Assert.That(result.Mismatches, Is.Empty, "outputs are not compared after a failure");
    }

    [Test]
    public void ScriptsRunWithDashE()
    {
        ClickTestResult result = Inline.Run("%script\nfalse\necho unreachable\n%stdout\nunreachable\n");
        Assert.That(result.ScriptFailure!.Command!.Text, Is.EqualTo("false\n"));
        Assert.That(result.StandardOutput, Is.Empty);
        AssertPassed(Inline.Run("%script\nfalse || true\nif false; then exit 1; fi\necho ok\n%stdout\nok\n"));
    }

    [Test]
    public void MissingExpectedFileFails()
    {
        ClickTestResult result = Inline.Run("%script\ntrue\n%expect NEVER\nx\n");
        Assert.That(result.Outcome, Is.EqualTo(ClickTestOutcome.Failed));
        Assert.That(result.Problems.Single(), Is.EqualTo("NEVER: the script did not create this file"));
    }

    [Test]
    public void ParseErrorsFailWithoutRunning()
    {
        string marker = Path.Combine(_scratch, "ran");
        ClickTestResult result = Inline.Run($"%script\ntouch {marker}\n%file ../bad\nx\n");
        Assert.That(result.Outcome, Is.EqualTo(ClickTestOutcome.Failed));
        Assert.That(result.Problems.Single(), Is.EqualTo("inline.clicktest:3: bad file name '%file ../bad'"));
        Assert.That(File.Exists(marker), Is.False);
    }

    [Test]
    public void TimeoutKillsTheWholeProcessGroup()
    {
        string pidFile = Path.Combine(_scratch, "pid");
        var options = new ClickTestRunnerOptions { Timeout = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();
        ClickTestResult result = Inline.Run($"%script\nsleep 60 &\necho $! > {pidFile}\nsleep 60\n", options);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
        Assert.That(result.Outcome, Is.EqualTo(ClickTestOutcome.Failed));
        Assert.That(result.ScriptFailure!.TimedOut, Is.True);
        Assert.That(result.ScriptFailure.Summary, Does.Contain("timed out after 1 s at 'sleep 60'"));
        int pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        Assert.That(ProcessState.DiesWithin(pid, TimeSpan.FromSeconds(10)), Is.True, "the background sleep was killed");
    }

    [Test]
    public void LeftoverProcessesAreKilledWhenTheScriptEnds()
    {
        string pidFile = Path.Combine(_scratch, "pid");
        ClickTestResult result = Inline.Run($"%script\nsleep 60 &\necho $! > {pidFile}\n");
        AssertPassed(result);
        Assert.That(result.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
        int pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        Assert.That(ProcessState.DiesWithin(pid, TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public void FailedRequirementSkipsTheTestWithItsReason()
    {
        string marker = Path.Combine(_scratch, "ran");
        ClickTestResult result = Inline.Run($"%require\ntrue\nsh -c 'echo no frobnicator >&2; exit 1'\n%script\ntouch {marker}\n");
        Assert.That(result.Outcome, Is.EqualTo(ClickTestOutcome.Skipped));
        Assert.That(result.SkipReason, Does.StartWith("inline.clicktest:3: requirement failure (exit 1) at 'sh -c"));
        Assert.That(result.SkipReason, Does.EndWith(": no frobnicator"));
        Assert.That(File.Exists(marker), Is.False);
        Assert.That(result.Describe(), Does.StartWith("SKIP inline.clicktest: "));
    }

    [Test]
    public void QuietRequirementSkipsWithAShortReason()
    {
        ClickTestResult result = Inline.Run("%require -q\ntest -e /nonexistent/thing\n%script\ntrue\n");
        Assert.That(result.Outcome, Is.EqualTo(ClickTestOutcome.Skipped));
        Assert.That(result.SkipReason, Is.EqualTo("requirement not met: 'test -e /nonexistent/thing'"));
    }

    [Test]
    public void RequirementsRunBeforeTestFilesExist()
    {
        AssertPassed(Inline.Run("%require\ntest ! -e IN\n%script\ncat IN\n%file IN\nx\n%stdout\nx\n"));
    }

    [Test]
    public void EnvironmentHasLcAllRundirAndVariables()
    {
        var options = new ClickTestRunnerOptions
        {
            Timeout = TimeSpan.FromSeconds(20),
            RunDirectory = _scratch,
            Variables = new Dictionary<string, string> { ["GREETING"] = "hi there" },
        };
        ClickTestResult result = Inline.Run("%script\necho \"$LC_ALL|$rundir|$GREETING\"\n%stdout\nC|{{.*}}|hi there\n", options);
        AssertPassed(result);
        Assert.That(result.StandardOutput.Trim(), Is.EqualTo($"C|{_scratch}|hi there"));
    }

    [Test]
    public void ClickOnPathIsTheConfiguredBinary()
    {
        var options = new ClickTestRunnerOptions { ClickBinary = FakeClick(), Timeout = TimeSpan.FromSeconds(20) };
        AssertPassed(Inline.Run("%script\nclick -e 'Idle -> Discard' -q\n%stdout\nfake click -e Idle -> Discard -q\n", options));
    }

    [Test]
    public void MissingClickBinaryFails()
    {
        var options = new ClickTestRunnerOptions { ClickBinary = Path.Combine(_scratch, "no-such-click") };
        ClickTestResult result = Inline.Run("%script\nclick -e x\n", options);
        Assert.That(result.Outcome, Is.EqualTo(ClickTestOutcome.Failed));
        Assert.That(result.Problems.Single(), Does.Contain("does not exist"));
    }

    [Test]
    public void UnknownElementClassesAreNamed()
    {
        var options = new ClickTestRunnerOptions { ClickBinary = FakeClick(), Timeout = TimeSpan.FromSeconds(20) };
        ClickTestResult result = Inline.Run("%script\nclick -e missing\n", options);
        Assert.That(result.FailedForMissingElementClasses, Is.True, result.Describe());
        Assert.That(result.MissingElementClasses, Is.EqualTo(new[] { "Missing", "Anon" }), "Anon is confirmed missing by a probe");
        Assert.That(result.Describe(), Does.Contain("the router lacks element classes: Missing, Anon"));
    }

    [Test]
    public void UnknownClassesInARedirectedFileAreFound()
    {
        var options = new ClickTestRunnerOptions { ClickBinary = FakeClick(), Timeout = TimeSpan.FromSeconds(20) };
        ClickTestResult result = Inline.Run("%script\nclick -e missing 2>X || true\n%expect X\nRouter could not be initialized!\n", options);
        Assert.That(result.MissingElementClasses, Does.Contain("Missing"));
    }

    [Test]
    public void UndeclaredElementsThatAreKnownClassesAreRealFailures()
    {
        var options = new ClickTestRunnerOptions { ClickBinary = FakeClick(), Timeout = TimeSpan.FromSeconds(20) };
        ClickTestResult result = Inline.Run("%script\nclick -e known\n", options);
        Assert.That(result.Outcome, Is.EqualTo(ClickTestOutcome.Failed));
        Assert.That(result.MissingElementClasses, Is.Empty);
        Assert.That(result.FailedForMissingElementClasses, Is.False);
    }

    [Test]
    public void PassingTestsReportNoMissingClasses()
    {
        ClickTestResult result = Inline.Run("%script\necho \"unknown element class 'Expected'\"\n%stdout\nunknown element class 'Expected'\n");
        AssertPassed(result);
        Assert.That(result.MissingElementClasses, Is.Empty);
    }

    [Test]
    public void EveryTestOfAFileRuns()
    {
        ClickTestFile file = ClickTestFile.Parse("%script\necho 1\n%stdout\n1\n%eot\n%script\necho 2\n%stdout\n3\n", "two.clicktest");
        var results = new ClickTestRunner(new ClickTestRunnerOptions { Timeout = TimeSpan.FromSeconds(20) }).Run(file);
        Assert.That(results.Select(r => (r.Name, r.Outcome)), Is.EqualTo(new[]
        {
            ("two.clicktest", ClickTestOutcome.Passed),
            ("two.clicktest<2>", ClickTestOutcome.Failed),
        }));
    }

    [Test]
    public void TemporaryDirectoriesAreRemovedUnlessPreserved()
    {
        var options = new ClickTestRunnerOptions { TemporaryRoot = _scratch, Timeout = TimeSpan.FromSeconds(20) };
        AssertPassed(Inline.Run("%script\npwd > WHERE\n%expect WHERE\n{{.*}}/work\n", options));
        Assert.That(Directory.GetDirectories(_scratch), Is.Empty);

        var keep = new ClickTestRunnerOptions { TemporaryRoot = _scratch, PreserveTemporaries = true, Timeout = TimeSpan.FromSeconds(20) };
        ClickTestResult kept = Inline.Run("%script\necho x > OUT\n", keep);
        Assert.That(kept.PreservedDirectory, Is.Not.Null);
        Assert.That(File.ReadAllText(Path.Combine(kept.PreservedDirectory!, "work", "OUT")), Is.EqualTo("x\n"));
    }

    [Test]
    public void BinaryOutputsCompareByteForByte()
    {
        AssertPassed(Inline.Run("%script\nprintf '\\377\\001\\n' > OUT\n%expect -e OUT\n/wEK\n"));
    }

    [Test]
    public void CommandLineRunsAFileAndReportsTheVerdict()
    {
        string passing = Path.Combine(_scratch, "pass.clicktest");
        File.WriteAllText(passing, "%script\necho ok\n%stdout\nok\n");
        string failing = Path.Combine(_scratch, "fail.clicktest");
        File.WriteAllText(failing, "%script\necho ok\n%stdout\nnot ok\n");

        var output = new StringWriter();
        TextWriter original = Console.Out;
        Console.SetOut(output);
        int passStatus, failStatus;
        try
        {
            passStatus = Program.Main(["--no-click", "-t", "20", passing]);
            failStatus = Program.Main(["--no-click", failing]);
        }
        finally
        {
            Console.SetOut(original);
        }
        Assert.That(passStatus, Is.EqualTo(0));
        Assert.That(failStatus, Is.EqualTo(1));
        Assert.That(output.ToString(), Does.Contain($"PASS {passing}"));
        Assert.That(output.ToString(), Does.Contain($"FAIL {failing}"));
        Assert.That(output.ToString(), Does.Contain("expected ("));
    }
}
