// Fenced code blocks of the repository's documents, and the line-for-line comparison the
// example tests use: a block is "in" a source file when its lines, trimmed and without
// blank lines, appear there as one run.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace StatelessNF.Interop.Tests.Documentation;

public static class CodeBlocks
{
    private static readonly Regex Fence = new(@"^```(?<language>[\w-]*)\s*$", RegexOptions.CultureInvariant);

    /// <summary>The blocks of <paramref name="language"/> in a document: first line of code (1-based) and text.</summary>
    public static IEnumerable<(int Line, string Text)> Find(string path, string language) =>
        FindAll(path).Where(b => b.Language == language).Select(b => (b.Line, b.Text));

    /// <summary>Every labelled block of a document.</summary>
    public static IEnumerable<(int Line, string Language, string Text)> FindAll(string path)
    {
        string[] lines = File.ReadAllLines(path);
        foreach (var (open, language, end) in Fences(lines))
        {
            if (end == lines.Length)
                yield break;  // not closed: no block
            if (language.Length > 0)
                yield return (open + 2, language, string.Join('\n', lines[(open + 1)..end]));
        }
    }

    /// <summary>
    /// The fenced blocks of a document's lines, labelled or not: the opening fence's index,
    /// the label, and the closing fence's index (the line count when it is never closed).
    /// </summary>
    public static IEnumerable<(int Open, string Language, int End)> Fences(string[] lines)
    {
        for (int i = 0; i < lines.Length; i++)
        {
            Match open = Fence.Match(lines[i]);
            if (!open.Success)
                continue;
            int end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
            if (end < 0)
                end = lines.Length;
            yield return (i, open.Groups["language"].Value, end);
            i = end;
        }
    }

    /// <summary>Lines without indentation, blank lines dropped: layout may differ, code may not.</summary>
    public static string[] Normalize(IEnumerable<string> lines) =>
        lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();

    /// <summary>True when <paramref name="needle"/> is a run of consecutive lines of <paramref name="haystack"/>.</summary>
    public static bool ContainsRun(string[] haystack, string[] needle)
    {
        for (int start = 0; start + needle.Length <= haystack.Length; start++)
            if (needle.Select((l, k) => haystack[start + k] == l).All(x => x))
                return true;
        return needle.Length == 0;
    }

    /// <summary>
    /// The first line of the block (1-based, counted like <see cref="Find"/>) that breaks
    /// the longest run found in the source: where an example drifted.
    /// </summary>
    public static string FirstMismatch(string[] haystack, string[] needle)
    {
        int best = 0;
        for (int start = 0; start < haystack.Length; start++)
        {
            int k = 0;
            while (k < needle.Length && start + k < haystack.Length && haystack[start + k] == needle[k])
                k++;
            best = Math.Max(best, k);
        }
        return best < needle.Length ? $"first line not found in order: \"{needle[best]}\"" : "";
    }
}
