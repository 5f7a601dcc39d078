// The shell commands the documentation shows: every ```sh, ```bash, ```shell and
// ```console block of every *.md of the repository (DocumentPaths), cut into logical
// command lines (continuation backslashes joined, comments and console output dropped) and
// split into words the way a shell would, so that each command can be checked or run by
// DocumentedCommandsTests.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace StatelessNF.Interop.Tests.Documentation;

/// <summary>One command line of a shell block, with where it is written.</summary>
public sealed class DocumentedCommand
{
    private static readonly Regex Assignment = new(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>.*)$", RegexOptions.CultureInvariant);
    private static readonly string[] ShellLanguages = { "sh", "bash", "shell", "console" };

    /// <summary>
    /// Folders whose documents are not the repository's, as .gitignore names them: build
    /// outputs anywhere, the build and artifacts folders at the root, Cake's downloads in
    /// tools/ (beside the project's own tools/netns), and hidden folders. Every other *.md
    /// is covered.
    /// </summary>
    public static readonly string[] ExcludedFolders = { "bin", "obj", "TestResults", "BenchmarkDotNet.Artifacts" };

    private static readonly string[] ExcludedRootFolders = { "build", "artifacts" };

    private static readonly string[] ProjectToolFolders = { "netns" };

    /// <summary>Repository-relative path of the document, with forward slashes.</summary>
    public required string File { get; init; }

    /// <summary>1-based line of the document where the command starts.</summary>
    public required int Line { get; init; }

    /// <summary>The command as written (continuations joined, comment removed).</summary>
    public required string Text { get; init; }

    /// <summary>1-based line of the block's opening fence: commands of one block share it.</summary>
    public required int BlockStart { get; init; }

    /// <summary>The words after sudo, variable assignments and <c>ip netns exec NS</c>.</summary>
    public IReadOnlyList<string> Words { get; private init; } = Array.Empty<string>();

    /// <summary>Variable assignments in front of the command.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private init; } = new Dictionary<string, string>();

    /// <summary>The command runs under sudo.</summary>
    public bool Sudo { get; private init; }

    /// <summary>The network namespace the command runs in, if any.</summary>
    public string? Namespace { get; private init; }

    /// <summary>The file standard output is redirected to, if any.</summary>
    public string? RedirectedTo { get; private init; }

    /// <summary>Why the line cannot be read as one simple command (pipes, lists), if it cannot.</summary>
    public string? Unsupported { get; private init; }

    /// <summary>Stands for a code block without a language: such blocks are reported, not guessed at.</summary>
    public bool UnlabelledBlock { get; private init; }

    public string Location => $"{File}:{Line}";

    /// <summary>The program: the first word after the prefixes.</summary>
    public string Program => Words.Count > 0 ? Words[0] : "";

    /// <summary>The arguments after the program.</summary>
    public IReadOnlyList<string> Arguments => Words.Skip(1).ToList();

    /// <summary>Needs root: sudo, or a network namespace.</summary>
    public bool NeedsRoot => Sudo || Namespace is not null;

    /// <summary>The files this command writes: its redirection and an --output/-o argument.</summary>
    public IEnumerable<string> WrittenFiles()
    {
        if (RedirectedTo is not null)
            yield return RedirectedTo;
        for (int i = 1; i + 1 < Words.Count; i++)
            if (Words[i] is "--output" or "--out")
                yield return Words[i + 1];
    }

    public override string ToString() => Location;

    /// <summary>Every command of the covered documents under <paramref name="root"/>.</summary>
    public static IEnumerable<DocumentedCommand> FindAll(string root)
    {
        foreach (string path in DocumentPaths(root))
        {
            string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            foreach (DocumentedCommand command in Parse(relative, System.IO.File.ReadAllLines(path)))
                yield return command;
        }
    }

    /// <summary>Shell block languages: their lines are commands.</summary>
    public static bool IsShellLanguage(string language) => ShellLanguages.Contains(language);

    /// <summary>The covered documents (every *.md of the repository), in a stable order.</summary>
    public static IEnumerable<string> DocumentPaths(string root)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        Collect(root, root, found);
        return found;
    }

    private static void Collect(string root, string directory, SortedSet<string> found)
    {
        foreach (string file in Directory.GetFiles(directory, "*.md"))
            found.Add(file);
        string here = Path.GetRelativePath(root, directory);
        foreach (string sub in Directory.GetDirectories(directory))
        {
            string name = Path.GetFileName(sub);
            if (name.StartsWith('.') || ExcludedFolders.Contains(name) || (here == "." && ExcludedRootFolders.Contains(name)) ||
                (here == "tools" && !ProjectToolFolders.Contains(name)))
                continue;
            Collect(root, sub, found);
        }
    }

    /// <summary>The commands of one document's text.</summary>
    public static IEnumerable<DocumentedCommand> Parse(string file, string[] lines)
    {
        foreach (var (i, language, end) in CodeBlocks.Fences(lines))
        {
            if (language.Length == 0)
            {
                yield return new DocumentedCommand
                {
                    File = file, Line = i + 1, Text = "```", BlockStart = i + 1, UnlabelledBlock = true,
                };
            }
            else if (ShellLanguages.Contains(language))
            {
                foreach (DocumentedCommand command in ParseBlock(file, lines, i + 1, end, language == "console"))
                    yield return command;
            }
        }
    }

    private static IEnumerable<DocumentedCommand> ParseBlock(string file, string[] lines, int start, int end, bool console)
    {
        for (int i = start; i < end; i++)
        {
            string line = lines[i];
            if (console)
            {
                // A console block shows commands after a "$ " prompt; the rest is their output.
                if (!line.TrimStart().StartsWith("$ ", StringComparison.Ordinal))
                    continue;
                line = line.TrimStart()[2..];
            }
            int first = i;
            // A command goes on after a trailing backslash, and while a quote is open.
            string text = line;
            while (i + 1 < end && (QuoteOpen(text) || StripComments(text).TrimEnd().EndsWith('\\')))
                text += "\n" + lines[++i];
            string command = Regex.Replace(StripComments(text), @"\\\n\s*", " ").Trim();
            if (command.Length == 0)
                continue;
            yield return Build(file, first + 1, start + 1, command);
        }
    }

    private static DocumentedCommand Build(string file, int line, int blockStart, string text)
    {
        List<string> words;
        string? unsupported = null;
        try
        {
            words = Split(text);
        }
        catch (FormatException problem)
        {
            words = new List<string>();
            unsupported = problem.Message;
        }
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        bool sudo = false;
        string? space = null;
        string? redirected = null;
        int at = 0;
        while (at < words.Count)
        {
            if (words[at] == "sudo")
            {
                sudo = true;
                at++;
            }
            else if (Assignment.Match(words[at]) is { Success: true } assignment)
            {
                environment[assignment.Groups["name"].Value] = assignment.Groups["value"].Value;
                at++;
            }
            else if (at + 3 < words.Count && words[at] == "ip" && words[at + 1] == "netns" && words[at + 2] == "exec")
            {
                space = words[at + 3];
                at += 4;
            }
            else
            {
                break;
            }
        }
        var rest = words.Skip(at).ToList();
        int redirect = rest.IndexOf(">");
        if (redirect >= 0)
        {
            if (redirect != rest.Count - 2)
                unsupported ??= "a redirection other than '> FILE' at the end";
            else
                redirected = rest[^1];
            rest = rest.Take(redirect).ToList();
        }
        if (rest.Any(w => w is "|" or "&&" or "||" or ";" or "&" or "<" or ">>"))
            unsupported ??= "pipes, lists and other redirections are not simple commands: write one command a line";
        return new DocumentedCommand
        {
            File = file, Line = line, BlockStart = blockStart, Text = text, Words = rest, Environment = environment,
            Sudo = sudo, Namespace = space, RedirectedTo = redirected, Unsupported = unsupported,
        };
    }

    // A '#' starts a comment at the start of a word, outside quotes; it ends with its line.
    private static string StripComments(string text)
    {
        var kept = new StringBuilder();
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote == '\0' && c == '#' && (i == 0 || char.IsWhiteSpace(text[i - 1])))
            {
                int newline = text.IndexOf('\n', i);
                if (newline < 0)
                    break;
                i = newline - 1;
                continue;
            }
            if (quote != '\0' && c == quote)
                quote = '\0';
            else if (quote == '\0' && c is '\'' or '"')
                quote = c;
            kept.Append(c);
        }
        return kept.ToString();
    }

    private static bool QuoteOpen(string text)
    {
        char quote = '\0';
        foreach (char c in StripComments(text))
        {
            if (quote != '\0' && c == quote)
                quote = '\0';
            else if (quote == '\0' && c is '\'' or '"')
                quote = c;
        }
        return quote != '\0';
    }

    /// <summary>
    /// Splits a command into words: quotes removed, backslash escapes kept literally,
    /// <c>$(...)</c> kept as written (its value depends on the machine), operators
    /// (|, &amp;&amp;, ;, &gt;) as words of their own.
    /// </summary>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            if (c == '\'')
            {
                int close = text.IndexOf('\'', i + 1);
                if (close < 0)
                    throw new FormatException("an unterminated single quote");
                word.Append(text, i + 1, close - i - 1);
                i = close;
                inWord = true;
            }
            else if (c == '"')
            {
                int close = i + 1;
                while (close < text.Length && text[close] != '"')
                    close += text[close] == '\\' ? 2 : 1;
                if (close >= text.Length)
                    throw new FormatException("an unterminated double quote");
                word.Append(text, i + 1, close - i - 1);
                i = close;
                inWord = true;
            }
            else if (c == '$' && i + 1 < text.Length && text[i + 1] == '(')
            {
                int depth = 0, close = i + 1;
                for (; close < text.Length; close++)
                {
                    if (text[close] == '(') depth++;
                    else if (text[close] == ')' && --depth == 0) break;
                }
                if (close >= text.Length)
                    throw new FormatException("an unterminated $(");
                word.Append(text, i, close - i + 1);
                i = close;
                inWord = true;
            }
            else if (!inWord && (c is '|' or '&' or ';' or '>' or '<'))
            {
                int length = i + 1 < text.Length && (text[i + 1] == c) ? 2 : 1;
                words.Add(text.Substring(i, length));
                i += length - 1;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return words;
    }
}
