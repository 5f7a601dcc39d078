// The main job, for now: a NAT's flow table kept in the StatelessNF client, exercised in
// each of the paper's access modes, with a short table of what each mode costs.
//
//   dotnet run -- [--store URI] [--flows N] [--packets-per-flow N]
//
// Every "packet" looks up its flow's mapping; the first packet of a flow creates it with
// a create-only-if-absent write, as a stateless NAT instance does.
using StatelessNF.Demo;
using StatelessNF.Interop;

var options = DemoOptions.Parse(args);
if (options is null) return 2;

using var client = StoreClient.Open(options.StoreUri);
Console.WriteLine($"StatelessNF client demo: store {options.StoreUri} ({client.Backend}), " +
                  $"{options.Flows:N0} flows x {options.PacketsPerFlow} packets");
Console.WriteLine();

var results = new List<ModeResult>
{
    FlowTableWorkload.RunNative(options),
    FlowTableWorkload.RunSync(client, options),
    await FlowTableWorkload.RunAsync(client, options),
    FlowTableWorkload.RunCache(client, options),
};

ResultTable.Print(results, Console.Out);
return results.All(r => r.Verified) ? 0 : 1;
