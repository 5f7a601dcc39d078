namespace StatelessNF.Demo;

/// <summary>Prints the per-mode results as a Markdown table, with each mode's cost
/// relative to native.</summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<ModeResult> results, TextWriter output)
    {
        var native = results.FirstOrDefault(r => r.Mode == "native");
        output.WriteLine("| mode   | lookups   | store ops | µs/lookup | lookups/s    | vs native | flows kept | notes");
        output.WriteLine("|--------|-----------|-----------|-----------|--------------|-----------|------------|------");
        foreach (var r in results)
        {
            var ratio = native is null ? "" : $"{r.LookupsPerSecond / native.LookupsPerSecond:0.000}";
            output.WriteLine($"| {r.Mode,-6} | {r.Lookups,9:N0} | {r.StoreOperations,9:N0} | {r.MicrosecondsPerLookup,9:0.000} " +
                             $"| {r.LookupsPerSecond,12:N0} | {ratio,9} | {(r.Verified ? "yes" : "NO"),-10} | {r.Note}");
        }
    }
}
