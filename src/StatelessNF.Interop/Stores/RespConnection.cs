// A minimal RESP2 client: enough to ask a redis-server we started whether it is up
// (PING), to authenticate, read INFO and shut it down. Requests go out as arrays of bulk
// strings; replies are parsed into string, long, null or object?[]. Every socket call has
// a timeout, and reply sizes are bounded, so a misbehaving server cannot hang a test.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Text;

namespace StatelessNF.Interop.Stores;

internal sealed class RespConnection : IDisposable
{
    private const int MaxLineLength = 64 * 1024;
    private const int MaxBulkLength = 64 * 1024 * 1024;
    private const int MaxArrayLength = 1024 * 1024;

    private readonly TcpClient _client;
    private readonly BufferedStream _stream;

    private RespConnection(TcpClient client)
    {
        _client = client;
        _stream = new BufferedStream(client.GetStream(), 16 * 1024);
    }

    /// <summary>Connects to host:port, giving up after <paramref name="timeout"/>.</summary>
    internal static RespConnection Connect(string host, int port, TimeSpan timeout)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            if (!client.ConnectAsync(host, port).Wait(timeout))
                throw new IOException($"Connecting to {host}:{port} took longer than {timeout.TotalSeconds:F1} s.");
            int milliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
            client.ReceiveTimeout = milliseconds;
            client.SendTimeout = milliseconds;
            return new RespConnection(client);
        }
        catch (AggregateException failure) when (failure.InnerException is not null)
        {
            client.Dispose();
            throw new IOException($"Could not connect to {host}:{port}: {failure.InnerException.Message}", failure.InnerException);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command and returns its reply; an error reply throws <see cref="RedisReplyException"/>.</summary>
    internal object? Execute(params string[] arguments)
    {
        Send(arguments);
        return ReadReply();
    }

    /// <summary>Sends one command without waiting for a reply (SHUTDOWN closes the connection instead).</summary>
    internal void Send(params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Length == 0)
            throw new ArgumentException("A command has at least one word.", nameof(arguments));
        var request = new StringBuilder();
        request.Append('*').Append(arguments.Length).Append("\r\n");
        foreach (string argument in arguments)
        {
            int length = Encoding.UTF8.GetByteCount(argument);
            request.Append('$').Append(length).Append("\r\n").Append(argument).Append("\r\n");
        }
        byte[] bytes = Encoding.UTF8.GetBytes(request.ToString());
        _stream.Write(bytes);
        _stream.Flush();
    }

    private object? ReadReply()
    {
        string line = ReadLine();
        if (line.Length == 0)
            throw new IOException("Empty RESP reply line.");
        string body = line[1..];
        switch (line[0])
        {
            case '+':
                return body;
            case '-':
                throw new RedisReplyException(body);
            case ':':
                return ParseInteger(body);
            case '$':
            {
                long length = ParseInteger(body);
                if (length < 0)
                    return null;
                if (length > MaxBulkLength)
                    throw new IOException($"RESP bulk string of {length} bytes exceeds the {MaxBulkLength}-byte limit.");
                byte[] data = new byte[length + 2];
                _stream.ReadExactly(data);
                if (data[^2] != '\r' || data[^1] != '\n')
                    throw new IOException("RESP bulk string not terminated by CRLF.");
                return Encoding.UTF8.GetString(data, 0, (int)length);
            }
            case '*':
            {
                long count = ParseInteger(body);
                if (count < 0)
                    return null;
                if (count > MaxArrayLength)
                    throw new IOException($"RESP array of {count} elements exceeds the {MaxArrayLength}-element limit.");
                var items = new object?[count];
                for (long i = 0; i < count; i++)
                {
                    try
                    {
                        items[i] = ReadReply();
                    }
                    catch (RedisReplyException error)
                    {
                        items[i] = error;  // an error inside an array (EXEC) is an element, not a failure
                    }
                }
                return items;
            }
            default:
                throw new IOException($"Unknown RESP reply type '{line[0]}'.");
        }
    }

    private static long ParseInteger(string text) =>
        long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new IOException($"Malformed RESP integer '{text}'.");

    private string ReadLine()
    {
        var bytes = new List<byte>(64);
        while (bytes.Count < MaxLineLength)
        {
            int next = _stream.ReadByte();
            if (next < 0)
                throw new IOException("The server closed the connection.");
            if (next == '\n' && bytes.Count > 0 && bytes[^1] == '\r')
                return Encoding.UTF8.GetString(bytes.ToArray(), 0, bytes.Count - 1);
            bytes.Add((byte)next);
        }
        throw new IOException($"RESP line longer than {MaxLineLength} bytes.");
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }
}
