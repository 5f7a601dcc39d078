using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using StatelessNF.Interop;

namespace StatelessNF.Benchmarks;

/// <summary>
/// Leaves out the suites marked <see cref="RequiresRedisServerAttribute"/> when
/// redis-server is not installed, saying so once.
/// </summary>
internal sealed class RedisServerFilter : IFilter
{
    private readonly Lazy<bool> _installed = new(FindServer);

    public bool Predicate(BenchmarkCase benchmarkCase) =>
        !Attribute.IsDefined(benchmarkCase.Descriptor.Type, typeof(RequiresRedisServerAttribute)) || _installed.Value;

    private static bool FindServer()
    {
        try
        {
            RedisServerProcess.FindExecutable();
            return true;
        }
        catch (FileNotFoundException missing)
        {
            Console.WriteLine($"Skipping the suites that start a redis-server: {missing.Message}");
            return false;
        }
    }
}
