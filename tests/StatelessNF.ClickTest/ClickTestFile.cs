// Reads the .clicktest format. A file is a sequence of sections, each starting with a line
// "%name arguments"; a section's text runs to the next line starting with "%" (write "\%" to
// start a text line with "%", or use %file -d / +LENGTH). Lines before the first section may
// be comments ("#", "!") or blank. %eot ends one test and starts another in the same file;
// %eof ends the file; %include splices in another file. Errors are collected, never thrown:
// a test with errors fails when run instead of passing as something it is not.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace StatelessNF.ClickTest;

/// <summary>A parsed .clicktest file: one or more tests.</summary>
public sealed class ClickTestFile
{
    /// <summary>How many %include directives one file may use, which bounds include cycles.</summary>
    public const int MaximumIncludes = 32;

    /// <summary>The encoding of test files and outputs: one character per byte, so any bytes round-trip.</summary>
    public static readonly Encoding ByteEncoding = Encoding.Latin1;

    private static readonly Regex SectionLine = new(@"\A%\s*(\w+)\s*(.*?)\s*\z", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    private ClickTestFile(string name, IReadOnlyList<ClickTestCase> cases, IReadOnlyList<ParseDiagnostic> diagnostics)
    {
        Name = name;
        Cases = cases;
        Diagnostics = diagnostics;
    }

    /// <summary>The file's name as given to <see cref="Load"/> or <see cref="Parse"/>.</summary>
    public string Name { get; }

    /// <summary>The tests of the file, in order.</summary>
    public IReadOnlyList<ClickTestCase> Cases { get; }

    /// <summary>Problems with the file as a whole (it could not be read, or holds no test).</summary>
    public IReadOnlyList<ParseDiagnostic> Diagnostics { get; }

    /// <summary>Reads and parses the file at <paramref name="path"/>; a file that cannot be read gives a diagnostic, not an exception.</summary>
    public static ClickTestFile Load(string path)
    {
        string text;
        try
        {
            text = ByteEncoding.GetString(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var diagnostic = new ParseDiagnostic(new SourceLocation(path, 0), $"cannot read test file: {e.Message}", true);
            return new ClickTestFile(path, [], [diagnostic]);
        }
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        return Parse(text, path, directory);
    }

    /// <summary>Parses <paramref name="text"/> as a .clicktest file.</summary>
    /// <param name="text">The file contents, one character per byte (see <see cref="ByteEncoding"/>) or plain text.</param>
    /// <param name="name">The name used in messages and as the test name.</param>
    /// <param name="directory">The folder %include paths are relative to, and the tests' <c>$rundir</c>; null for the current directory.</param>
    public static ClickTestFile Parse(string text, string name, string? directory = null)
    {
        var parser = new Parser(name, directory);
        parser.Enqueue(text, name, directory);
        return parser.Run();
    }

    // A line of input with the place it came from; Text keeps its "\n" (the last line may lack one).
    private sealed record SourceLine(string Text, SourceLocation Location, string? Directory)
    {
        public string Content => Text.EndsWith('\n') ? Text[..^1] : Text;
    }

    // The collected parts of the test being read.
    private sealed class CaseBuilder
    {
        public readonly StringBuilder Info = new();
        public readonly List<ScriptCommand> Script = new();
        public readonly List<ScriptCommand> Requirements = new();
        public string? StandardInput;
        public readonly List<InputFile> InputFiles = new();
        public readonly List<ExpectedOutput> Expectations = new();
        public readonly List<IgnoreRule> IgnoreRules = new();
        public readonly List<ParseDiagnostic> Diagnostics = new();
        public readonly HashSet<string> DefinedExpectations = new();
        public bool HasSections;
        public SourceLocation FirstLocation;
    }

    private sealed class Parser(string name, string? directory)
    {
        private readonly LinkedList<SourceLine> _lines = new();
        private readonly List<ClickTestCase> _cases = new();
        private readonly List<ParseDiagnostic> _fileDiagnostics = new();
        private int _includes;

        public void Enqueue(string text, string file, string? folder, LinkedListNode<SourceLine>? before = null)
        {
            int lineNumber = 1;
            int start = 0;
            while (start < text.Length)
            {
                int end = text.IndexOf('\n', start);
                int next = end < 0 ? text.Length : end + 1;
                var line = new SourceLine(text[start..next], new SourceLocation(file, lineNumber), folder);
                if (before is null)
                    _lines.AddLast(line);
                else
                    _lines.AddBefore(before, line);
                lineNumber++;
                start = next;
            }
        }

        public ClickTestFile Run()
        {
            bool endOfFile = false;
            while (!endOfFile)
            {
                var builder = new CaseBuilder { FirstLocation = new SourceLocation(name, 1) };
                endOfFile = ReadCase(builder);
                bool firstCase = _cases.Count == 0;
                if (!builder.HasSections && !firstCase)
                    break;  // nothing after the last %eot
                if (builder.Script.Count == 0 && builder.HasSections)
                    builder.Diagnostics.Add(new ParseDiagnostic(builder.FirstLocation, "no %script section", true));
                if (!builder.HasSections)
                {
                    _fileDiagnostics.Add(new ParseDiagnostic(new SourceLocation(name, 1), "no test in file (a test needs a %script section)", true));
                    break;
                }
                string caseName = firstCase ? name : $"{name}<{_cases.Count + 1}>";
                _cases.Add(new ClickTestCase(caseName, directory, builder.Info.ToString(), builder.Script,
                    builder.Requirements, builder.StandardInput, builder.InputFiles, builder.Expectations,
                    builder.IgnoreRules, builder.Diagnostics));
            }
            return new ClickTestFile(name, _cases, _fileDiagnostics);
        }

        // Reads sections until %eot (returns false) or the end of input or %eof (returns true).
        private bool ReadCase(CaseBuilder builder)
        {
            bool reportedGarbage = false;
            while (_lines.First is { } node)
            {
                SourceLine line = node.Value;
                _lines.RemoveFirst();
                if (!line.Text.StartsWith('%'))
                {
                    // Only text before the first section can get here: sections consume their lines.
                    string content = line.Content.Trim();
                    if (content.Length > 0 && content[0] is not ('#' or '!') && !reportedGarbage)
                    {
                        builder.Diagnostics.Add(new ParseDiagnostic(line.Location, "garbage ignored", false));
                        reportedGarbage = true;
                    }
                    continue;
                }
                Match match = SectionLine.Match(line.Content);
                if (!match.Success)
                {
                    builder.Diagnostics.Add(new ParseDiagnostic(line.Location, "bad '%' command", true));
                    SkipText();
                    continue;
                }
                string command = match.Groups[1].Value.ToLowerInvariant();
                string arguments = match.Groups[2].Value;
                if (!builder.HasSections && command is not ("eot" or "eof" or "include"))
                {
                    builder.HasSections = true;
                    builder.FirstLocation = line.Location;
                }
                switch (command)
                {
                    case "script" or "test":
                        ReadScript(builder, builder.Script, line, command, arguments, allowQuiet: false);
                        break;
                    case "require":
                        ReadScript(builder, builder.Requirements, line, command, arguments, allowQuiet: true);
                        break;
                    case "info" or "desc":
                        WarnAboutArguments(builder, line, command, arguments);
                        builder.Info.Append(ReadText());
                        break;
                    case "cut":
                        ReadText();
                        break;
                    case "file":
                        ReadFileSection(builder, line, "file", arguments, null);
                        break;
                    case "stdin" or "input":
                        ReadFileSection(builder, line, "file", arguments, "stdin");
                        break;
                    case "expect":
                        ReadFileSection(builder, line, "expect", arguments, null);
                        break;
                    case "stdout" or "output":
                        ReadFileSection(builder, line, "expect", arguments, "stdout");
                        break;
                    case "stderr":
                        ReadFileSection(builder, line, "expect", arguments, "stderr");
                        break;
                    case "expectv" or "expect_verbatim" or "verbatim":
                        ReadFileSection(builder, line, "expectv", arguments, null);
                        break;
                    case "expectx":
                        ReadFileSection(builder, line, "expectx", arguments, null);
                        break;
                    case "ignore" or "ignorev" or "ignorex":
                        ReadFileSection(builder, line, command, arguments, null);
                        break;
                    case "include":
                        Include(builder, line, arguments);
                        break;
                    case "eot":
                        return false;
                    case "eof":
                        _lines.Clear();
                        return true;
                    default:
                        builder.Diagnostics.Add(new ParseDiagnostic(line.Location, $"unrecognized command '{command}'", true));
                        SkipText();
                        break;
                }
            }
            return true;
        }

        private void ReadScript(CaseBuilder builder, List<ScriptCommand> into, SourceLine header, string command,
            string arguments, bool allowQuiet)
        {
            bool quiet = false;
            if (allowQuiet && arguments == "-q")
                quiet = true;
            else
                WarnAboutArguments(builder, header, command, arguments);
            int firstLine = _lines.First?.Value.Location.Line ?? header.Location.Line + 1;
            string file = _lines.First?.Value.Location.File ?? header.Location.File;
            string text = ReadText();
            IReadOnlyList<SplitCommand> commands = ShellCommandSplitter.Split(text, out string? error);
            if (error is not null)
                builder.Diagnostics.Add(new ParseDiagnostic(header.Location, $"{error} in '%{command}'", true));
            foreach (SplitCommand split in commands)
                into.Add(new ScriptCommand(split.Text, new SourceLocation(file, firstLine + split.LineOffset), quiet));
        }

        private void ReadFileSection(CaseBuilder builder, SourceLine header, string section, string arguments, string? impliedFile)
        {
            SectionHeader options = SectionHeader.Parse(section, arguments, impliedFile);
            foreach (string error in options.Errors)
                builder.Diagnostics.Add(new ParseDiagnostic(header.Location, error, true));

            SourceLocation firstLine = _lines.First?.Value.Location ?? new SourceLocation(header.Location.File, header.Location.Line + 1);
            string data;
            if (options.Length is int length)
            {
                data = ReadBytes(length);
                if (data.Length != length)
                    builder.Diagnostics.Add(new ParseDiagnostic(header.Location, $"file too short: {data.Length} of {length} bytes", true));
            }
            else
            {
                data = ReadText();
            }
            if (options.DeleteFirstCharacter)
                data = DeleteFirstCharacters(data);

            ExpectationKind kind = section switch
            {
                "expectv" or "ignorev" => ExpectationKind.Verbatim,
                "expectx" or "ignorex" => ExpectationKind.Regex,
                _ => ExpectationKind.Plain,
            };
            if (options.Base64)
            {
                try
                {
                    data = ByteEncoding.GetString(Convert.FromBase64String(data));
                }
                catch (FormatException)
                {
                    builder.Diagnostics.Add(new ParseDiagnostic(header.Location, "bad Base64 data", true));
                    return;
                }
                // Decoded data is compared byte for byte: line rules do not apply to it.
                kind = ExpectationKind.Verbatim;
            }

            foreach (string fileName in options.FileNames)
            {
                switch (section)
                {
                    case "file":
                        AddInputFile(builder, header, fileName, data);
                        break;
                    case "expect" or "expectv" or "expectx":
                        string key = kind + ":" + fileName;
                        if (!builder.DefinedExpectations.Add(key) && !options.Alternate)
                        {
                            builder.Diagnostics.Add(new ParseDiagnostic(header.Location,
                                $"'%{section} {fileName}' already defined (use -a for an alternative)", true));
                            break;
                        }
                        builder.Expectations.Add(new ExpectedOutput(fileName, kind, data, options.IgnoreCase,
                            options.IgnoreWhitespace, firstLine));
                        break;
                    default:
                        AddIgnoreRules(builder, fileName, kind, data, options, firstLine);
                        break;
                }
            }
        }

        private static void AddInputFile(CaseBuilder builder, SourceLine header, string fileName, string data)
        {
            if (fileName == "stdin")
            {
                if (builder.StandardInput is not null)
                    builder.Diagnostics.Add(new ParseDiagnostic(header.Location, "'%file stdin' already defined", true));
                else
                    builder.StandardInput = data;
                return;
            }
            if (builder.InputFiles.Exists(f => f.Name == fileName))
            {
                builder.Diagnostics.Add(new ParseDiagnostic(header.Location, $"'%file {fileName}' already defined", true));
                return;
            }
            builder.InputFiles.Add(new InputFile(fileName, data));
        }

        private static void AddIgnoreRules(CaseBuilder builder, string fileName, ExpectationKind kind, string data,
            SectionHeader options, SourceLocation firstLine)
        {
            string[] patterns = data.Split('\n');
            for (int i = 0; i < patterns.Length; i++)
            {
                if (patterns[i].Trim().Length == 0)
                    continue;
                var location = new SourceLocation(firstLine.File, firstLine.Line + i);
                IgnoreRule? rule = IgnoreRule.TryCreate(fileName, kind, patterns[i], options.IgnoreCase,
                    options.IgnoreWhitespace, location, out string? error);
                if (rule is null)
                    builder.Diagnostics.Add(new ParseDiagnostic(location, error ?? "bad ignore pattern", true));
                else
                    builder.IgnoreRules.Add(rule);
            }
        }

        private void Include(CaseBuilder builder, SourceLine header, string arguments)
        {
            if (arguments.Length == 0)
            {
                builder.Diagnostics.Add(new ParseDiagnostic(header.Location, "%include needs a file name", true));
                return;
            }
            if (++_includes > MaximumIncludes)
            {
                builder.Diagnostics.Add(new ParseDiagnostic(header.Location, $"more than {MaximumIncludes} %include directives (a cycle?)", true));
                return;
            }
            string path = Path.IsPathRooted(arguments)
                ? arguments
                : Path.Combine(header.Directory ?? Directory.GetCurrentDirectory(), arguments);
            string text;
            try
            {
                text = ByteEncoding.GetString(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                builder.Diagnostics.Add(new ParseDiagnostic(header.Location, $"%include {arguments}: {e.Message}", true));
                return;
            }
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (_lines.First is { } first)
            {
                Enqueue(text, path, folder, first);
            }
            else
            {
                Enqueue(text, path, folder);
            }
        }

        private static void WarnAboutArguments(CaseBuilder builder, SourceLine header, string command, string arguments)
        {
            if (arguments.Length > 0)
                builder.Diagnostics.Add(new ParseDiagnostic(header.Location, $"arguments to '%{command}' ignored", false));
        }

        // The lines up to the next section line; a leading "\%" stands for "%".
        private string ReadText()
        {
            var text = new StringBuilder();
            while (_lines.First is { } node && !node.Value.Text.StartsWith('%'))
            {
                string line = node.Value.Text;
                text.Append(line.StartsWith("\\%", StringComparison.Ordinal) ? line[1..] : line);
                _lines.RemoveFirst();
            }
            return text.ToString();
        }

        private void SkipText() => ReadText();

        // Exactly `count` characters, whatever they contain; the rest of a partly used line is
        // read next as a line of its own.
        private string ReadBytes(int count)
        {
            var data = new StringBuilder();
            while (data.Length < count && _lines.First is { } node)
            {
                SourceLine line = node.Value;
                _lines.RemoveFirst();
                int wanted = count - data.Length;
                if (line.Text.Length <= wanted)
                {
                    data.Append(line.Text);
                    continue;
                }
                data.Append(line.Text, 0, wanted);
                _lines.AddFirst(line with { Text = line.Text[wanted..] });
            }
            return data.ToString();
        }

        private static string DeleteFirstCharacters(string data)
        {
            var result = new StringBuilder(data.Length);
            bool atLineStart = true;
            foreach (char c in data)
            {
                if (atLineStart && c != '\n')
                {
                    atLineStart = false;
                    continue;
                }
                result.Append(c);
                atLineStart = c == '\n';
            }
            return result.ToString();
        }
    }
}
