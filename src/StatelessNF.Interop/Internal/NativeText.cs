// NUL-terminated UTF-8 for the native API's string parameters (URIs, table names). A
// string with an embedded NUL would be silently cut short by C, so it is rejected here.
using System;
using System.Text;

namespace StatelessNF.Interop.Internal;

internal static class NativeText
{
    /// <summary>The UTF-8 bytes of <paramref name="text"/> followed by a NUL.</summary>
    internal static byte[] ToNullTerminatedUtf8(string text, string parameterName, StoreStatus statusIfInvalid)
    {
        ArgumentNullException.ThrowIfNull(text, parameterName);
        if (text.Contains('\0'))
            throw StoreErrors.Create((int)statusIfInvalid, $"The {parameterName} contains a NUL character.");
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
