using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using StatelessNF.Benchmarks;

/// <summary>One configuration for every suite: short enough for a 2-core machine, with the
/// median and the ratio to each category's baseline in the table. Suites that need a
/// redis-server are left out, with a message, where none is installed.</summary>
internal static class BenchmarkConfig
{
    public static IConfig Create() => Common(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12));

    /// <summary>
    /// Every benchmark once, in this process, with no build: proves the suites still set up
    /// and run, not how fast they are.
    /// </summary>
    public static IConfig CreateSmoke() => Common(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance));

    private static IConfig Common(Job job) =>
        DefaultConfig.Instance
            .AddJob(job)
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .AddFilter(new RedisServerFilter())
            .WithOptions(ConfigOptions.JoinSummary);
}
