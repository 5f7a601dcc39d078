// One top-level command of a %script or %require section: what the runner executes as a
// unit and names when it fails.
namespace StatelessNF.ClickTest;

/// <summary>A complete shell command (possibly several lines long) and where it starts.</summary>
/// <param name="Text">The command text, ending with a newline.</param>
/// <param name="Location">The line the command starts on.</param>
/// <param name="Quiet">True for commands of a <c>%require -q</c> section, whose failure is not explained.</param>
public sealed record ScriptCommand(string Text, SourceLocation Location, bool Quiet = false)
{
    /// <summary>The command on one line, shortened to <paramref name="maximumLength"/> characters, for messages.</summary>
    public string Summary(int maximumLength = 60)
    {
        string flat = string.Join(" ", Text.Split('\n', System.StringSplitOptions.RemoveEmptyEntries | System.StringSplitOptions.TrimEntries));
        return flat.Length <= maximumLength ? flat : flat[..maximumLength] + "...";
    }
}
