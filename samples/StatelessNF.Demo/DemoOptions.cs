namespace StatelessNF.Demo;

/// <summary>Command-line options of the demo.</summary>
internal sealed record DemoOptions(string StoreUri, int Flows, int PacketsPerFlow)
{
    public static DemoOptions? Parse(string[] args)
    {
        var options = new DemoOptions("embedded:", 20_000, 10);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--store" when value is not null:
                    options = options with { StoreUri = value }; i++; break;
                case "--flows" when int.TryParse(value, out var flows) && flows > 0:
                    options = options with { Flows = flows }; i++; break;
                case "--packets-per-flow" when int.TryParse(value, out var packets) && packets > 0:
                    options = options with { PacketsPerFlow = packets }; i++; break;
                default:
                    Console.Error.WriteLine($"unknown or incomplete argument '{args[i]}'");
                    Console.Error.WriteLine("usage: StatelessNF.Demo [--store URI] [--flows N] [--packets-per-flow N]");
                    return null;
            }
        }
        return options;
    }
}
