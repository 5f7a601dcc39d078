// The verdict of one test with everything needed to understand a failure without rerunning
// it: parse errors, the failing command, each output's first difference from its
// expectation, and the element classes the router lacked.
using System;
using System.Collections.Generic;
using System.Text;

namespace StatelessNF.ClickTest;

/// <summary>What happened when a test ran.</summary>
public sealed class ClickTestResult
{
    /// <summary>Creates a result; normally done by <see cref="ClickTestRunner"/>.</summary>
    public ClickTestResult(
        string name,
        ClickTestOutcome outcome,
        string? skipReason,
        IReadOnlyList<string> problems,
        ScriptFailure? scriptFailure,
        IReadOnlyList<ExpectationMismatch> mismatches,
        IReadOnlyList<string> missingElementClasses,
        string standardOutput,
        string standardError,
        string? preservedDirectory,
        TimeSpan elapsed)
    {
        Name = name;
        Outcome = outcome;
        SkipReason = skipReason;
        Problems = problems;
        ScriptFailure = scriptFailure;
        Mismatches = mismatches;
        MissingElementClasses = missingElementClasses;
        StandardOutput = standardOutput;
        StandardError = standardError;
        PreservedDirectory = preservedDirectory;
        Elapsed = elapsed;
    }

    /// <summary>The test's name (see <see cref="ClickTestCase.Name"/>).</summary>
    public string Name { get; }

    /// <summary>Passed, failed or skipped.</summary>
    public ClickTestOutcome Outcome { get; }

    /// <summary>Why the test was skipped: the failed requirement.</summary>
    public string? SkipReason { get; }

    /// <summary>Failures that are neither a failing command nor an output difference: parse errors, missing output files, I/O errors.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The command that failed or timed out, if one did.</summary>
    public ScriptFailure? ScriptFailure { get; }

    /// <summary>One entry per output file that matched none of its expectations.</summary>
    public IReadOnlyList<ExpectationMismatch> Mismatches { get; }

    /// <summary>Element classes the router reported unknown in a failed test; empty for other failures.</summary>
    public IReadOnlyList<string> MissingElementClasses { get; }

    /// <summary>What the script wrote to standard output.</summary>
    public string StandardOutput { get; }

    /// <summary>What the script wrote to standard error.</summary>
    public string StandardError { get; }

    /// <summary>The test's temporary directory when it was kept.</summary>
    public string? PreservedDirectory { get; }

    /// <summary>How long the test took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>True when the test failed only because the router lacks element classes.</summary>
    public bool FailedForMissingElementClasses => Outcome == ClickTestOutcome.Failed && MissingElementClasses.Count > 0;

    /// <summary>A report: <c>PASS</c>, <c>SKIP</c> or <c>FAIL</c> with the name, then the details of a failure.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        string verdict = Outcome switch
        {
            ClickTestOutcome.Passed => "PASS",
            ClickTestOutcome.Skipped => "SKIP",
            _ => "FAIL",
        };
        text.Append(verdict).Append(' ').Append(Name);
        if (SkipReason is not null)
            text.Append(": ").Append(SkipReason);
        text.AppendLine();
        foreach (string problem in Problems)
            text.Append("  ").AppendLine(problem);
        if (ScriptFailure is not null)
            Indent(text, ScriptFailure.Describe());
        foreach (ExpectationMismatch mismatch in Mismatches)
            Indent(text, mismatch.Describe());
        if (MissingElementClasses.Count > 0)
            text.Append("  the router lacks element classes: ").AppendLine(string.Join(", ", MissingElementClasses));
        if (PreservedDirectory is not null)
            text.Append("  test directory kept at ").AppendLine(PreservedDirectory);
        return text.ToString();
    }

    private static void Indent(StringBuilder text, string block)
    {
        foreach (string line in block.TrimEnd().Split('\n'))
            text.Append("  ").AppendLine(line);
    }
}
