namespace StatelessNF.Benchmarks;

/// <summary>
/// Marks a suite whose setup starts a redis-server. Where none is installed,
/// <see cref="RedisServerFilter"/> leaves the suite out with a message instead of letting
/// every one of its benchmarks fail in its setup.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class RequiresRedisServerAttribute : Attribute
{
}
