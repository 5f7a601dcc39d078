// One line of an %ignore, %ignorev or %ignorex section: output lines it matches (as a whole)
// are dropped before the file is compared with its %expect/%expectx sections.
using System;
using System.Text.RegularExpressions;

namespace StatelessNF.ClickTest;

/// <summary>A pattern for output lines that do not count in comparisons.</summary>
public sealed class IgnoreRule
{
    /// <summary>The file name that makes a rule apply to every output file.</summary>
    public const string AllFiles = "all";

    /// <summary>How long one match may take before the rule is treated as not matching.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private readonly Regex _regex;

    private IgnoreRule(string fileName, string pattern, SourceLocation location, bool ignoreWhitespace, Regex regex)
    {
        FileName = fileName;
        Pattern = pattern;
        Location = location;
        IgnoreWhitespace = ignoreWhitespace;
        _regex = regex;
    }

    /// <summary>The output file the rule applies to, or <see cref="AllFiles"/>.</summary>
    public string FileName { get; }

    /// <summary>The section line the rule was made from.</summary>
    public string Pattern { get; }

    /// <summary>Where the line is in the test file.</summary>
    public SourceLocation Location { get; }

    /// <summary>The <c>-w</c> flag: whitespace is removed from pattern and output line before matching.</summary>
    public bool IgnoreWhitespace { get; }

    /// <summary>
    /// Makes a rule from one section line. <paramref name="kind"/> selects the section:
    /// <see cref="ExpectationKind.Plain"/> for <c>%ignore</c> (regular expressions only inside
    /// <c>{{ }}</c>), <see cref="ExpectationKind.Verbatim"/> for <c>%ignorev</c> (literal),
    /// <see cref="ExpectationKind.Regex"/> for <c>%ignorex</c> (the line is a regular expression).
    /// </summary>
    /// <returns>The rule, or null with <paramref name="error"/> set when the pattern is not a valid regular expression.</returns>
    public static IgnoreRule? TryCreate(string fileName, ExpectationKind kind, string line, bool ignoreCase,
        bool ignoreWhitespace, SourceLocation location, out string? error)
    {
        error = null;
        string text = BraceBlocks.TrimTrailingSpace(line);
        if (ignoreWhitespace)
            text = BraceBlocks.RemoveWhitespace(text);
        string body = kind switch
        {
            ExpectationKind.Plain => BraceBlocks.ToRegex(text, literalText: true, ignoreCase: false, out _),
            ExpectationKind.Verbatim => Regex.Escape(text),
            _ => BraceBlocks.RemoveComments(text, out _),
        };
        // Output lines reach the rule with trailing whitespace already removed, except with -w,
        // where all whitespace is gone; trailing blanks in either are allowed by the anchor.
        string anchored = @"\A(?:" + body + @")[ \t]*\z";
        var options = RegexOptions.CultureInvariant;
        if (ignoreCase)
            options |= RegexOptions.IgnoreCase;
        try
        {
            return new IgnoreRule(fileName, line, location, ignoreWhitespace, new Regex(anchored, options, MatchTimeout));
        }
        catch (ArgumentException e)
        {
            error = $"bad regular expression '{line}': {e.Message}";
            return null;
        }
    }

    /// <summary>True when the rule concerns <paramref name="outputFile"/>.</summary>
    public bool AppliesTo(string outputFile) => FileName == AllFiles || FileName == outputFile;

    /// <summary>True when <paramref name="line"/> (without its newline) is to be ignored.</summary>
    public bool Matches(string line)
    {
        string subject = IgnoreWhitespace ? BraceBlocks.RemoveWhitespace(line) : line;
        try
        {
            return _regex.IsMatch(subject);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
