// The exception hierarchy of the embedded router: one ClickException base carrying the
// ClickStatus and the native message, and one subclass per kind of failure a caller may
// want to handle on its own. Which status becomes which type is decided in RouterErrors.
using System;
using System.Collections.Generic;

namespace StatelessNF.Interop.Click;

/// <summary>A router call failed; <see cref="Status"/> says how.</summary>
public class ClickException : Exception
{
    /// <summary>Creates an exception for a failed call.</summary>
    /// <param name="status">The call's status.</param>
    /// <param name="message">The message, usually the native library's.</param>
    public ClickException(ClickStatus status, string message) : base(message) => Status = status;

    /// <summary>The native status of the failed call.</summary>
    public ClickStatus Status { get; }
}

/// <summary>
/// The configuration could not be installed (<see cref="ClickStatus.Configuration"/>).
/// Every problem found is listed in <see cref="Diagnostics"/>, not just the first.
/// </summary>
public sealed class ClickConfigurationException : ClickException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="diagnostics">Every entry the configuration produced.</param>
    /// <param name="diagnosticsText">The entries printed the way Click prints them.</param>
    public ClickConfigurationException(string message, IReadOnlyList<ClickDiagnostic> diagnostics, string diagnosticsText)
        : base(ClickStatus.Configuration, message)
    {
        Diagnostics = diagnostics;
        DiagnosticsText = diagnosticsText;
    }

    /// <summary>Every error, warning and note the configuration produced, in order.</summary>
    public IReadOnlyList<ClickDiagnostic> Diagnostics { get; }

    /// <summary>The diagnostics as Click prints them: one "file:line: message" line each.</summary>
    public string DiagnosticsText { get; }
}

/// <summary>
/// A handler call failed: no such element (<see cref="ClickStatus.NoSuchElement"/>) or
/// handler (<see cref="ClickStatus.NoSuchHandler"/>), the wrong direction
/// (<see cref="ClickStatus.NotReadable"/>, <see cref="ClickStatus.NotWritable"/>), or the
/// handler itself reported an error (<see cref="ClickStatus.HandlerFailed"/>).
/// </summary>
public sealed class ClickHandlerException : ClickException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">One of the handler statuses.</param>
    /// <param name="handlerName">The handler that was called.</param>
    /// <param name="message">The message.</param>
    public ClickHandlerException(ClickStatus status, string handlerName, string message)
        : base(status, message) => HandlerName = handlerName;

    /// <summary>The handler that was called, "element.handler" or a global name.</summary>
    public string HandlerName { get; }
}

/// <summary>The router has stopped and will not run again (<see cref="ClickStatus.Stopped"/>).</summary>
public sealed class ClickStoppedException : ClickException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ClickStoppedException(string message) : base(ClickStatus.Stopped, message) { }
}

/// <summary>A control socket could not be opened (<see cref="ClickStatus.Io"/>).</summary>
public sealed class ClickSocketException : ClickException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ClickSocketException(string message) : base(ClickStatus.Io, message) { }
}

/// <summary>The native library rejected an argument (<see cref="ClickStatus.InvalidArgument"/>).</summary>
public sealed class ClickArgumentException : ClickException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ClickArgumentException(string message) : base(ClickStatus.InvalidArgument, message) { }
}
