// The failure of a ControlSocket command: either the server's error reply (its numeric
// code and text) or a broken connection (code ClickControlCodes.NoReply).
using System;

namespace StatelessNF.Interop.Click;

/// <summary>A ControlSocket command failed; <see cref="Code"/> is the server's reply code.</summary>
public sealed class ClickControlException : Exception
{
    /// <summary>Creates an exception for an error reply.</summary>
    /// <param name="code">The reply code, or <see cref="ClickControlCodes.NoReply"/>.</param>
    /// <param name="replyText">The reply's text (its lines joined by newlines).</param>
    public ClickControlException(int code, string replyText)
        : base(code == ClickControlCodes.NoReply ? replyText : $"{code} {replyText}")
    {
        Code = code;
        ReplyText = replyText;
    }

    /// <summary>Creates an exception for a connection failure.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying failure.</param>
    public ClickControlException(string message, Exception innerException) : base(message, innerException)
    {
        Code = ClickControlCodes.NoReply;
        ReplyText = message;
    }

    /// <summary>The reply code (see <see cref="ClickControlCodes"/>); <see cref="ClickControlCodes.NoReply"/> when the server did not reply.</summary>
    public int Code { get; }

    /// <summary>The server's reply text without the codes, or what went wrong with the connection.</summary>
    public string ReplyText { get; }
}
