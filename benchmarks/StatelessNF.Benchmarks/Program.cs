// Benchmarks of the StatelessNF client and of the in-process stateless NAT from C#. Run
// through ./build.sh --target Bench (optionally --filter '*Rewriter*'), or
// `dotnet run -c Release --project benchmarks/StatelessNF.Benchmarks -- --filter '*'`.
// `--smoke` runs every selected benchmark once in process, to check that the suites work;
// README.md lists the suites.
using BenchmarkDotNet.Running;

const string SmokeOption = "--smoke";
bool smoke = args.Contains(SmokeOption);
string[] switcherArgs = args.Where(a => a != SmokeOption).ToArray();
var config = smoke ? BenchmarkConfig.CreateSmoke() : BenchmarkConfig.Create();
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(switcherArgs, config);
// A smoke run fails when any benchmark did not set up or run.
return smoke && summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
