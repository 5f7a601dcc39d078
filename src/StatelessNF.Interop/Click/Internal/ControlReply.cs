// One reply of a ControlSocket server: its code and the text of each of its lines
// ("CODE-text" continuation lines followed by a final "CODE text" line).
using System.Collections.Generic;

namespace StatelessNF.Interop.Click.Internal;

internal sealed class ControlReply
{
    internal ControlReply(int code, IReadOnlyList<string> lines)
    {
        Code = code;
        Lines = lines;
    }

    /// <summary>The code of the reply's last line.</summary>
    internal int Code { get; }

    /// <summary>The text of every line, without the code.</summary>
    internal IReadOnlyList<string> Lines { get; }

    internal bool IsSuccess => ClickControlCodes.IsSuccess(Code);

    /// <summary>The lines joined by newlines.</summary>
    internal string Text => string.Join('\n', Lines);

    /// <summary>The exception reporting this reply as a failure.</summary>
    internal ClickControlException ToException() => new(Code, Text);
}
