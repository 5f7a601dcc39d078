// Figures: the PNG plots of the report (ScottPlot): Figure 3's loss-free packet rate per
// packet size and configuration, and Table 2's TCP throughput as bars.
namespace StatelessNF.Evaluation;

/// <summary>Draws the report's plots.</summary>
public static class Figures
{
    /// <summary>Figure 3: loss-free rate (kpps) against packet size, one line per configuration.</summary>
    public static bool PacketRate(EvaluationResults r, string path)
    {
        var plot = new ScottPlot.Plot();
        int series = 0;
        foreach (string config in Configurations.All)
        {
            // A size whose search failed (no loss-free rate at all) has no point.
            var points = r.Rates.Where(t => t.Config == config && !double.IsNaN(t.MaxKpps) && t.MaxKpps > 0).OrderBy(t => t.PacketSize).ToList();
            if (points.Count == 0)
                continue;
            var line = plot.Add.Scatter(points.Select(p => (double)p.PacketSize).ToArray(), points.Select(p => p.MaxKpps).ToArray());
            line.LegendText = config;
            line.MarkerSize = 7;
            line.LineWidth = 2;
            series++;
        }
        if (series == 0)
            return false;
        plot.Title("Highest UDP packet rate without loss (offloads off)");
        plot.XLabel("IP packet size (bytes)");
        plot.YLabel("packets per second (thousands)");
        plot.Axes.SetLimitsY(0, r.Rates.Where(t => !double.IsNaN(t.MaxKpps)).Select(t => t.MaxKpps).DefaultIfEmpty(1).Max() * 1.4); // room for the legend
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.SavePng(path, 900, 560);
        return true;
    }

    /// <summary>Table 2: TCP throughput per configuration, offloads off and on side by side.</summary>
    public static bool Throughput(EvaluationResults r, string path)
    {
        var configs = Configurations.All.Where(c => r.Throughput.Any(t => t.Config == c && t.Protocol == "TCP")).ToList();
        if (configs.Count == 0)
            return false;
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var states = r.Throughput.Select(t => t.Offloads).Distinct().OrderBy(o => o).ToList();
        for (int s = 0; s < states.Count; s++)
        {
            var bars = new List<ScottPlot.Bar>();
            for (int i = 0; i < configs.Count; i++)
            {
                var row = r.Throughput.FirstOrDefault(t => t.Config == configs[i] && t.Protocol == "TCP" && t.Offloads == states[s]);
                double value = row is null || double.IsNaN(row.MeanMbps) ? 0 : row.MeanMbps;
                bars.Add(new ScottPlot.Bar
                {
                    Position = i * (states.Count + 1) + s,
                    Value = value,
                    Error = row is null || double.IsNaN(row.StdDevMbps) ? 0 : row.StdDevMbps,
                    FillColor = palette.GetColor(s),
                });
            }
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = $"offloads {(states[s] ? "on" : "off")}", FillColor = palette.GetColor(s) });
        }
        double[] ticks = configs.Select((_, i) => i * (states.Count + 1) + (states.Count - 1) / 2.0).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, configs.ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title("iperf TCP throughput, 10 connections");
        plot.YLabel("Mbit/s");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, 900, 560);
        return true;
    }
}
