// Compares what a script wrote with the test's expected outputs, following the .clicktest
// rules: %expect ignores blank lines, trailing whitespace and lines matched by ignore rules,
// and treats {{ }} blocks as regular expressions (-i: blocks ignore case; -w: spaces and tabs
// inside lines do not count); %expectx makes each whole line a regular expression; %expectv
// wants the exact text. The output matches when any alternative does; otherwise the reported
// difference is the one found furthest into the output.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace StatelessNF.ClickTest;

/// <summary>Line matching of outputs against expectations.</summary>
public static class ExpectationMatcher
{
    /// <summary>Output lines that name the current subtest (written by <c>clicktest_subtest</c>); they never count.</summary>
    public const string SubtestMarker = "clicktest_subtest ";

    /// <summary>How many lines after a difference a mismatch report shows.</summary>
    public const int ContextLines = 3;

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private readonly record struct OutputLine(int Number, string Text, string? Subtest);

    private readonly record struct ExpectedLine(int Index, string Text);

    /// <summary>
    /// Checks <paramref name="actual"/> (the contents of output file <paramref name="fileName"/>)
    /// against its alternatives.
    /// </summary>
    /// <returns>Null when some alternative matches (or there are none); otherwise the difference found furthest into the output.</returns>
    public static ExpectationMismatch? Match(string fileName, string actual, IReadOnlyList<ExpectedOutput> alternatives,
        IReadOnlyList<IgnoreRule> ignoreRules)
    {
        ExpectationMismatch? furthest = null;
        foreach (ExpectedOutput expected in alternatives)
        {
            ExpectationMismatch? mismatch = expected.Kind == ExpectationKind.Verbatim
                ? MatchVerbatim(fileName, actual, expected)
                : MatchLines(fileName, actual, expected, ignoreRules);
            if (mismatch is null)
                return null;
            if (furthest is null || mismatch.ActualLine > furthest.ActualLine)
                furthest = mismatch;
        }
        return furthest;
    }

    /// <summary>
    /// True when output line <paramref name="actual"/> matches expected line <paramref name="expected"/>
    /// under the rules of <paramref name="kind"/> (both without their newline).
    /// </summary>
    /// <param name="actual">The output line.</param>
    /// <param name="expected">The expected line as written in the test.</param>
    /// <param name="kind">The section kind of the expectation.</param>
    /// <param name="ignoreCase">The <c>-i</c> flag.</param>
    /// <param name="ignoreWhitespace">The <c>-w</c> flag.</param>
    /// <param name="comment">Set to the text of the expected line's <c>{{?comment}}</c> blocks.</param>
    /// <param name="problem">Set when the expected line is not a valid regular expression.</param>
    public static bool LineMatches(string actual, string expected, ExpectationKind kind, bool ignoreCase,
        bool ignoreWhitespace, out string? comment, out string? problem)
    {
        comment = null;
        problem = null;
        if (kind == ExpectationKind.Verbatim)
            return actual == expected;
        string actualLine = BraceBlocks.TrimTrailingSpace(actual);
        string expectedLine = BraceBlocks.TrimTrailingSpace(expected);
        if (ignoreWhitespace)
        {
            actualLine = BraceBlocks.RemoveWhitespace(actualLine);
            expectedLine = BraceBlocks.RemoveWhitespaceOutsideBlocks(expectedLine);
        }
        string pattern;
        var options = RegexOptions.CultureInvariant;
        if (kind == ExpectationKind.Regex)
        {
            pattern = BraceBlocks.RemoveComments(expectedLine, out comment);
            if (ignoreCase)
                options |= RegexOptions.IgnoreCase;
        }
        else if (BraceBlocks.HasBlock(expectedLine))
        {
            pattern = BraceBlocks.ToRegex(expectedLine, literalText: true, ignoreCase, out comment);
        }
        else
        {
            return actualLine == expectedLine;
        }
        try
        {
            return Regex.IsMatch(actualLine, @"\A(?:" + pattern + @")\z", options, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            problem = $"invalid regular expression '{pattern}': {e.Message}";
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            problem = $"regular expression '{pattern}' took longer than {MatchTimeout.TotalSeconds} s";
            return false;
        }
    }

    private static ExpectationMismatch? MatchLines(string fileName, string actual, ExpectedOutput expected,
        IReadOnlyList<IgnoreRule> ignoreRules)
    {
        List<OutputLine> output = OutputLines(actual, skipBlankAndIgnored: true, ignoreRules);
        var wanted = new List<ExpectedLine>();
        string[] expectedLines = expected.Text.Split('\n');
        for (int i = 0; i < expectedLines.Length; i++)
        {
            string line = BraceBlocks.TrimTrailingSpace(expectedLines[i]);
            if (BraceBlocks.RemoveComments(line, out _).Trim().Length > 0)
                wanted.Add(new ExpectedLine(i, line));
        }
        return Walk(fileName, output, wanted, expected, actual);
    }

    private static ExpectationMismatch? MatchVerbatim(string fileName, string actual, ExpectedOutput expected)
    {
        if (actual == expected.Text)
            return null;
        // Differences only in the number of final newlines do not count: a section's text
        // always ends with the newlines that separate it from the next section.
        List<OutputLine> output = OutputLines(actual, skipBlankAndIgnored: false, []);
        string[] expectedLines = TrimFinalEmpty(expected.Text.Split('\n'));
        var wanted = expectedLines.Select((line, index) => new ExpectedLine(index, line)).ToList();
        return Walk(fileName, output, wanted, expected, actual);
    }

    // Compares the two line lists in step; the first difference (or one side ending first) is the mismatch.
    private static ExpectationMismatch? Walk(string fileName, List<OutputLine> output, List<ExpectedLine> wanted,
        ExpectedOutput expected, string actual)
    {
        int count = Math.Min(output.Count, wanted.Count);
        for (int i = 0; i < count; i++)
        {
            if (!LineMatches(output[i].Text, wanted[i].Text, expected.Kind, expected.IgnoreCase, expected.IgnoreWhitespace,
                    out string? comment, out string? problem))
                return Mismatch(fileName, output, wanted, i, expected, comment, problem);
        }
        if (output.Count == wanted.Count)
            return null;
        if (output.Count > wanted.Count)
            return Mismatch(fileName, output, wanted, count, expected, null, null);
        string? missingComment = null;
        if (BraceBlocks.HasBlock(wanted[count].Text))
            BraceBlocks.RemoveComments(wanted[count].Text, out missingComment);
        int endLine = LineCount(actual) + 1;
        return Mismatch(fileName, output, wanted, count, expected, missingComment, null, endLine);
    }

    private static ExpectationMismatch Mismatch(string fileName, List<OutputLine> output, List<ExpectedLine> wanted,
        int index, ExpectedOutput expected, string? comment, string? problem, int? endLine = null)
    {
        OutputLine? actualLine = index < output.Count ? output[index] : null;
        ExpectedLine? expectedLine = index < wanted.Count ? wanted[index] : null;
        string? shownExpected = expectedLine is { } e
            ? (expected.Kind == ExpectationKind.Verbatim ? e.Text : BraceBlocks.RemoveComments(e.Text, out _))
            : null;
        SourceLocation? location = expectedLine is { } line
            ? new SourceLocation(expected.FirstLine.File, expected.FirstLine.Line + line.Index)
            : null;
        string? subtest = actualLine?.Subtest ?? (output.Count > 0 ? output[^1].Subtest : null);
        return new ExpectationMismatch(
            fileName,
            actualLine?.Number ?? endLine ?? 1,
            shownExpected,
            actualLine?.Text,
            location,
            comment,
            subtest,
            problem,
            wanted.Skip(index + 1).Take(ContextLines).Select(w => w.Text).ToList(),
            output.Skip(index + 1).Take(ContextLines).Select(o => o.Text).ToList());
    }

    // The output's lines with their 1-based numbers. Subtest markers are always dropped (they
    // name the subtest of the lines after them); blank and ignored lines are dropped for the
    // line-rule kinds, whose lines also lose trailing whitespace.
    private static List<OutputLine> OutputLines(string actual, bool skipBlankAndIgnored, IReadOnlyList<IgnoreRule> ignoreRules)
    {
        var lines = new List<OutputLine>();
        string[] raw = actual.Split('\n');
        if (!skipBlankAndIgnored)
            raw = TrimFinalEmpty(raw);
        string? subtest = null;
        for (int i = 0; i < raw.Length; i++)
        {
            string line = raw[i];
            if (line.StartsWith(SubtestMarker, StringComparison.Ordinal))
            {
                subtest = line[SubtestMarker.Length..].Trim();
                continue;
            }
            if (skipBlankAndIgnored)
            {
                line = BraceBlocks.TrimTrailingSpace(line);
                if (line.Trim().Length == 0 || ignoreRules.Any(rule => rule.Matches(line)))
                    continue;
            }
            lines.Add(new OutputLine(i + 1, line, subtest));
        }
        return lines;
    }

    private static string[] TrimFinalEmpty(string[] lines)
    {
        int count = lines.Length;
        while (count > 0 && lines[count - 1].Length == 0)
            count--;
        return count == lines.Length ? lines : lines[..count];
    }

    private static int LineCount(string text)
    {
        int count = text.Count(c => c == '\n');
        return text.Length > 0 && !text.EndsWith('\n') ? count + 1 : count;
    }
}
