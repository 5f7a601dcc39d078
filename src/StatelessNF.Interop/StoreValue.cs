// An object read from the store: its value bytes and the version they were written at.
using System;
using System.Text;

namespace StatelessNF.Interop;

/// <summary>An object's value and version as read from the store.</summary>
/// <param name="Value">The value bytes (possibly empty, never null for a value that was read).</param>
/// <param name="Version">The object's version: starts at 1 and grows with every write.</param>
public readonly record struct StoreValue(byte[] Value, ulong Version)
{
    /// <summary>The value decoded as UTF-8.</summary>
    public string AsString() => Value is null ? string.Empty : Encoding.UTF8.GetString(Value);

    /// <summary>The value as a read-only span.</summary>
    public ReadOnlySpan<byte> Span => Value;
}
