// How serious a configuration diagnostic is; mirrors the native snf_router_severity.
namespace StatelessNF.Interop.Click;

/// <summary>The severity of a <see cref="ClickDiagnostic"/>.</summary>
public enum ClickDiagnosticSeverity
{
    /// <summary>The configuration cannot be installed.</summary>
    Error = 0,

    /// <summary>Something looks wrong but the configuration can run.</summary>
    Warning = 1,

    /// <summary>Additional information attached to the diagnostic before it.</summary>
    Note = 2,
}
