// How an expected output section compares its lines with what the script wrote; one value
// per section name of the format.
namespace StatelessNF.ClickTest;

/// <summary>The comparison rules of an expected output section.</summary>
public enum ExpectationKind
{
    /// <summary><c>%expect</c>: literal text with <c>{{regex}}</c> blocks; blank lines, trailing whitespace and ignored lines do not count.</summary>
    Plain,

    /// <summary><c>%expectv</c>: the output must be exactly the section's text; no regex blocks, no ignore rules.</summary>
    Verbatim,

    /// <summary><c>%expectx</c>: every line is a regular expression that must match a whole output line.</summary>
    Regex,
}
