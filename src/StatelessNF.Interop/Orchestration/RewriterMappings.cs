// RewriterMappings: what an IPRewriter did with each flow, read from its table dump
// ("(src, sport, dst, dport) => (nsrc, nsport, ndst, ndport) [*0 1] ..."). Only forward
// entries (output 0) are kept, so every flow appears once; comparing the dumps of several
// instances, or of one instance before and after a failover, shows whether a flow kept
// its external address and port.
using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace StatelessNF.Interop.Orchestration;

/// <summary>Reads the forward mappings of an IPRewriter-family element.</summary>
public static partial class RewriterMappings
{
    [GeneratedRegex(@"^\((?<flow>[\d.]+, \d+, [\d.]+, \d+)\) => \((?<mapped>[\d.]+, \d+, [\d.]+, \d+)\) \[\*0",
                    RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ForwardEntry();

    /// <summary>Original flow -> rewritten flow, from the instance's <c>element.table</c> handler.</summary>
    /// <param name="instance">The instance running the rewriter.</param>
    /// <param name="element">The rewriter's name.</param>
    /// <param name="table">The table handler: <c>udp_table</c> or <c>tcp_table</c>.</param>
    /// <returns>"src, sport, dst, dport" -> "nsrc, nsport, ndst, ndport".</returns>
    public static Dictionary<string, string> Read(NfInstance instance, string element = "rw", string table = "udp_table")
    {
        ArgumentNullException.ThrowIfNull(instance);
        return Parse(instance.Read($"{element}.{table}"));
    }

    /// <summary>Original flow -> rewritten flow, from the text of a table dump.</summary>
    /// <param name="dump">What a <c>udp_table</c> or <c>tcp_table</c> handler returned.</param>
    /// <returns>"src, sport, dst, dport" -> "nsrc, nsport, ndst, ndport".</returns>
    public static Dictionary<string, string> Parse(string dump)
    {
        ArgumentNullException.ThrowIfNull(dump);
        var mappings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match entry in ForwardEntry().Matches(dump))
            mappings[entry.Groups["flow"].Value] = entry.Groups["mapped"].Value;
        return mappings;
    }
}
