// The numeric reply codes of Click's ControlSocket protocol, as documented with Click's
// ControlSocket element, plus the value this library uses for failures that are not a
// server reply at all.
namespace StatelessNF.Interop.Click;

/// <summary>Reply codes of Click's ControlSocket protocol (see <see cref="ClickControlException.Code"/>).</summary>
public static class ClickControlCodes
{
    /// <summary>Not a server reply: the connection failed, closed, or sent a malformed or oversized reply.</summary>
    public const int NoReply = 0;

    /// <summary>The command succeeded.</summary>
    public const int Ok = 200;

    /// <summary>The command succeeded, with warnings.</summary>
    public const int OkWithWarnings = 220;

    /// <summary>The command was malformed.</summary>
    public const int SyntaxError = 500;

    /// <summary>The server does not implement the command.</summary>
    public const int Unimplemented = 501;

    /// <summary>No element with that name.</summary>
    public const int NoSuchElement = 510;

    /// <summary>No handler with that name, or not one of the requested direction.</summary>
    public const int NoSuchHandler = 511;

    /// <summary>The handler reported an error.</summary>
    public const int HandlerError = 520;

    /// <summary>The data sent with the command was too large.</summary>
    public const int DataTooLarge = 521;

    /// <summary>Permission denied: a write-only handler read, a read-only handler written, or a read-only socket.</summary>
    public const int PermissionDenied = 530;

    /// <summary>The server has no router installed.</summary>
    public const int NoRouter = 540;

    /// <summary>True for the 2xx codes, which mean success.</summary>
    /// <param name="code">A reply code.</param>
    public static bool IsSuccess(int code) => code >= 200 && code < 300;
}
