// ReportWriter: writes the output folder: report.md, one CSV per table/figure, the plots.
namespace StatelessNF.Evaluation;

/// <summary>Writes all output files of a run.</summary>
public static class ReportWriter
{
    /// <summary>Writes every file into <paramref name="folder"/> and returns their paths.</summary>
    public static IReadOnlyList<string> WriteAll(EvaluationResults results, string folder, bool quick)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        void Write(string name, string text)
        {
            string path = Path.Combine(folder, name);
            File.WriteAllText(path, text);
            written.Add(path);
        }
        Write("table1-store.csv", CsvTables.Store(results));
        Write("table2-throughput.csv", CsvTables.Throughput(results));
        Write("table3-rtt.csv", CsvTables.Rtt(results));
        Write("figure3-packet-rate.csv", CsvTables.Rates(results));

        var plots = new List<string>();
        void Plot(string name, Func<EvaluationResults, string, bool> draw)
        {
            string path = Path.Combine(folder, name);
            try
            {
                if (draw(results, path))
                {
                    plots.Add(name);
                    written.Add(path);
                }
            }
            catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or IOException)
            {
                // A machine without the plotting library's native part still gets the tables.
                results.Notes.Add($"{name} was not drawn: {e.GetBaseException().Message}");
            }
        }
        Plot("figure3-packet-rate.png", Figures.PacketRate);
        Plot("table2-tcp-throughput.png", Figures.Throughput);
        Write("report.md", MarkdownReport.Render(results, plots) + (quick ? "\nThis is the quick (smoke) variant: one short iteration, few packets, two sizes; its numbers are indicative only.\n" : ""));
        return written;
    }
}
