// snf-evaluate: runs the evaluation (see Evaluation) from the command line.
//
//   dotnet run --project benchmarks/StatelessNF.Evaluation -c Release -- [--out DIR] [--quick]
//       [--only native,cache,...] [--tables store,tcp,udp,rtt,rate] [--offloads off|on|both]
//       [--store-transport unix|tcp|embedded] [--store-options K=V&...] [--iperf-seconds N] [--tcp-congestion NAME] [--snf-click PATH] [--repo DIR]
//   ... -- --self-test      checks the report generation only (no root needed)
using StatelessNF.Evaluation;

string output = Path.Combine("artifacts", "evaluation");
bool quick = false;
string? snfClick = null, repo = null;
IReadOnlyList<string> configs = Configurations.All;
IReadOnlyList<string> parts = EvaluationParts.All;
IReadOnlyList<bool> offloadStates = new[] { false, true };
var storeTransport = StoreTransport.UnixSocket;
string storeOptions = "";
int? iperfSeconds = null;
string? tcpCongestion = null;
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--self-test":
            return SelfTest.Run(Console.Out);
        case "--out": output = Value(); break;
        case "--quick": quick = true; break;
        case "--snf-click": snfClick = Value(); break;
        case "--repo": repo = Value(); break;
        case "--only":
            configs = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = configs.Where(c => !Configurations.All.Contains(c)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"unknown configuration(s): {string.Join(", ", unknown)}; known: {string.Join(", ", Configurations.All)}");
                return 2;
            }
            break;
        case "--tables":
            var chosen = EvaluationParts.Parse(Value(), out string unknownParts);
            if (chosen is null)
            {
                Console.Error.WriteLine($"unknown or no table(s): {unknownParts}; known: {string.Join(", ", EvaluationParts.All)}, throughput");
                return 2;
            }
            parts = chosen;
            break;
        case "--offloads":
            switch (Value())
            {
                case "off": offloadStates = new[] { false }; break;
                case "on": offloadStates = new[] { true }; break;
                case "both": offloadStates = new[] { false, true }; break;
                default:
                    Console.Error.WriteLine("--offloads takes off, on or both");
                    return 2;
            }
            break;
        case "--store-transport":
            switch (Value())
            {
                case "unix": storeTransport = StoreTransport.UnixSocket; break;
                case "tcp": storeTransport = StoreTransport.Tcp; break;
                case "embedded": storeTransport = StoreTransport.Embedded; break;
                default:
                    Console.Error.WriteLine("--store-transport takes unix, tcp or embedded");
                    return 2;
            }
            break;
        case "--iperf-seconds":
            if (!int.TryParse(Value(), out int seconds) || seconds < 1 || seconds > 600)
            {
                Console.Error.WriteLine("--iperf-seconds takes a whole number of seconds from 1 to 600");
                return 2;
            }
            iperfSeconds = seconds;
            break;
        case "--tcp-congestion":
            tcpCongestion = Value();
            var available = CongestionControl.Available();
            if (!available.Contains(tcpCongestion))
            {
                Console.Error.WriteLine($"--tcp-congestion: {tcpCongestion} is not available here (available: {string.Join(' ', available)})");
                return 2;
            }
            break;
        case "--store-options": storeOptions = Value().TrimStart('?', '&'); break;
        case "-h" or "--help":
            Console.WriteLine("usage: snf-evaluate [--out DIR] [--quick] [--only CONFIG,...] [--tables " + string.Join(',', EvaluationParts.All) +
                "|throughput] [--offloads off|on|both] [--store-transport unix|tcp|embedded] [--store-options K=V&...] [--iperf-seconds N] [--tcp-congestion NAME] [--snf-click PATH] [--repo DIR] | --self-test");
            return 0;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]} (see --help)");
            return 2;
    }
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C stops the run and lets it remove its namespaces and servers.
    e.Cancel = true;
    Console.Error.WriteLine("stopping: cleaning up namespaces and processes ...");
    cancel.Cancel();
};
var started = DateTime.UtcNow;
try
{
    var options = new EvaluationOptions { OutputDirectory = output, Quick = quick, SnfClick = snfClick, RepositoryRoot = repo, Configs = configs,
        Parts = parts, OffloadStates = offloadStates, StoreTransport = storeTransport, StoreOptions = storeOptions,
        IperfSecondsOverride = iperfSeconds, TcpCongestionControl = tcpCongestion };
    await Evaluation.RunAsync(options, new SynchronousProgress(line => Console.WriteLine($"{DateTime.UtcNow - started:mm\\:ss} {line}")), cancel.Token);
    Console.WriteLine($"report: {Path.Combine(output, "report.md")}");
    return 0;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("evaluation cancelled; everything it started was removed");
    return 130;
}
catch (EvaluationException e)
{
    Console.Error.WriteLine($"evaluation failed: {e.Message}");
    return 1;
}

/// <summary>Prints progress on the reporting thread, in order.</summary>
internal sealed class SynchronousProgress(Action<string> report) : IProgress<string>
{
    public void Report(string value) => report(value);
}
