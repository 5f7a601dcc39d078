// Buffered reading of a ControlSocket server's output: lines ending in LF (an optional CR
// before it is dropped), whole replies, and exact byte counts for handler data. Every read
// is bounded by the connection's options, and the end of the stream or a malformed reply
// is reported as a ClickControlException with code NoReply.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace StatelessNF.Interop.Click.Internal;

internal sealed class ControlStreamReader
{
    private readonly Stream _stream;
    private readonly ClickControlOptions _options;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    internal ControlStreamReader(Stream stream, ClickControlOptions options)
    {
        _stream = stream;
        _options = options;
    }

    /// <summary>Reads one line, without its terminator.</summary>
    internal async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new MemoryStream();
        while (true)
        {
            if (_start == _end)
                await FillAsync(cancellationToken).ConfigureAwait(false);
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            int take = (newline < 0 ? _end : newline) - _start;
            if (line.Length + take > _options.MaxLineLength)
                throw new ClickControlException(ClickControlCodes.NoReply,
                    $"The server sent a line longer than {_options.MaxLineLength} bytes.");
            line.Write(_buffer, _start, take);
            _start += take;
            if (newline >= 0)
            {
                _start++;  // the LF
                break;
            }
        }
        int length = (int)line.Length;
        byte[] bytes = line.GetBuffer();
        if (length > 0 && bytes[length - 1] == (byte)'\r')
            length--;
        return Encoding.UTF8.GetString(bytes, 0, length);
    }

    /// <summary>Reads one reply: continuation lines up to the final line, all with the same code.</summary>
    internal async ValueTask<ControlReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        int code = 0;
        while (true)
        {
            string line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (!TryParseCode(line, out int lineCode, out bool more))
                throw new ClickControlException(ClickControlCodes.NoReply, $"The server sent a malformed reply line '{Shorten(line)}'.");
            if (lines.Count > 0 && lineCode != code)
                throw new ClickControlException(ClickControlCodes.NoReply,
                    $"The server changed the reply code from {code} to {lineCode} within one reply.");
            if (lines.Count >= _options.MaxReplyLines)
                throw new ClickControlException(ClickControlCodes.NoReply,
                    $"The server sent a reply longer than {_options.MaxReplyLines} lines.");
            code = lineCode;
            lines.Add(line.Length > 4 ? line[4..] : "");
            if (!more)
                return new ControlReply(code, lines);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    internal async ValueTask<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var data = new byte[count];
        int filled = 0;
        while (filled < count)
        {
            if (_start == _end)
                await FillAsync(cancellationToken).ConfigureAwait(false);
            int take = Math.Min(count - filled, _end - _start);
            Buffer.BlockCopy(_buffer, _start, data, filled, take);
            _start += take;
            filled += take;
        }
        return data;
    }

    /// <summary>True once the server closed its side and everything it sent was consumed.</summary>
    internal async ValueTask<bool> AtEndAsync(CancellationToken cancellationToken)
    {
        if (_start < _end)
            return false;
        int read = await _stream.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        _start = 0;
        _end = read;
        return read == 0;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        int read = await _stream.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        if (read == 0)
            throw new ClickControlException(ClickControlCodes.NoReply, "The server closed the connection.");
        _start = 0;
        _end = read;
    }

    // "NNN text", "NNN-text" (more lines follow) or a bare "NNN".
    private static bool TryParseCode(string line, out int code, out bool more)
    {
        code = 0;
        more = false;
        if (line.Length < 3 || !char.IsAsciiDigit(line[0]) || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[2]))
            return false;
        if (line.Length > 3 && line[3] != ' ' && line[3] != '-')
            return false;
        code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        more = line.Length > 3 && line[3] == '-';
        return true;
    }

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "...";
}
