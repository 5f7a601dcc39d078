// One problem found while reading a .clicktest file. Errors make the test fail before it
// runs (a test that cannot be read as written must not pass); warnings are only reported.
namespace StatelessNF.ClickTest;

/// <summary>A parse error or warning with the line it concerns.</summary>
/// <param name="Location">Where the problem is.</param>
/// <param name="Message">What is wrong, in words.</param>
/// <param name="IsError">True for errors, false for warnings.</param>
public sealed record ParseDiagnostic(SourceLocation Location, string Message, bool IsError)
{
    /// <summary>Formats the diagnostic as <c>file:line: [warning: ]message</c>.</summary>
    public override string ToString() => IsError ? $"{Location}: {Message}" : $"{Location}: warning: {Message}";
}
