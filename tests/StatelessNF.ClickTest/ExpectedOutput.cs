// The contents and flags of one %expect, %expectv or %expectx section for one output file.
// Several sections for the same file (each after the first marked -a) are alternatives.
namespace StatelessNF.ClickTest;

/// <summary>One expected version of an output file.</summary>
/// <param name="FileName">The output file: <c>stdout</c>, <c>stderr</c> or a file the script writes in its directory.</param>
/// <param name="Kind">How lines are compared.</param>
/// <param name="Text">The expected text.</param>
/// <param name="IgnoreCase">The <c>-i</c> flag: regular expressions match without regard to case.</param>
/// <param name="IgnoreWhitespace">The <c>-w</c> flag: spaces and tabs inside a line do not count.</param>
/// <param name="FirstLine">Where the expected text starts in the test file, so mismatches can name the expected line.</param>
public sealed record ExpectedOutput(
    string FileName,
    ExpectationKind Kind,
    string Text,
    bool IgnoreCase,
    bool IgnoreWhitespace,
    SourceLocation FirstLine);
