// Where an output file first departs from what the test expects: the output line number,
// the expected and actual lines, where the expected line is in the test file, and a few
// lines after the difference on both sides, so a failure can be read without rerunning.
using System.Collections.Generic;
using System.Text;

namespace StatelessNF.ClickTest;

/// <summary>The first difference between an output file and its expectation.</summary>
/// <param name="FileName">The output file: <c>stdout</c>, <c>stderr</c> or a file name.</param>
/// <param name="ActualLine">1-based line number in the output where the difference starts (one past the last line at end of file).</param>
/// <param name="Expected">The expected line (comments removed), or null where the expectation had ended.</param>
/// <param name="Actual">The output line, or null where the output had ended.</param>
/// <param name="ExpectedLocation">Where the expected line is written in the test, when known.</param>
/// <param name="Comment">The text of <c>{{?comment}}</c> blocks on the expected line.</param>
/// <param name="Subtest">The last <c>clicktest_subtest</c> name seen in the output before the difference.</param>
/// <param name="Problem">A problem with the expectation itself, such as an invalid regular expression.</param>
/// <param name="ExpectedFollowing">The next few expected lines after the differing one.</param>
/// <param name="ActualFollowing">The next few output lines after the differing one.</param>
public sealed record ExpectationMismatch(
    string FileName,
    int ActualLine,
    string? Expected,
    string? Actual,
    SourceLocation? ExpectedLocation,
    string? Comment,
    string? Subtest,
    string? Problem,
    IReadOnlyList<string> ExpectedFollowing,
    IReadOnlyList<string> ActualFollowing)
{
    /// <summary>What is shown for a missing line.</summary>
    public const string EndOfFile = "<end of file>";

    /// <summary>A readable multi-line description of the difference.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        string what = FileName switch
        {
            "stdout" => "standard output",
            "stderr" => "standard error",
            _ => "file " + FileName,
        };
        text.Append(what).Append(" has an unexpected value at line ").Append(ActualLine);
        if (Subtest is not null)
            text.Append(" (subtest ").Append(Subtest).Append(')');
        text.AppendLine();
        if (ExpectedLocation is { } location)
            text.Append("  expected (").Append(location).Append("): ");
        else
            text.Append("  expected: ");
        text.AppendLine(Show(Expected));
        text.Append("  but got ").Append(FileName).Append(':').Append(ActualLine).Append(": ").AppendLine(Show(Actual));
        if (Comment is not null)
            text.Append("  note: ").AppendLine(Comment);
        if (Problem is not null)
            text.Append("  problem: ").AppendLine(Problem);
        AppendLines(text, "  expected next:", ExpectedFollowing);
        AppendLines(text, "  output next:", ActualFollowing);
        return text.ToString();
    }

    /// <summary>Quotes a line for display, with control characters and bytes above 0x7e escaped.</summary>
    public static string Show(string? line)
    {
        if (line is null)
            return EndOfFile;
        var shown = new StringBuilder(line.Length + 2);
        shown.Append('\'');
        foreach (char c in line)
        {
            if (c == '\t' || (c >= ' ' && c <= '~'))
                shown.Append(c);
            else
                shown.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return shown.Append('\'').ToString();
    }

    private static void AppendLines(StringBuilder text, string title, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
            return;
        text.AppendLine(title);
        foreach (string line in lines)
            text.Append("    ").AppendLine(Show(line));
    }
}
