// Reads a rewriter's forward mappings from its table dump ("(src, sport, dst, dport) =>
// (nsrc, nsport, ndst, ndport) [*0 1] ..."), so tests can compare what several instances
// did with the same flows.
using System.Collections.Generic;
using System.Text.RegularExpressions;
using NUnit.Framework;
using StatelessNF.Interop.Orchestration;

namespace StatelessNF.Interop.Tests.Orchestration;

internal static class NatMappings
{
    private static readonly Regex Forward = new(
        @"^\((?<flow>[\d.]+, \d+, [\d.]+, \d+)\) => \((?<mapped>[\d.]+, \d+, [\d.]+, \d+)\) \[\*0",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>Original flow -> rewritten flow, from the instance's `rw.udp_table`.</summary>
    public static Dictionary<string, string> Read(NfInstance instance, string element = "rw")
    {
        var mappings = new Dictionary<string, string>();
        foreach (Match m in Forward.Matches(instance.Read($"{element}.udp_table")))
            mappings[m.Groups["flow"].Value] = m.Groups["mapped"].Value;
        return mappings;
    }

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
