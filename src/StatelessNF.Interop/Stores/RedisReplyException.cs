// The error reply of a Redis command sent by RedisServerProcess.Execute.
using System;

namespace StatelessNF.Interop.Stores;

/// <summary>A Redis server answered a command with an error reply ("-ERR ...").</summary>
public sealed class RedisReplyException : Exception
{
    /// <summary>Creates the exception from the error reply's text.</summary>
    /// <param name="message">The reply without its leading '-'.</param>
    public RedisReplyException(string message) : base(message) { }
}
