// The one place where native status codes become exceptions. Every call into the native
// client goes through a Check overload: it does nothing on SNF_OK and otherwise reads the
// message the failing call left (on the client, the cache or the async op) and throws the
// exception type this table assigns to the status.
using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Internal;

internal static unsafe class StoreErrors
{
    /// <summary>The exception for a failed status and the native message that came with it.</summary>
    internal static StoreException Create(int status, string? nativeMessage, int requiredLength = 0)
    {
        if (status == (int)snf_status.SNF_OK)
            throw new ArgumentOutOfRangeException(nameof(status), "SNF_OK is not a failure.");

        string message = string.IsNullOrEmpty(nativeMessage) ? Describe(status) : nativeMessage;
        var code = (StoreStatus)status;
        return code switch
        {
            StoreStatus.TableDoesntExist => new TableNotFoundException(message),
            StoreStatus.ObjectDoesntExist => new ObjectNotFoundException(message),
            StoreStatus.ObjectExists => new ObjectExistsException(message),
            StoreStatus.WrongVersion => new WrongVersionException(message),
            StoreStatus.InvalidArgument or StoreStatus.KeyTooLarge or StoreStatus.ValueTooLarge
                or StoreStatus.BadUri => new StoreArgumentException(code, message),
            StoreStatus.BufferTooSmall => new BufferTooSmallException(message, requiredLength),
            StoreStatus.Connection => new StoreConnectionException(message),
            StoreStatus.Timeout => new StoreTimeoutException(message),
            StoreStatus.Replication => new ReplicationException(message),
            StoreStatus.Authentication => new StoreAuthenticationException(message),
            StoreStatus.Closed => new StoreClosedException(message),
            _ => new StoreException(code, message),
        };
    }

    /// <summary>Throws unless a client call succeeded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Check(int status, snf_client* client)
    {
        if (status != (int)snf_status.SNF_OK)
            ThrowForClient(status, client);
    }

    /// <summary>Throws unless an object operation on a client or cache succeeded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Check<TObjects>(int status, in TObjects objects) where TObjects : struct, INativeObjects
    {
        if (status != (int)snf_status.SNF_OK)
            Throw(status, objects.LastError());
    }

    /// <summary>Throws unless a call that reports its error as text (open) succeeded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Check(int status, string? nativeMessage)
    {
        if (status != (int)snf_status.SNF_OK)
            Throw(status, nativeMessage);
    }

    /// <summary>The message a failed client call left for this thread.</summary>
    internal static string? LastError(snf_client* client) =>
        Marshal.PtrToStringUTF8((IntPtr)SnfClientNative.snf_client_last_error(client));

    /// <summary>The message a failed cache call left for this thread.</summary>
    internal static string? LastError(snf_cache* cache) =>
        Marshal.PtrToStringUTF8((IntPtr)SnfClientNative.snf_cache_last_error(cache));

    /// <summary>The failure message of a completed async op.</summary>
    internal static string? OpError(snf_op* op) =>
        Marshal.PtrToStringUTF8((IntPtr)SnfClientNative.snf_op_error(op));

    /// <summary>"SNF_ERR_NAME (code): description", from the native status table.</summary>
    internal static string Describe(int status)
    {
        string? name = Marshal.PtrToStringUTF8((IntPtr)SnfClientNative.snf_status_name(status));
        string? text = Marshal.PtrToStringUTF8((IntPtr)SnfClientNative.snf_status_message(status));
        return $"{name ?? "SNF_ERR_UNKNOWN"} ({status}): {text}";
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Throw(int status, string? nativeMessage, int requiredLength = 0) =>
        throw Create(status, nativeMessage, requiredLength);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowForClient(int status, snf_client* client) => throw Create(status, LastError(client));
}
