// A place in a .clicktest file (or a file it includes), for messages that point the reader
// at the line that produced a command, an expectation or an error.
namespace StatelessNF.ClickTest;

/// <summary>A file name and a 1-based line number.</summary>
/// <param name="File">The file as it was named to the parser.</param>
/// <param name="Line">The 1-based line number.</param>
public readonly record struct SourceLocation(string File, int Line)
{
    /// <summary>Formats the location the way compilers do: <c>file:line</c>.</summary>
    public override string ToString() => $"{File}:{Line}";
}
