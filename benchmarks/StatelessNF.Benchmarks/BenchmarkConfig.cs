using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;

/// <summary>One configuration for every suite: short enough for a 2-core machine, with the
/// median and the ratio to each category's baseline in the table.</summary>
internal static class BenchmarkConfig
{
    public static IConfig Create() =>
        DefaultConfig.Instance
            .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12))
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .WithOptions(ConfigOptions.JoinSummary);
}
