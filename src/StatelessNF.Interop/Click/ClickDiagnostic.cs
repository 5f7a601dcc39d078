// One entry of the diagnostics list that router creation produces: where in the
// configuration it points (file and line, as Click's "file:line:" landmarks do), how
// serious it is and what it says.
namespace StatelessNF.Interop.Click;

/// <summary>A problem (or note) found while installing a Click configuration.</summary>
/// <param name="File">The configuration's file name; empty when the entry has no place.</param>
/// <param name="Line">The 1-based line in <paramref name="File"/>; 0 when the entry has no line.</param>
/// <param name="Severity">How serious the entry is.</param>
/// <param name="Message">The text; may span lines (e.g. "While configuring 'q :: Queue':\n  ...").</param>
public sealed record ClickDiagnostic(string File, int Line, ClickDiagnosticSeverity Severity, string Message)
{
    /// <summary>The entry the way Click prints it: "file:line: message".</summary>
    public override string ToString()
    {
        string place = File.Length == 0 ? "" : Line > 0 ? $"{File}:{Line}: " : $"{File}: ";
        string prefix = Severity == ClickDiagnosticSeverity.Warning ? "warning: " : "";
        return place + prefix + Message;
    }
}
