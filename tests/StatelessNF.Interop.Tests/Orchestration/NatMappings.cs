// Compares what several instances (or one instance before and after a failover) did with
// the same flows: mappings come from RewriterMappings.Read, and no flow may get two.
using System.Collections.Generic;
using NUnit.Framework;

namespace StatelessNF.Interop.Tests.Orchestration;

internal static class NatMappings
{
    /// <summary>Adds <paramref name="seen"/> to <paramref name="all"/>, failing on any flow mapped two ways.</summary>
    public static void Merge(Dictionary<string, string> all, Dictionary<string, string> seen, string where)
    {
        foreach (var (flow, mapped) in seen)
        {
            if (all.TryGetValue(flow, out string? before))
                Assert.That(mapped, Is.EqualTo(before), $"{where}: flow ({flow}) changed its mapping");
            else
                all[flow] = mapped;
        }
    }
}
