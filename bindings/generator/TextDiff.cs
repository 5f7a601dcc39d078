// A line diff in unified format for --check: enough to see what changed between the
// checked-in generated file and what the generator produces now. Common leading and
// trailing lines are trimmed first and the longest-common-subsequence table is only built
// for the differing middle, bounded in size; beyond that the middle is shown as replaced.
using System.Text;

namespace StatelessNF.BindingsGenerator;

/// <summary>Computes a unified diff between two texts.</summary>
internal static class TextDiff
{
    private const int ContextLines = 3;
    private const long MaxTableCells = 4_000_000;
    private const int MaxOutputLines = 200;

    private enum Operation
    {
        Keep,
        Remove,
        Add,
    }

    /// <summary>A unified diff from <paramref name="oldText"/> to <paramref name="newText"/>; empty if equal.</summary>
    public static string Unified(string oldText, string newText, string oldLabel, string newLabel)
    {
        if (oldText == newText)
        {
            return "";
        }
        if (oldText.Replace("\r\n", "\n", StringComparison.Ordinal) == newText)
        {
            return $"{oldLabel} has CRLF line endings; generated files use LF (check core.autocrlf / .gitattributes)\n";
        }
        var oldLines = SplitLines(oldText);
        var newLines = SplitLines(newText);
        var edits = Diff(oldLines, newLines);

        var output = new StringBuilder();
        output.Append("--- ").Append(oldLabel).Append('\n');
        output.Append("+++ ").Append(newLabel).Append('\n');
        int written = 0;
        foreach (var hunk in Hunks(edits))
        {
            foreach (var line in hunk)
            {
                if (written++ == MaxOutputLines)
                {
                    output.Append("... (diff truncated)\n");
                    return output.ToString();
                }
                output.Append(line).Append('\n');
            }
        }
        if (written == 0)
        {
            // Same lines, different bytes: line endings or a missing final newline.
            output.Append("(the files differ only in line endings or the final newline)\n");
        }
        return output.ToString();
    }

    private static string[] SplitLines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    private static List<(Operation Op, string Line, int OldIndex, int NewIndex)> Diff(string[] a, string[] b)
    {
        int prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix &&
               a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var edits = new List<(Operation, string, int, int)>();
        for (int i = 0; i < prefix; i++)
        {
            edits.Add((Operation.Keep, a[i], i, i));
        }

        int n = a.Length - prefix - suffix, m = b.Length - prefix - suffix;
        if ((long)(n + 1) * (m + 1) <= MaxTableCells)
        {
            // lcs[i, j]: length of the longest common subsequence of a[i..] and b[j..] (middle only).
            var lcs = new int[n + 1, m + 1];
            for (int i = n - 1; i >= 0; i--)
            {
                for (int j = m - 1; j >= 0; j--)
                {
                    lcs[i, j] = a[prefix + i] == b[prefix + j]
                        ? lcs[i + 1, j + 1] + 1
                        : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
                }
            }
            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[prefix + x] == b[prefix + y])
                {
                    edits.Add((Operation.Keep, a[prefix + x], prefix + x, prefix + y));
                    x++;
                    y++;
                }
                else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1]))
                {
                    // Removals before additions, as diff(1) shows a changed line.
                    edits.Add((Operation.Remove, a[prefix + x], prefix + x, prefix + y));
                    x++;
                }
                else
                {
                    edits.Add((Operation.Add, b[prefix + y], prefix + x, prefix + y));
                    y++;
                }
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                edits.Add((Operation.Remove, a[prefix + i], prefix + i, prefix));
            }
            for (int j = 0; j < m; j++)
            {
                edits.Add((Operation.Add, b[prefix + j], prefix + n, prefix + j));
            }
        }

        for (int i = 0; i < suffix; i++)
        {
            edits.Add((Operation.Keep, a[a.Length - suffix + i], a.Length - suffix + i, b.Length - suffix + i));
        }
        return edits;
    }

    private static IEnumerable<List<string>> Hunks(List<(Operation Op, string Line, int OldIndex, int NewIndex)> edits)
    {
        int index = 0;
        while (index < edits.Count)
        {
            int change = edits.FindIndex(index, e => e.Op != Operation.Keep);
            if (change < 0)
            {
                yield break;
            }
            int start = Math.Max(index, change - ContextLines);

            // Extend the hunk while the next change is within two contexts of the last one.
            int end = change;
            int cursor = change;
            while (cursor < edits.Count)
            {
                if (edits[cursor].Op != Operation.Keep)
                {
                    end = cursor;
                    cursor++;
                    continue;
                }
                int next = edits.FindIndex(cursor, e => e.Op != Operation.Keep);
                if (next < 0 || next - end > 2 * ContextLines)
                {
                    break;
                }
                cursor = next;
            }
            int stop = Math.Min(edits.Count, end + 1 + ContextLines);

            var hunk = new List<string>();
            int oldCount = 0, newCount = 0;
            for (int i = start; i < stop; i++)
            {
                if (edits[i].Op != Operation.Add) oldCount++;
                if (edits[i].Op != Operation.Remove) newCount++;
            }
            hunk.Add($"@@ -{edits[start].OldIndex + 1},{oldCount} +{edits[start].NewIndex + 1},{newCount} @@");
            for (int i = start; i < stop; i++)
            {
                var marker = edits[i].Op switch
                {
                    Operation.Remove => '-',
                    Operation.Add => '+',
                    _ => ' ',
                };
                hunk.Add(marker + edits[i].Line);
            }
            yield return hunk;
            index = stop;
        }
    }
}
