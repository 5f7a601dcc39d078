// The exception hierarchy of the store API: one StoreException base carrying the
// StoreStatus and the native message, and one subclass per kind of failure a caller may
// want to handle on its own. Which status becomes which type is decided in StoreErrors.
using System;

namespace StatelessNF.Interop;

/// <summary>A store operation failed; <see cref="Status"/> says how.</summary>
public class StoreException : Exception
{
    /// <summary>Creates an exception for a failed operation.</summary>
    /// <param name="status">The operation's status.</param>
    /// <param name="message">The message, usually the native library's.</param>
    public StoreException(StoreStatus status, string message) : base(message) => Status = status;

    /// <summary>Creates an exception for a failed operation caused by another exception.</summary>
    /// <param name="status">The operation's status.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying failure.</param>
    public StoreException(StoreStatus status, string message, Exception innerException)
        : base(message, innerException) => Status = status;

    /// <summary>The native status of the failed operation.</summary>
    public StoreStatus Status { get; }
}

/// <summary>The table does not exist (<see cref="StoreStatus.TableDoesntExist"/>).</summary>
public sealed class TableNotFoundException : StoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public TableNotFoundException(string message) : base(StoreStatus.TableDoesntExist, message) { }
}

/// <summary>The object does not exist (<see cref="StoreStatus.ObjectDoesntExist"/>).</summary>
public sealed class ObjectNotFoundException : StoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ObjectNotFoundException(string message) : base(StoreStatus.ObjectDoesntExist, message) { }
}

/// <summary>A rule rejected the operation because the object exists (<see cref="StoreStatus.ObjectExists"/>).</summary>
public sealed class ObjectExistsException : StoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ObjectExistsException(string message) : base(StoreStatus.ObjectExists, message) { }
}

/// <summary>A rule rejected the operation because of the object's version (<see cref="StoreStatus.WrongVersion"/>).</summary>
public sealed class WrongVersionException : StoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public WrongVersionException(string message) : base(StoreStatus.WrongVersion, message) { }
}

/// <summary>
/// The store could not be reached (<see cref="StoreStatus.Connection"/>). The client
/// reconnects by itself on later calls.
/// </summary>
public class StoreConnectionException : StoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public StoreConnectionException(string message) : base(StoreStatus.Connection, message) { }

    /// <summary>Creates the exception for a subclass's status.</summary>
    /// <param name="status">The status.</param>
    /// <param name="message">The message.</param>
    protected StoreConnectionException(StoreStatus status, string message) : base(status, message) { }
}

/// <summary>
/// The store did not answer in time (<see cref="StoreStatus.Timeout"/>). A timed-out
/// write may or may not have been applied. Derives from
/// <see cref="StoreConnectionException"/> because both mean the store is not answering.
/// </summary>
public sealed class StoreTimeoutException : StoreConnectionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public StoreTimeoutException(string message) : base(StoreStatus.Timeout, message) { }
}

/// <summary>Fewer replicas than required acknowledged a write (<see cref="StoreStatus.Replication"/>).</summary>
public sealed class ReplicationException : StoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ReplicationException(string message) : base(StoreStatus.Replication, message) { }
}

/// <summary>The store refused the credentials (<see cref="StoreStatus.Authentication"/>).</summary>
public sealed class StoreAuthenticationException : StoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public StoreAuthenticationException(string message) : base(StoreStatus.Authentication, message) { }
}

/// <summary>
/// The value did not fit into the destination buffer (<see cref="StoreStatus.BufferTooSmall"/>);
/// <see cref="RequiredLength"/> says how large it must be.
/// </summary>
public sealed class BufferTooSmallException : StoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="requiredLength">The length of the value that did not fit.</param>
    public BufferTooSmallException(string message, int requiredLength)
        : base(StoreStatus.BufferTooSmall, message) => RequiredLength = requiredLength;

    /// <summary>The length, in bytes, of the value that did not fit.</summary>
    public int RequiredLength { get; }
}

/// <summary>
/// An argument was rejected: a key or value too large, an empty key, a malformed URI or
/// another invalid argument (<see cref="StoreStatus.InvalidArgument"/>,
/// <see cref="StoreStatus.KeyTooLarge"/>, <see cref="StoreStatus.ValueTooLarge"/>,
/// <see cref="StoreStatus.BadUri"/>).
/// </summary>
public sealed class StoreArgumentException : StoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">One of the argument statuses.</param>
    /// <param name="message">The message.</param>
    public StoreArgumentException(StoreStatus status, string message) : base(status, message) { }
}

/// <summary>The client is shutting down (<see cref="StoreStatus.Closed"/>).</summary>
public sealed class StoreClosedException : StoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public StoreClosedException(string message) : base(StoreStatus.Closed, message) { }
}
