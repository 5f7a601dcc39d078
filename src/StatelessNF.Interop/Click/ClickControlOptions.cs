// Limits of a ControlSocket connection: how long a command may take and how large a
// reply may be, so a stuck or misbehaving server can neither hang nor exhaust a client.
using System;

namespace StatelessNF.Interop.Click;

/// <summary>Timeouts and reply bounds of a <see cref="ClickControlClient"/>.</summary>
public sealed class ClickControlOptions
{
    /// <summary>The default limits.</summary>
    public static ClickControlOptions Default { get; } = new();

    /// <summary>How long connecting (with the greeting) or one command may take; 10 seconds by default.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest reply line accepted, in bytes; 64 KiB by default.</summary>
    public int MaxLineLength { get; init; } = 64 * 1024;

    /// <summary>The most lines one reply may have; 4096 by default.</summary>
    public int MaxReplyLines { get; init; } = 4096;

    /// <summary>The largest handler value accepted, in bytes; 16 MiB by default.</summary>
    public int MaxDataLength { get; init; } = 16 * 1024 * 1024;

    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(Timeout), "The timeout must be positive or infinite.");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLineLength, 64, nameof(MaxLineLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReplyLines, 1, nameof(MaxReplyLines));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDataLength, nameof(MaxDataLength));
    }
}
