// Batched reads and writes (snf_multi_read / snf_multi_write): one round trip for many
// objects. Keys and values are copied into one native block per batch instead of pinning
// every array, and reads start with a small buffer per value; the few values that do not
// fit are read again with buffers of the reported length (and, should they grow again,
// of the largest length a value may have), so a batch takes at most three round trips.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop.Internal;

internal static unsafe class MultiOperations
{
    private const uint InitialValueCapacity = 256;
    private const int TooSmall = (int)snf_status.SNF_ERR_BUFFER_TOO_SMALL;

    internal static MultiReadResult[] Read(snf_client* client, ulong tableId, IReadOnlyList<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        int count = keys.Count;
        if (count == 0)
            return Array.Empty<MultiReadResult>();

        var results = new MultiReadResult[count];
        byte* keyBlock = CopyAll(keys, nameof(keys), out nuint[] keyOffsets);
        try
        {
            var pending = new List<int>(count);
            var capacities = new uint[count];
            for (int i = 0; i < count; i++)
            {
                pending.Add(i);
                capacities[i] = InitialValueCapacity;
            }

            for (int round = 0; round < 3 && pending.Count > 0; round++)
            {
                var retry = new List<int>();
                ReadRound(client, tableId, keys, keyBlock, keyOffsets, pending, capacities, results, retry, lastRound: round == 2);
                foreach (int index in retry)
                    capacities[index] = round == 0 ? Math.Min(capacities[index], (uint)StoreLimits.MaxValueLength) : (uint)StoreLimits.MaxValueLength;
                pending = retry;
            }
        }
        finally
        {
            NativeMemory.Free(keyBlock);
        }
        return results;
    }

    /// <summary>
    /// Reads the objects at <paramref name="pending"/>; records final results, and puts the
    /// indices whose value did not fit into <paramref name="retry"/> with the needed length
    /// in <paramref name="capacities"/>.
    /// </summary>
    private static void ReadRound(snf_client* client, ulong tableId, IReadOnlyList<byte[]> keys, byte* keyBlock,
                                  nuint[] keyOffsets, List<int> pending, uint[] capacities, MultiReadResult[] results,
                                  List<int> retry, bool lastRound)
    {
        int count = pending.Count;
        nuint valueBytes = 0;
        foreach (int index in pending)
            valueBytes += Math.Max(capacities[index], 1u);

        var ops = (snf_multi_read_op*)NativeMemory.AllocZeroed((nuint)count, (nuint)sizeof(snf_multi_read_op));
        byte* valueBlock = (byte*)NativeMemory.Alloc(valueBytes);
        try
        {
            nuint offset = 0;
            for (int n = 0; n < count; n++)
            {
                int index = pending[n];
                ops[n].table_id = tableId;
                ops[n].key = keyBlock + keyOffsets[index];
                ops[n].key_length = (uint)keys[index].Length;
                ops[n].buffer = valueBlock + offset;
                ops[n].buffer_capacity = capacities[index];
                offset += Math.Max(capacities[index], 1u);
            }

            int status = SnfClientNative.snf_multi_read(client, ops, (uint)count);
            if (status != (int)snf_status.SNF_OK)
                StoreErrors.Throw(status, StoreErrors.LastError(client));

            for (int n = 0; n < count; n++)
            {
                int index = pending[n];
                ref snf_multi_read_op op = ref ops[n];
                if (op.status == TooSmall && !lastRound)
                {
                    capacities[index] = op.value_length;
                    retry.Add(index);
                }
                else if (op.status == (int)snf_status.SNF_OK)
                {
                    byte[] value = new ReadOnlySpan<byte>(op.buffer, (int)op.value_length).ToArray();
                    results[index] = new MultiReadResult(StoreStatus.Ok, value, op.version);
                }
                else
                {
                    results[index] = new MultiReadResult((StoreStatus)op.status, null, 0);
                }
            }
        }
        finally
        {
            NativeMemory.Free(valueBlock);
            NativeMemory.Free(ops);
        }
    }

    internal static MultiWriteResult[] Write(snf_client* client, ulong tableId,
                                             IReadOnlyList<KeyValuePair<byte[], byte[]>> items, in WriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(items);
        int count = items.Count;
        if (count == 0)
            return Array.Empty<MultiWriteResult>();

        ulong ttl = options.TimeToLiveMilliseconds;
        snf_reject_rules rules = options.Rules.ToNative();
        var flattened = new byte[count * 2][];
        for (int i = 0; i < count; i++)
        {
            (byte[] key, byte[] value) = (items[i].Key, items[i].Value);
            flattened[2 * i] = key ?? throw new ArgumentException($"Item {i} has a null key.", nameof(items));
            flattened[2 * i + 1] = value ?? throw new ArgumentException($"Item {i} has a null value.", nameof(items));
        }

        byte* block = CopyAll(flattened, nameof(items), out nuint[] offsets);
        var ops = (snf_multi_write_op*)NativeMemory.AllocZeroed((nuint)count, (nuint)sizeof(snf_multi_write_op));
        try
        {
            for (int i = 0; i < count; i++)
            {
                ops[i].table_id = tableId;
                ops[i].key = block + offsets[2 * i];
                ops[i].key_length = (uint)flattened[2 * i].Length;
                ops[i].value = block + offsets[2 * i + 1];
                ops[i].value_length = (uint)flattened[2 * i + 1].Length;
                ops[i].reject = rules;
                ops[i].ttl_ms = ttl;
            }

            int status = SnfClientNative.snf_multi_write(client, ops, (uint)count);
            if (status != (int)snf_status.SNF_OK)
                StoreErrors.Throw(status, StoreErrors.LastError(client));

            var results = new MultiWriteResult[count];
            for (int i = 0; i < count; i++)
            {
                bool written = ops[i].status == (int)snf_status.SNF_OK;
                results[i] = new MultiWriteResult((StoreStatus)ops[i].status, written ? ops[i].version : 0);
            }
            return results;
        }
        finally
        {
            NativeMemory.Free(ops);
            NativeMemory.Free(block);
        }
    }

    /// <summary>
    /// Copies every array into one native block (each at least one byte apart, so even an
    /// empty array has its own non-null address) and returns where each starts.
    /// </summary>
    private static byte* CopyAll(IReadOnlyList<byte[]> arrays, string parameterName, out nuint[] offsets)
    {
        offsets = new nuint[arrays.Count];
        nuint total = 0;
        for (int i = 0; i < arrays.Count; i++)
        {
            byte[] array = arrays[i] ?? throw new ArgumentException($"Element {i} is null.", parameterName);
            offsets[i] = total;
            total += (nuint)Math.Max(array.Length, 1);
        }

        byte* block = (byte*)NativeMemory.Alloc(Math.Max(total, 1));
        for (int i = 0; i < arrays.Count; i++)
            arrays[i].CopyTo(new Span<byte>(block + offsets[i], arrays[i].Length));
        return block;
    }
}
