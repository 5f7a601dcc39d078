// Benchmarks of the StatelessNF client from C#. Run through ./build.sh --target Bench
// (optionally --filter '*Redis*'), or `dotnet run -c Release -- --filter '*'`.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
