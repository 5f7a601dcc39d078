// FlowSteering: which instance owns which flows, standing in for the paper's SDN
// controller. Flows hash into buckets (the FlowSteer element computes the bucket of each
// packet, identically in every process); each bucket has one owner. Assigning buckets is
// pure arithmetic here; Apply writes each instance's share to its FlowSteer element's
// `owned` handler. Moving a bucket needs no state transfer: its flows' state is in the
// store, so the new owner finds it there.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace StatelessNF.Interop.Orchestration;

/// <summary>The bucket-to-instance map of a deployment.</summary>
public sealed class FlowSteering
{
    private readonly int[] _owner;

    /// <summary>Creates a map of <paramref name="buckets"/> buckets, none owned.</summary>
    /// <param name="buckets">The FlowSteer element's BUCKETS.</param>
    /// <param name="element">The FlowSteer element's name in the configuration.</param>
    public FlowSteering(int buckets, string element)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buckets, 65536);
        ArgumentException.ThrowIfNullOrEmpty(element);
        _owner = Enumerable.Repeat(-1, buckets).ToArray();
        Element = element;
    }

    /// <summary>How many buckets flows hash into.</summary>
    public int Buckets => _owner.Length;

    /// <summary>The FlowSteer element's name.</summary>
    public string Element { get; }

    /// <summary>The index of the instance owning <paramref name="bucket"/>, or -1.</summary>
    /// <param name="bucket">A bucket number.</param>
    public int OwnerOf(int bucket) => _owner[bucket];

    /// <summary>Spreads the buckets evenly over <paramref name="instances"/>, in contiguous ranges.</summary>
    /// <param name="instances">Indexes of the instances that take flows.</param>
    public void Balance(IReadOnlyList<int> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        if (instances.Count == 0)
        {
            Array.Fill(_owner, -1);
            return;
        }
        for (int b = 0; b < _owner.Length; b++)
            _owner[b] = instances[(int)((long)b * instances.Count / _owner.Length)];
    }

    /// <summary>Gives every bucket owned by <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The instance losing its flows.</param>
    /// <param name="to">The instance taking them.</param>
    /// <returns>How many buckets moved.</returns>
    public int MoveAll(int from, int to)
    {
        int moved = 0;
        for (int b = 0; b < _owner.Length; b++)
            if (_owner[b] == from)
            {
                _owner[b] = to;
                moved++;
            }
        return moved;
    }

    /// <summary>Gives bucket <paramref name="bucket"/> to instance <paramref name="to"/>.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="to">The new owner.</param>
    public void Move(int bucket, int to) => _owner[bucket] = to;

    /// <summary>The text for the <c>owned</c> handler of instance <paramref name="instance"/>: ranges, "none" or "all".</summary>
    /// <param name="instance">An instance index.</param>
    public string OwnedSpec(int instance)
    {
        var text = new StringBuilder();
        int owned = 0;
        for (int b = 0; b < _owner.Length; b++)
        {
            if (_owner[b] != instance)
                continue;
            int end = b;
            while (end + 1 < _owner.Length && _owner[end + 1] == instance)
                end++;
            if (text.Length > 0)
                text.Append(' ');
            text.Append(b.ToString(CultureInfo.InvariantCulture));
            if (end > b)
                text.Append('-').Append(end.ToString(CultureInfo.InvariantCulture));
            owned += end - b + 1;
            b = end;
        }
        if (owned == _owner.Length)
            return "all";
        return owned == 0 ? "none" : text.ToString();
    }

    /// <summary>Writes each running instance's share to its FlowSteer element.</summary>
    /// <param name="instances">The deployment's instances.</param>
    public void Apply(IEnumerable<NfInstance> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        // Take flows away before giving them out, so no bucket is briefly owned twice.
        var running = instances.Where(i => i.State == NfInstanceState.Running).ToList();
        foreach (NfInstance instance in running)
            instance.Write($"{Element}.owned", Restrict(instance.Read($"{Element}.owned"), instance.Index));
        foreach (NfInstance instance in running)
            instance.Write($"{Element}.owned", OwnedSpec(instance.Index));
    }

    // The instance's current buckets minus those it no longer owns.
    private string Restrict(string current, int instance)
    {
        var keep = new bool[_owner.Length];
        foreach (string word in current.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (word == "all")
                Array.Fill(keep, true);
            else if (word != "none")
            {
                string[] ends = word.Split('-');
                int low = int.Parse(ends[0], CultureInfo.InvariantCulture);
                int high = ends.Length > 1 ? int.Parse(ends[1], CultureInfo.InvariantCulture) : low;
                for (int b = low; b <= high && b < keep.Length; b++)
                    keep[b] = true;
            }
        }
        var text = new StringBuilder();
        for (int b = 0; b < keep.Length; b++)
            if (keep[b] && _owner[b] == instance)
                text.Append(text.Length > 0 ? " " : "").Append(b.ToString(CultureInfo.InvariantCulture));
        return text.Length == 0 ? "none" : text.ToString();
    }
}
