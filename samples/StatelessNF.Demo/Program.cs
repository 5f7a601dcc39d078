// The main job: the stateless NAT on generated traffic with the embedded store, in each of
// the paper's modes, then the failover of one in-process instance to another, then the
// client-level cost of each access mode. Each part prints a table.
//
//   dotnet run -- [--store URI] [--flows N] [--packets-per-flow N]
using StatelessNF.Demo;
using StatelessNF.Interop;

var options = DemoOptions.Parse(args);
if (options is null) return 2;

Console.WriteLine($"StatelessNF demo: store {options.StoreUri}, {options.Flows:N0} flows x {options.PacketsPerFlow} packets");
Console.WriteLine();
Console.WriteLine("Stateless NAT (FastUDPFlows -> CheckIPHeader -> IPRewriter -> Counter), one in-process router per mode:");
var nat = new[] { "native", "sync", "async", "cache" }.Select(mode => NatRouterWorkload.Run(mode, options)).ToList();
NatRouterWorkload.Print(nat, Console.Out);
Console.WriteLine();

Console.WriteLine("Failover: two in-process NAT instances share the embedded store; one is killed:");
FailoverResult failover = FailoverWorkload.Run(Math.Min(options.Flows, 5_000));
FailoverWorkload.Print(failover, Console.Out);
Console.WriteLine();

using var client = StoreClient.Open(options.StoreUri);
Console.WriteLine($"The flow table through the client alone ({client.Backend}), per access mode:");
var results = new List<ModeResult>
{
    FlowTableWorkload.RunNative(options),
    FlowTableWorkload.RunSync(client, options),
    await FlowTableWorkload.RunAsync(client, options),
    FlowTableWorkload.RunCache(client, options),
};
ResultTable.Print(results, Console.Out);
return nat.All(r => r.Verified) && failover.Verified && results.All(r => r.Verified) ? 0 : 1;
