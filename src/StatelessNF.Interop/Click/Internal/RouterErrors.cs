// The one place where native router status codes become exceptions. Every router call
// goes through Check: it does nothing on SNF_ROUTER_OK and otherwise reads the message the
// failing call left on the router and throws the exception type this table assigns to
// the status. Configuration failures carry their diagnostics and are built by the caller.
using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Click.Internal;

internal static unsafe class RouterErrors
{
    /// <summary>The exception for a failed status and the native message that came with it.</summary>
    /// <param name="status">The failed status.</param>
    /// <param name="nativeMessage">The native message; the status's description when empty.</param>
    /// <param name="handlerName">The handler the call named, for handler statuses.</param>
    internal static ClickException Create(int status, string? nativeMessage, string? handlerName = null)
    {
        if (status == (int)snf_router_status.SNF_ROUTER_OK)
            throw new ArgumentOutOfRangeException(nameof(status), "SNF_ROUTER_OK is not a failure.");

        string message = string.IsNullOrEmpty(nativeMessage) ? Describe(status) : nativeMessage;
        var code = (ClickStatus)status;
        return code switch
        {
            ClickStatus.NoSuchElement or ClickStatus.NoSuchHandler or ClickStatus.NotReadable
                or ClickStatus.NotWritable or ClickStatus.HandlerFailed
                => new ClickHandlerException(code, handlerName ?? "", message),
            ClickStatus.Configuration => new ClickConfigurationException(message, Array.Empty<ClickDiagnostic>(), message),
            ClickStatus.Stopped => new ClickStoppedException(message),
            ClickStatus.Io => new ClickSocketException(message),
            ClickStatus.InvalidArgument => new ClickArgumentException(message),
            _ => new ClickException(code, message),
        };
    }

    /// <summary>A configuration failure with the diagnostics creation produced.</summary>
    internal static ClickConfigurationException Configuration(IReadOnlyList<ClickDiagnostic> diagnostics, string text)
    {
        string trimmed = text.TrimEnd('\n');
        string message = trimmed.Length == 0 ? Describe((int)snf_router_status.SNF_ROUTER_ERR_CONFIG)
                                             : "The Click configuration has errors:\n" + trimmed;
        return new ClickConfigurationException(message, diagnostics, text);
    }

    /// <summary>Throws unless a router call succeeded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Check(int status, snf_router* router, string? handlerName = null)
    {
        if (status != (int)snf_router_status.SNF_ROUTER_OK)
            ThrowForRouter(status, router, handlerName);
    }

    /// <summary>The message the calling thread's last failed call on the router left.</summary>
    internal static string? LastError(snf_router* router) =>
        Marshal.PtrToStringUTF8((IntPtr)SnfRouterNative.snf_router_last_error(router));

    /// <summary>"SNF_ROUTER_ERR_NAME (code): description", from the native status table.</summary>
    internal static string Describe(int status)
    {
        string? name = Marshal.PtrToStringUTF8((IntPtr)SnfRouterNative.snf_router_status_name(status));
        string? text = Marshal.PtrToStringUTF8((IntPtr)SnfRouterNative.snf_router_status_message(status));
        return $"{name ?? "SNF_ROUTER_ERR_UNKNOWN"} ({status}): {text}";
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Throw(int status, string? nativeMessage, string? handlerName = null) =>
        throw Create(status, nativeMessage, handlerName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowForRouter(int status, snf_router* router, string? handlerName) =>
        throw Create(status, LastError(router), handlerName);
}
