// Completion of asynchronous operations. Each submit passes one of the static callbacks
// below with a GCHandle to its TaskCompletionSource as user_data and no out_op, so the
// native op frees itself after the callback. The callbacks run on a client thread (or on
// the submitting thread for backends that complete at once): they only copy the result
// out and complete the task, whose continuations run elsewhere
// (RunContinuationsAsynchronously), so user code never blocks the client's I/O thread.
using System;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Internal;

internal static unsafe class AsyncCompletions
{
    /// <summary>Completes a <see cref="TaskCompletionSource{StoreValue}"/> with the value read.</summary>
    internal static readonly delegate* unmanaged<snf_op*, int, void*, void> Read = &OnRead;

    /// <summary>Completes a <see cref="TaskCompletionSource{T}"/> of nullable StoreValue; absent is null.</summary>
    internal static readonly delegate* unmanaged<snf_op*, int, void*, void> TryRead = &OnTryRead;

    /// <summary>Completes a <see cref="TaskCompletionSource{UInt64}"/> with the version written or removed.</summary>
    internal static readonly delegate* unmanaged<snf_op*, int, void*, void> Version = &OnVersion;

    /// <summary>A GCHandle to <paramref name="completion"/>, as the native user_data.</summary>
    internal static void* Register(object completion) => (void*)GCHandle.ToIntPtr(GCHandle.Alloc(completion));

    /// <summary>Releases a handle whose submit failed, so no callback will come for it.</summary>
    internal static void Unregister(void* userData) => GCHandle.FromIntPtr((IntPtr)userData).Free();

    /// <summary>A new completion source whose continuations never run on the client's thread.</summary>
    internal static TaskCompletionSource<T> CreateSource<T>() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    [UnmanagedCallersOnly]
    private static void OnRead(snf_op* op, int status, void* userData)
    {
        var completion = (TaskCompletionSource<StoreValue>)Take(userData);
        try
        {
            if (status == (int)snf_status.SNF_OK)
                completion.TrySetResult(ValueOf(op));
            else
                completion.TrySetException(StoreErrors.Create(status, StoreErrors.OpError(op)));
        }
        catch (Exception failure)
        {
            // Nothing may unwind into native code; the task carries the failure instead.
            completion.TrySetException(failure);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnTryRead(snf_op* op, int status, void* userData)
    {
        var completion = (TaskCompletionSource<StoreValue?>)Take(userData);
        try
        {
            if (status == (int)snf_status.SNF_OK)
                completion.TrySetResult(ValueOf(op));
            else if (status == (int)snf_status.SNF_ERR_OBJECT_DOESNT_EXIST)
                completion.TrySetResult(null);
            else
                completion.TrySetException(StoreErrors.Create(status, StoreErrors.OpError(op)));
        }
        catch (Exception failure)
        {
            completion.TrySetException(failure);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnVersion(snf_op* op, int status, void* userData)
    {
        var completion = (TaskCompletionSource<ulong>)Take(userData);
        try
        {
            if (status == (int)snf_status.SNF_OK)
                completion.TrySetResult(SnfClientNative.snf_op_version(op));
            else
                completion.TrySetException(StoreErrors.Create(status, StoreErrors.OpError(op)));
        }
        catch (Exception failure)
        {
            completion.TrySetException(failure);
        }
    }

    private static object Take(void* userData)
    {
        GCHandle handle = GCHandle.FromIntPtr((IntPtr)userData);
        object target = handle.Target!;
        handle.Free();
        return target;
    }

    private static StoreValue ValueOf(snf_op* op)
    {
        void* data = null;
        uint length = 0;
        int status = SnfClientNative.snf_op_value(op, &data, &length);
        if (status != (int)snf_status.SNF_OK)
            throw StoreErrors.Create(status, StoreErrors.OpError(op));
        byte[] value = length == 0 ? Array.Empty<byte>() : new ReadOnlySpan<byte>(data, checked((int)length)).ToArray();
        return new StoreValue(value, SnfClientNative.snf_op_version(op));
    }
}
