// Blocking object operations written once for both the client and the cache: reads that
// size their buffer (a per-thread scratch buffer first, so the common small value costs
// one native call and one exact-size copy), conditional writes and removes, and the UTF-8
// string conveniences. Every native status goes through StoreErrors.
using System;
using System.Buffers;
using System.Numerics;
using System.Text;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Internal;

internal static unsafe class ObjectCalls
{
    private const int Ok = (int)snf_status.SNF_OK;
    private const int NotFound = (int)snf_status.SNF_ERR_OBJECT_DOESNT_EXIST;
    private const int Exists = (int)snf_status.SNF_ERR_OBJECT_EXISTS;
    private const int TooSmall = (int)snf_status.SNF_ERR_BUFFER_TOO_SMALL;

    private const int InitialScratchLength = 4 * 1024;
    private const int MaxScratchLength = 64 * 1024;
    private const int StackKeyLength = 512;

    // Values up to MaxScratchLength are first read here and then copied to an exact-size
    // array, so reading a value of unknown length rarely takes two round trips.
    [ThreadStatic] private static byte[]? t_scratch;

    /// <summary>Reads an object; throws <see cref="ObjectNotFoundException"/> if it is absent.</summary>
    internal static StoreValue Read<T>(in T objects, ulong tableId, ReadOnlySpan<byte> key) where T : struct, INativeObjects
    {
        int status = TryReadCore(objects, tableId, key, out StoreValue value);
        StoreErrors.Check(status, objects);
        return value;
    }

    /// <summary>Reads an object; false if it is absent; throws for every other failure.</summary>
    internal static bool TryRead<T>(in T objects, ulong tableId, ReadOnlySpan<byte> key, out StoreValue value) where T : struct, INativeObjects
    {
        int status = TryReadCore(objects, tableId, key, out value);
        if (status == NotFound)
            return false;
        StoreErrors.Check(status, objects);
        return true;
    }

    /// <summary>Reads an object into caller memory without allocating; returns the value's length.</summary>
    internal static int ReadInto<T>(in T objects, ulong tableId, ReadOnlySpan<byte> key, Span<byte> destination, out ulong version)
        where T : struct, INativeObjects
    {
        uint length = 0;
        ulong read = 0;
        byte placeholder = 0;
        int status;
        fixed (byte* k = key)
        fixed (byte* d = destination)
        {
            // An empty span pins to null; the store may reject a null buffer, so point at a byte.
            status = objects.Read(tableId, k, (uint)key.Length, d != null ? d : &placeholder,
                                  (uint)destination.Length, &length, &read);
        }
        if (status == TooSmall)
            StoreErrors.Throw(status, objects.LastError(), (int)Math.Min(length, int.MaxValue));
        StoreErrors.Check(status, objects);
        version = read;
        return (int)length;
    }

    /// <summary>Writes an object and returns its new version.</summary>
    internal static ulong Write<T>(in T objects, ulong tableId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, in WriteOptions options)
        where T : struct, INativeObjects
    {
        int status = WriteCore(objects, tableId, key, value, options.Rules, options.TimeToLiveMilliseconds, out ulong version);
        StoreErrors.Check(status, objects);
        return version;
    }

    /// <summary>Creates an object if it is absent; false (and version 0) if it exists.</summary>
    internal static bool TryCreate<T>(in T objects, ulong tableId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value,
                                      TimeSpan? timeToLive, out ulong version) where T : struct, INativeObjects
    {
        ulong ttl = WriteOptions.ToMilliseconds(timeToLive);
        int status = WriteCore(objects, tableId, key, value, RejectRules.CreateOnly, ttl, out version);
        if (status == Exists)
        {
            version = 0;
            return false;
        }
        StoreErrors.Check(status, objects);
        return true;
    }

    /// <summary>Removes an object; returns the removed version, 0 if it was absent.</summary>
    internal static ulong Remove<T>(in T objects, ulong tableId, ReadOnlySpan<byte> key, in RejectRules rules)
        where T : struct, INativeObjects
    {
        snf_reject_rules native = rules.ToNative();
        ulong version = 0;
        int status;
        fixed (byte* k = key)
            status = objects.Remove(tableId, k, (uint)key.Length, rules.IsNone ? null : &native, &version);
        StoreErrors.Check(status, objects);
        return version;
    }

    /// <summary>Reads an object whose key and value are UTF-8 text; null if it is absent.</summary>
    internal static string? ReadString<T>(in T objects, ulong tableId, string key) where T : struct, INativeObjects
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[]? rented = null;
        int maxBytes = Encoding.UTF8.GetMaxByteCount(key.Length);
        Span<byte> keyBytes = maxBytes <= StackKeyLength
            ? stackalloc byte[StackKeyLength]
            : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            keyBytes = keyBytes[..Encoding.UTF8.GetBytes(key, keyBytes)];
            int status = TryReadStringCore(objects, tableId, keyBytes, out string? text);
            if (status == NotFound)
                return null;
            StoreErrors.Check(status, objects);
            return text;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Writes an object whose key and value are UTF-8 text.</summary>
    internal static ulong WriteString<T>(in T objects, ulong tableId, string key, string value, in WriteOptions options)
        where T : struct, INativeObjects
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        byte[] keyBytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(key.Length));
        byte[] valueBytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            int keyLength = Encoding.UTF8.GetBytes(key, keyBytes);
            int valueLength = Encoding.UTF8.GetBytes(value, valueBytes);
            return Write(objects, tableId, keyBytes.AsSpan(0, keyLength), valueBytes.AsSpan(0, valueLength), options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(keyBytes);
            ArrayPool<byte>.Shared.Return(valueBytes);
        }
    }

    /// <summary>
    /// One read with the buffer sized as needed. Returns the native status, leaving the
    /// failed call's message unread so the caller can still fetch it.
    /// </summary>
    private static int TryReadCore<T>(in T objects, ulong tableId, ReadOnlySpan<byte> key, out StoreValue value)
        where T : struct, INativeObjects
    {
        value = default;
        byte[] target = t_scratch ??= new byte[InitialScratchLength];
        uint length = 0;
        ulong version = 0;
        int status;
        fixed (byte* k = key)
        {
            fixed (byte* b = target)
                status = objects.Read(tableId, k, (uint)key.Length, b, (uint)target.Length, &length, &version);

            // The value outgrew the scratch buffer: read again into a buffer of the length the
            // store reported, and if the value grew once more in between, into one of the
            // largest length a value may have, which always fits. So at most three reads.
            for (int retry = 0; retry < 2 && status == TooSmall; retry++)
            {
                int needed = retry == 0 ? (int)Math.Min(length, (uint)StoreLimits.MaxValueLength) : StoreLimits.MaxValueLength;
                target = needed <= MaxScratchLength ? GrowScratch(needed) : GC.AllocateUninitializedArray<byte>(needed);
                fixed (byte* b = target)
                    status = objects.Read(tableId, k, (uint)key.Length, b, (uint)target.Length, &length, &version);
            }
        }
        if (status != Ok)
            return status;

        // Hand out the buffer itself only when it is a private, exactly filled array.
        byte[] bytes = target != t_scratch && length == (uint)target.Length ? target : target.AsSpan(0, (int)length).ToArray();
        value = new StoreValue(bytes, version);
        return Ok;
    }

    /// <summary>Like <see cref="TryReadCore"/>, decoding straight from the scratch buffer.</summary>
    private static int TryReadStringCore<T>(in T objects, ulong tableId, ReadOnlySpan<byte> key, out string? text)
        where T : struct, INativeObjects
    {
        text = null;
        byte[] scratch = t_scratch ??= new byte[InitialScratchLength];
        uint length = 0;
        ulong version = 0;
        int status;
        fixed (byte* k = key)
        fixed (byte* b = scratch)
            status = objects.Read(tableId, k, (uint)key.Length, b, (uint)scratch.Length, &length, &version);
        if (status == Ok)
        {
            text = Encoding.UTF8.GetString(scratch, 0, (int)length);
            return Ok;
        }
        if (status != TooSmall)
            return status;

        status = TryReadCore(objects, tableId, key, out StoreValue value);
        if (status == Ok)
            text = value.AsString();
        return status;
    }

    private static byte[] GrowScratch(int needed)
    {
        byte[]? scratch = t_scratch;
        if (scratch is null || scratch.Length < needed)
            t_scratch = scratch = new byte[Math.Min((int)BitOperations.RoundUpToPowerOf2((uint)needed), MaxScratchLength)];
        return scratch;
    }

    private static int WriteCore<T>(in T objects, ulong tableId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value,
                                    in RejectRules rules, ulong ttlMilliseconds, out ulong version) where T : struct, INativeObjects
    {
        snf_reject_rules native = rules.ToNative();
        ulong written = 0;
        byte placeholder = 0;
        int status;
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            // An empty value is legal but pins to null; give the store a real address.
            status = objects.Write(tableId, k, (uint)key.Length, v != null ? v : &placeholder, (uint)value.Length,
                                   rules.IsNone ? null : &native, ttlMilliseconds, &written);
        }
        version = written;
        return status;
    }
}
