// Every command of the documentation's shell blocks is exercised here, one test case per
// command line (named file:line), by the first rule that fits it:
//  - snf-click: run from a temporary folder with the built snf-click, the repository's
//    files it names and a private redis-server standing in for redis://127.0.0.1:6379;
//    it must end successfully, or (without -h) still be running after a few seconds, and
//    with -p it must answer on its ControlSocket. Commands that need root (sudo, ip netns
//    exec) are ignored when the tests do not run as root.
//  - ./build.sh: the target is a task of build.cake and every option one build.cake reads
//    (CI runs the real build).
//  - dotnet run/test/build: the project exists, is in the solution (so the Build and Test
//    targets build it), every program option after "--" is one the project handles and
//    every path among its arguments exists.
//  - cmake and ctest: the source folder, the cache variables, the targets and the test
//    names exist.
//  - scripts (*.sh): the script exists, is executable, parses (bash -n) and its usage
//    names every option the line passes.
//  - dotnet PATH.dll: a project of the solution produces that assembly at that path, and
//    its code handles every option; with --check (it writes nothing) the line runs when
//    the assembly is built. dotnet run with --check runs too.
//  - program arguments of dotnet run and dotnet PATH.dll that are paths exist.
//  - mkdir -p: a scratch folder outside the repository's sources; cp: its sources match
//    files of the repository and its destination is a folder an earlier mkdir made.
//  - fuzz_NAME binaries: a fuzz target of the native CMake files, built where the line
//    runs it, with libFuzzer flags only; its -dict file exists and its corpus folders are
//    made by earlier lines of the block.
//  - CC and CXX in front of a command name installed compilers.
// A command no rule fits, and a code block without a language, fail: a new command in the
// documentation needs a rule here before it can be merged.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;
using StatelessNF.Interop.Orchestration;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests.Documentation;

[TestFixture]
[NonParallelizable]
public sealed class DocumentedCommandsTests
{
    private const string DocumentedStore = "redis://127.0.0.1:6379";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);
    private static readonly string[] SourceFolders = { "src", "native", "samples", "tools", "benchmarks", "bindings", "tests" };
    private static readonly string[] SourceExtensions = { ".cs", ".cc", ".hh", ".h", ".sh", ".txt", ".cmake", ".cake" };
    // snf-click options that take a value, and what the value is.
    private static readonly Dictionary<string, string> SnfClickValueOptions = new()
    {
        ["-f"] = "file", ["--file"] = "file", ["-e"] = "config", ["--expression"] = "config",
        ["-p"] = "port", ["--port"] = "port", ["-u"] = "path", ["--unix-socket"] = "path",
        ["-h"] = "handler", ["--handler"] = "handler", ["-x"] = "handler", ["--exit-handler"] = "handler",
        ["-o"] = "path", ["--output"] = "path",
    };

    private static string Root => RepositoryRoot.Find() ?? throw new AssertionException("repository root not found");

    public static IEnumerable<TestCaseData> Commands()
    {
        string? root = RepositoryRoot.Find();
        if (root is null)
        {
            yield return new TestCaseData("(repository root not found)").SetArgDisplayNames("no-repository");
            yield break;
        }
        foreach (DocumentedCommand command in DocumentedCommand.FindAll(root))
            yield return new TestCaseData(command.Location).SetArgDisplayNames(command.Location);
    }

    [Test]
    public void TheDocumentationShowsCommands()
    {
        var commands = DocumentedCommand.FindAll(Root).ToList();
        Assert.That(commands.Count(c => !c.UnlabelledBlock), Is.GreaterThan(5),
                    "the covered documents show shell commands: is the list of documents right?");
        TestContext.Out.WriteLine($"{DocumentedCommand.DocumentPaths(Root).Count()} documents, " +
                                  $"{commands.Select(c => (c.File, c.BlockStart)).Distinct().Count()} blocks, {commands.Count} command lines");
    }

    // Every *.md git knows (tracked, or new and not ignored) is covered: a document added
    // in a folder the walk skips would otherwise go unchecked.
    [Test]
    public void EveryDocumentOfTheRepositoryIsCovered()
    {
        if (!Directory.Exists(Path.Combine(Root, ".git")) && !File.Exists(Path.Combine(Root, ".git")))
            Assert.Ignore("not a git checkout: the documents cannot be listed by git");
        var (status, listing) = Capture("git", Root, "ls-files", "--cached", "--others", "--exclude-standard", "--", "*.md");
        Assert.That(status, Is.Zero, $"git ls-files failed: {listing}");
        var covered = DocumentedCommand.DocumentPaths(Root).Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/')).ToHashSet();
        var documents = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                               .Where(d => File.Exists(Path.Combine(Root, d))).ToList();
        Assert.That(documents, Is.Not.Empty);
        Assert.That(documents.Where(d => !covered.Contains(d)), Is.Empty, "documents in git that the documentation tests do not read");
    }

    [TestCaseSource(nameof(Commands))]
    public void DocumentedCommandWorks(string location)
    {
        DocumentedCommand command = DocumentedCommand.FindAll(Root).SingleOrDefault(c => c.Location == location)
                                    ?? throw new AssertionException($"{location}: the command is gone");
        TestContext.Out.WriteLine($"{command.Location}: {command.Text}");
        if (command.UnlabelledBlock)
            Assert.Fail($"{command.Location}: a code block without a language; label it (sh for commands, text for output and drawings)");
        if (command.Unsupported is not null)
            Assert.Fail($"{command.Location}: {command.Unsupported}");
        CheckEnvironment(command);

        string program = command.Program;
        if (program == "snf-click" || program.EndsWith("/snf-click", StringComparison.Ordinal))
            RunSnfClick(command);
        else if (program is "./build.sh" or "build.sh")
            CheckBuildScript(command);
        else if (program == "dotnet" && command.Arguments.FirstOrDefault() is "run" or "test" or "build")
            CheckDotnet(command);
        else if (program == "dotnet" && command.Arguments.FirstOrDefault() is { } assembly && assembly.EndsWith(".dll", StringComparison.Ordinal))
            CheckDotnetAssembly(command);
        else if (program == "mkdir")
            CheckMkdir(command);
        else if (program == "cp")
            CheckCopy(command);
        else if (Path.GetFileName(program).StartsWith("fuzz_", StringComparison.Ordinal))
            CheckFuzzer(command);
        else if (program == "cmake")
            CheckCmake(command);
        else if (program == "ctest")
            CheckCtest(command);
        else if (program.EndsWith(".sh", StringComparison.Ordinal) && program.Contains('/'))
            CheckScript(command);
        else
            Assert.Fail($"{command.Location}: '{program}' fits no rule of {nameof(DocumentedCommandsTests)}; add one that runs or checks it");
    }

    // Variables set in front of a command must be ones the repository's code reads.
    private static void CheckEnvironment(DocumentedCommand command)
    {
        foreach (var (name, value) in command.Environment)
        {
            // The compilers CMake picks up when it configures a build folder.
            if (name is "CC" or "CXX")
            {
                Assert.That(ProgramExists(value), Is.True, $"{command.Location}: {name}={value}: {value} is not installed");
                continue;
            }
            Assert.That(SourcesMention(name), Is.True,
                        $"{command.Location}: no source of the repository reads the variable {name}");
            // A path in the checkout, such as the built snf-click, must be where the build puts it.
            if (value.StartsWith("$PWD/", StringComparison.Ordinal) && Directory.Exists(Path.Combine(Root, "build", "native")))
                Assert.That(Path.Exists(Path.Combine(Root, value["$PWD/".Length..])), Is.True,
                            $"{command.Location}: {value} does not exist after the native build");
        }
    }

    private static bool SourcesMention(string text)
    {
        foreach (string folder in SourceFolders)
        {
            string path = Path.Combine(Root, folder);
            if (!Directory.Exists(path))
                continue;
            foreach (string file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") ||
                    file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") ||
                    !SourceExtensions.Contains(Path.GetExtension(file)))
                    continue;
                if (File.ReadAllText(file).Contains(text, StringComparison.Ordinal))
                    return true;
            }
        }
        return File.ReadAllText(Path.Combine(Root, "build.cake")).Contains(text, StringComparison.Ordinal);
    }

    // ---- snf-click: run it ----

    private static void RunSnfClick(DocumentedCommand command)
    {
        var arguments = new List<string>();
        var handlers = new List<string>();
        int? port = null;
        IReadOnlyList<string> words = command.Arguments;
        bool needsStore = command.Text.Contains(DocumentedStore, StringComparison.Ordinal);
        var writers = new SortedDictionary<int, DocumentedCommand>();   // earlier commands that write its inputs
        for (int i = 0; i < words.Count; i++)
        {
            string word = words[i];
            if (SnfClickValueOptions.TryGetValue(word, out string? kind))
            {
                Assert.That(i + 1, Is.LessThan(words.Count), $"{command.Location}: {word} needs a value");
                string value = words[++i];
                arguments.Add(word);
                switch (kind)
                {
                    case "file":
                        arguments.Add(InputFile(command, value, writers));
                        break;
                    case "port":
                        port = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                        arguments.Add(value);
                        break;
                    case "handler":
                        handlers.Add(value);
                        arguments.Add(value);
                        break;
                    default:
                        arguments.Add(value);
                        break;
                }
            }
            else if (word.StartsWith('-') || word.Contains('='))
            {
                arguments.Add(word);   // a flag, or a NAME=VALUE configuration parameter
            }
            else
            {
                arguments.Add(InputFile(command, word, writers));
            }
        }
        CheckRunnable(command, writers.Values);
        bool needsRoot = command.NeedsRoot || writers.Values.Any(w => w.NeedsRoot || CreatesNamespaces(w));
        if (needsRoot && !RunningAsRoot())
            Assert.Ignore($"{command.Location}: needs root (sudo or network namespaces); the tests do not run as root");
        if (command.Namespace is not null && writers.Values.Any(CreatesNamespaces) && NamespaceExists(command.Namespace))
            Assert.Ignore($"{command.Location}: the namespace {command.Namespace} exists already on this machine; the test leaves it alone");
        if (port is int fixedPort && PortInUse(fixedPort))
            Assert.Ignore($"{command.Location}: port {fixedPort} is already in use on this machine");

        RedisServerProcess? redis = null;
        string directory = Directory.CreateTempSubdirectory("snf-doc-").FullName;
        var undo = new List<DocumentedCommand>();
        try
        {
            foreach (DocumentedCommand writer in writers.Values)
                RunWriter(writer, directory, undo);
            if (needsStore)
            {
                if (!ProgramExists("redis-server"))
                    Assert.Ignore($"{command.Location}: uses a Redis store and redis-server is not installed");
                redis = new RedisServerProcess().Start();
                for (int i = 0; i < arguments.Count; i++)
                    arguments[i] = arguments[i].Replace(DocumentedStore, redis.Uri, StringComparison.Ordinal);
            }
            string executable = SnfClickExecutable.Find();
            var start = new ProcessStartInfo
            {
                FileName = command.Namespace is null ? executable : "ip",
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            if (command.Namespace is not null)
                foreach (string word in new[] { "netns", "exec", command.Namespace, executable })
                    start.ArgumentList.Add(word);
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);
            foreach (var (name, value) in command.Environment)
                start.Environment[name] = value.Replace("$PWD", Root, StringComparison.Ordinal);
            RunRouter(command, start, handlers, port);
        }
        finally
        {
            redis?.Dispose();
            foreach (DocumentedCommand up in undo)
                Undo(up, directory);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void RunRouter(DocumentedCommand command, ProcessStartInfo start, List<string> handlers, int? port)
    {
        using Process process = Process.Start(start) ?? throw new AssertionException($"{command.Location}: snf-click did not start");
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        try
        {
            if (handlers.Count > 0)
            {
                // The handlers are printed after the driver stops: the router must end by itself.
                Assert.That(process.WaitForExit(RunTimeout), Is.True,
                            $"{command.Location}: did not end within {RunTimeout.TotalSeconds} s");
                process.WaitForExit();
                Assert.That(process.ExitCode, Is.Zero, $"{command.Location}: exit status {process.ExitCode}: {errors}");
                Assert.That(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.AtLeast(handlers.Count),
                            $"{command.Location}: printed no value for {string.Join(", ", handlers)}: {errors}");
            }
            else if (port is int controlPort)
            {
                string banner = ControlSocketBanner(process, controlPort);
                Assert.That(banner, Does.StartWith("Click::ControlSocket/"),
                            $"{command.Location}: no ControlSocket on port {controlPort}: {errors}");
            }
            else if (process.WaitForExit(SettleTime))
            {
                process.WaitForExit();
                Assert.That(process.ExitCode, Is.Zero, $"{command.Location}: exit status {process.ExitCode}: {errors}");
            }
            else
            {
                // A router that runs until interrupted, as a gateway does.
                TestContext.Out.WriteLine($"still running after {SettleTime.TotalSeconds} s; stopped");
            }
            TestContext.Out.WriteLine(output.ToString());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }

    private static string ControlSocketBanner(Process process, int port)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", port);
                client.ReceiveTimeout = 5000;
                using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
                return reader.ReadLine() ?? "";
            }
            catch (SocketException)
            {
                System.Threading.Thread.Sleep(100);
            }
        }
        return process.HasExited ? $"(snf-click exited with status {process.ExitCode})" : "(no connection)";
    }

    // A file argument: the repository's file when it is one, otherwise a file an earlier
    // script of the same block writes; that script (and what it reads) then runs first.
    private static string InputFile(DocumentedCommand command, string word, SortedDictionary<int, DocumentedCommand> writers)
    {
        string inRepository = Path.Combine(Root, word);
        if (File.Exists(inRepository))
            return inRepository;
        DocumentedCommand? writer = WriterOf(command, word);
        if (writer is null)
            Assert.Fail($"{command.Location}: {word} is neither a file of the repository nor written by an earlier command of the block");
        AddWithInputs(writer!, writers);
        return word;
    }

    private static DocumentedCommand? WriterOf(DocumentedCommand command, string file) =>
        DocumentedCommand.FindAll(Root)
            .Where(c => c.File == command.File && c.BlockStart == command.BlockStart && c.Line < command.Line)
            .LastOrDefault(c => c.WrittenFiles().Contains(file));

    private static void AddWithInputs(DocumentedCommand writer, SortedDictionary<int, DocumentedCommand> writers)
    {
        if (!writers.TryAdd(writer.Line, writer))
            return;
        var own = writer.WrittenFiles().ToHashSet();
        foreach (string word in writer.Arguments.Where(w => !own.Contains(w) && !File.Exists(Path.Combine(Root, w))))
            if (WriterOf(writer, word) is { } earlier)
                AddWithInputs(earlier, writers);
    }

    // Only scripts of the repository are run to make a command's inputs, and only with
    // arguments that do not depend on the machine (such as the MACs of its interfaces).
    private static void CheckRunnable(DocumentedCommand command, IEnumerable<DocumentedCommand> writers)
    {
        foreach (DocumentedCommand writer in writers)
        {
            if (!writer.Program.EndsWith(".sh", StringComparison.Ordinal) || !File.Exists(Path.Combine(Root, writer.Program)))
                Assert.Fail($"{command.Location}: its input is written by {writer.Location} ({writer.Program}), which is not a script of the repository");
            if (writer.Text.Contains("$(", StringComparison.Ordinal))
                Assert.Ignore($"{command.Location}: its input is written by {writer.Location}, whose arguments depend on this " +
                              "machine's interfaces; the same configuration made from the test topology runs further down the block");
        }
    }

    private static bool CreatesNamespaces(DocumentedCommand command) =>
        command.Program.EndsWith(".sh", StringComparison.Ordinal) && File.Exists(Path.Combine(Root, command.Program)) &&
        File.ReadAllText(Path.Combine(Root, command.Program)).Contains("ip netns add", StringComparison.Ordinal);

    private static bool NamespaceExists(string name) =>
        Capture("ip", "/", "netns", "list").Output.Split('\n').Any(l => l.Split(' ')[0] == name);

    private static void RunWriter(DocumentedCommand writer, string directory, List<DocumentedCommand> undo)
    {
        var words = new List<string> { Path.Combine(Root, writer.Program) };
        words.AddRange(writer.Arguments);
        if (writer.Namespace is not null)
            words.InsertRange(0, new[] { "ip", "netns", "exec", writer.Namespace });
        if (writer.Arguments.FirstOrDefault() == "up")
            undo.Add(writer);
        var (status, output, errors) = CaptureSeparately(words[0], directory, writer.Environment, words.Skip(1).ToArray());
        Assert.That(status, Is.Zero, $"{writer.Location}: exit status {status}: {errors}");
        if (writer.RedirectedTo is not null)
            File.WriteAllText(Path.Combine(directory, writer.RedirectedTo), output);
    }

    // A script brought "up" is taken "down" again with the same prefix.
    private static void Undo(DocumentedCommand up, string directory)
    {
        var words = new List<string> { "down" };
        IReadOnlyList<string> arguments = up.Arguments;
        for (int i = 1; i < arguments.Count; i++)
            if (arguments[i] == "--prefix" && i + 1 < arguments.Count)
                words.AddRange(new[] { arguments[i], arguments[++i] });
            else if (arguments[i].StartsWith("--prefix=", StringComparison.Ordinal))
                words.Add(arguments[i]);
        CaptureSeparately(Path.Combine(Root, up.Program), directory, up.Environment, words.ToArray());
    }

    private static bool PortInUse(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // ---- ./build.sh: checked against build.cake ----

    private static void CheckBuildScript(DocumentedCommand command)
    {
        string cake = File.ReadAllText(Path.Combine(Root, "build.cake"));
        var tasks = Regex.Matches(cake, @"\bTask\(""(?<name>[^""]+)""\)").Select(m => m.Groups["name"].Value).ToHashSet();
        var options = Regex.Matches(cake, @"\b(?:Argument(?:<[^>]+>)?|HasArgument)\(""(?<name>[^""]+)""")
                           .Select(m => m.Groups["name"].Value).ToHashSet();
        Assert.That(File.Exists(Path.Combine(Root, "build.sh")), Is.True, $"{command.Location}: there is no build.sh");
        IReadOnlyList<string> words = command.Arguments;
        for (int i = 0; i < words.Count; i++)
        {
            Match option = Regex.Match(words[i], @"^--(?<name>[\w-]+)(?:=(?<value>.*))?$");
            Assert.That(option.Success, Is.True, $"{command.Location}: '{words[i]}' is not a --name [value] option of build.cake");
            string name = option.Groups["name"].Value;
            string? value = option.Groups["value"].Success ? option.Groups["value"].Value
                          : i + 1 < words.Count && !words[i + 1].StartsWith("--", StringComparison.Ordinal) ? words[++i] : null;
            Assert.That(options, Does.Contain(name), $"{command.Location}: build.cake reads no option --{name}");
            if (name == "target")
                Assert.That(tasks, Does.Contain(value), $"{command.Location}: build.cake has no task '{value}'");
        }
    }

    // ---- dotnet run / test / build: the project exists and is built ----

    private static void CheckDotnet(DocumentedCommand command)
    {
        IReadOnlyList<string> words = command.Arguments;
        string verb = words[0];
        int separator = words.ToList().IndexOf("--");
        var before = separator < 0 ? words.Skip(1).ToList() : words.Skip(1).Take(separator - 1).ToList();
        var after = separator < 0 ? new List<string>() : words.Skip(separator + 1).ToList();
        string? project = null;
        for (int i = 0; i < before.Count; i++)
        {
            switch (before[i])
            {
                case "--project" when verb == "run" && i + 1 < before.Count:
                    project = before[++i];
                    break;
                case "-c" or "--configuration" or "-f" or "--framework" or "--filter" or "--artifacts-path" when i + 1 < before.Count:
                    i++;
                    break;
                case "--no-build" or "--no-restore":
                    break;
                default:
                    Assert.That(before[i].StartsWith('-') || verb == "run" || project is not null, Is.False,
                                $"{command.Location}: unexpected '{before[i]}' for dotnet {verb}");
                    project = before[i];
                    break;
            }
        }
        Assert.That(project, Is.Not.Null, $"{command.Location}: dotnet {verb} names no project");
        string path = Path.Combine(Root, project!);
        string? file = File.Exists(path) && path.EndsWith(".csproj", StringComparison.Ordinal) ? path
                     : Directory.Exists(path) ? Directory.GetFiles(path, "*.csproj").SingleOrDefault() : null;
        Assert.That(file, Is.Not.Null, $"{command.Location}: {project} is not a project of the repository");
        string relative = Path.GetRelativePath(Root, file!).Replace('/', '\\');
        Assert.That(File.ReadAllText(Path.Combine(Root, RepositoryRoot.SolutionFile)), Does.Contain(relative),
                    $"{command.Location}: {project} is not in the solution, so no target of build.cake builds it");
        string cake = File.ReadAllText(Path.Combine(Root, "build.cake"));
        string folder = Path.GetRelativePath(Root, Path.GetDirectoryName(file!)!).Replace('\\', '/');
        TestContext.Out.WriteLine(cake.Contains(folder, StringComparison.Ordinal)
            ? $"{folder}: built by the Build target (the solution) and named by build.cake"
            : $"{folder}: built by the Build target (the solution)");
        string sources = string.Join('\n', Directory.GetFiles(Path.GetDirectoryName(file!)!, "*.cs", SearchOption.AllDirectories)
                                                    .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
                                                    .Select(File.ReadAllText));
        CheckProgramArguments(command, project!, sources, after);
        if (verb == "run" && after.Contains("--check"))
            RunCheck(command, command.Words.ToArray());
    }

    // BenchmarkDotNet's own command line, which a program hands to BenchmarkSwitcher.Run.
    private static readonly HashSet<string> BenchmarkSwitcherOptions = new(StringComparer.Ordinal)
    {
        "--filter", "--list", "--job", "-j", "--runtimes", "-r", "--exporters", "-e", "--memory", "-m", "--threading",
        "--artifacts", "--join", "--keepFiles", "--anyCategories", "--allCategories", "--iterationCount", "--warmupCount",
        "--launchCount", "--inProcess", "-i", "--info", "--disasm", "--profiler",
    };

    // Options are strings the program's code compares with (or BenchmarkDotNet's, for a
    // program that passes its arguments to BenchmarkSwitcher); paths exist (a shared folder
    // beside the repository may be missing on a machine, which only ignores the test).
    private static void CheckProgramArguments(DocumentedCommand command, string project, string sources, IReadOnlyList<string> arguments)
    {
        bool benchmarkSwitcher = Regex.IsMatch(sources, @"BenchmarkSwitcher\s*\.\s*FromAssembly\([^;]*\)\s*\.\s*Run\(");
        for (int i = 0; i < arguments.Count; i++)
        {
            string word = arguments[i];
            // What an output option names is written by the program, so need not exist yet.
            bool written = i > 0 && arguments[i - 1] is "--out" or "--output" or "-o" or "--artifacts";
            if (word.StartsWith('-'))
            {
                string option = word.Split('=')[0];
                if (benchmarkSwitcher && BenchmarkSwitcherOptions.Contains(option))
                    continue;
                Assert.That(sources, Does.Contain($"\"{option}\""), $"{command.Location}: {project} handles no option {option}");
            }
            else if (!written && word.Contains('/') && !Path.Exists(Path.Combine(Root, word)))
            {
                string shared = Path.GetFullPath(Path.Combine(Root, "..", "shared"));
                if (Path.GetFullPath(Path.Combine(Root, word)).StartsWith(shared + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                    !Directory.Exists(shared))
                    Assert.Ignore($"{command.Location}: {word} is in the shared folder beside the repository, which this machine lacks");
                Assert.Fail($"{command.Location}: {word} does not exist");
            }
        }
    }

    // A --check line writes nothing and takes seconds: run it as written, from the root.
    private static void RunCheck(DocumentedCommand command, string[] words)
    {
        var (status, output, errors) = CaptureSeparately(words[0], Root, new Dictionary<string, string>(), TimeSpan.FromMinutes(5),
                                                         nestedDotnet: true, words.Skip(1).ToArray());
        Assert.That(status, Is.Zero, $"{command.Location}: exit status {status}:\n{output}{errors}");
        TestContext.Out.WriteLine(output);
    }

    // ---- dotnet PATH.dll: the assembly a project of the solution builds ----

    private static void CheckDotnetAssembly(DocumentedCommand command)
    {
        string assembly = command.Arguments[0];
        Match layout = Regex.Match(assembly, @"^(?<folder>.+?)/bin/(?<configuration>Debug|Release)/(?<framework>net[\d.]+)/(?<name>[^/]+)\.dll$");
        if (!layout.Success)
            layout = ArtifactsLayout(command, assembly);
        Assert.That(layout.Success, Is.True,
                    $"{command.Location}: {assembly} is not PROJECT/bin/CONFIGURATION/FRAMEWORK/NAME.dll, nor ARTIFACTS/bin/PROJECT/" +
                    "configuration/NAME.dll after a dotnet build --artifacts-path ARTIFACTS of the block: where dotnet build puts it");
        string folder = Path.Combine(Root, layout.Groups["folder"].Value);
        if (!layout.Groups["folder"].Success)
        {
            string? built = ProjectBuiltInto(command, layout.Groups["artifacts"].Value, layout.Groups["project"].Value);
            Assert.That(built, Is.Not.Null, $"{command.Location}: no earlier dotnet build --artifacts-path {layout.Groups["artifacts"].Value} " +
                                             $"of the block builds a project {layout.Groups["project"].Value}");
            folder = Path.Combine(Root, built!);
        }
        string? project = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.csproj").SingleOrDefault() : null;
        Assert.That(project, Is.Not.Null, $"{command.Location}: {layout.Groups["folder"].Value} holds no project");
        string text = File.ReadAllText(project!);
        Match named = Regex.Match(text, @"<AssemblyName>(?<name>[^<]+)</AssemblyName>");
        string name = named.Success ? named.Groups["name"].Value : Path.GetFileNameWithoutExtension(project!);
        Assert.That(name, Is.EqualTo(layout.Groups["name"].Value), $"{command.Location}: {Path.GetFileName(project)} builds {name}.dll");
        Match framework = Regex.Match(text, @"<TargetFramework>(?<tfm>[^<]+)</TargetFramework>");
        if (layout.Groups["framework"].Success)
            Assert.That(framework.Groups["tfm"].Value, Is.EqualTo(layout.Groups["framework"].Value),
                    $"{command.Location}: {Path.GetFileName(project)} targets {framework.Groups["tfm"].Value}");
        string relative = Path.GetRelativePath(Root, project!).Replace('/', '\\');
        Assert.That(File.ReadAllText(Path.Combine(Root, RepositoryRoot.SolutionFile)), Does.Contain(relative),
                    $"{command.Location}: {Path.GetFileName(project)} is not in the solution");
        string sources = string.Join('\n', Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                                                    .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
                                                    .Select(File.ReadAllText));
        var arguments = command.Arguments.Skip(1).ToList();
        CheckProgramArguments(command, Path.GetRelativePath(Root, folder), sources, arguments);
        if (!arguments.Contains("--check"))
            return;
        if (!File.Exists(Path.Combine(Root, assembly)))
            Assert.Ignore($"{command.Location}: {assembly} is not built here; its project, path and options are right");
        RunCheck(command, command.Words.ToArray());
    }

    // The artifacts layout: ARTIFACTS/bin/PROJECT/configuration[_framework]/NAME.dll.
    private static Match ArtifactsLayout(DocumentedCommand command, string assembly) =>
        Regex.Match(assembly, @"^(?<artifacts>.+?)/bin/(?<project>[^/]+)/(?<configuration>debug|release)(?:_(?<framework>net[\d.]+))?/(?<name>[^/]+)\.dll$");

    // The project folder an earlier "dotnet build FOLDER --artifacts-path ARTIFACTS" of the
    // block builds, whose folder is named PROJECT.
    private static string? ProjectBuiltInto(DocumentedCommand command, string artifacts, string project) =>
        DocumentedCommand.FindAll(Root)
            .Where(c => c.File == command.File && c.BlockStart == command.BlockStart && c.Line < command.Line &&
                        c.Program == "dotnet" && c.Arguments.FirstOrDefault() == "build")
            .Select(c => c.Arguments.ToList())
            .Where(w => w.IndexOf("--artifacts-path") is int at && at > 0 && at + 1 < w.Count && w[at + 1].TrimEnd('/') == artifacts)
            .Select(w => w.Skip(1).FirstOrDefault(a => !a.StartsWith('-') && Path.GetFileName(a.TrimEnd('/')) == project))
            .LastOrDefault(f => f is not null);

    // ---- mkdir and cp: scratch copies of the repository's files ----

    private static void CheckMkdir(DocumentedCommand command)
    {
        var folders = command.Arguments.Where(w => w != "-p").ToList();
        Assert.That(command.Arguments.Where(w => w.StartsWith('-')), Is.All.EqualTo("-p"),
                    $"{command.Location}: mkdir takes only -p here");
        Assert.That(folders, Is.Not.Empty, $"{command.Location}: mkdir names no folder");
        foreach (string folder in folders)
            Assert.That(IsScratch(folder), Is.True,
                        $"{command.Location}: {folder} is inside the repository's sources; make scratch folders under /tmp or build/");
    }

    private static void CheckCopy(DocumentedCommand command)
    {
        IReadOnlyList<string> words = command.Arguments;
        Assert.That(words.Where(w => w.StartsWith('-')), Is.Empty, $"{command.Location}: cp takes no options here");
        Assert.That(words, Has.Count.AtLeast(2), $"{command.Location}: cp needs a source and a destination");
        foreach (string source in words.Take(words.Count - 1))
        {
            string directory = Path.Combine(Root, Path.GetDirectoryName(source) ?? "");
            string pattern = Path.GetFileName(source);
            Assert.That(Directory.Exists(directory) && Directory.GetFiles(directory, pattern).Length > 0, Is.True,
                        $"{command.Location}: {source} matches no file of the repository");
        }
        string destination = words[^1].TrimEnd('/');
        Assert.That(MadeEarlier(command, destination), Is.True,
                    $"{command.Location}: {words[^1]} is not a folder an earlier mkdir of the block makes");
    }

    private static bool IsScratch(string folder)
    {
        if (Path.IsPathRooted(folder))
            return !Path.GetFullPath(folder).StartsWith(Root.TrimEnd('/') + "/", StringComparison.Ordinal);
        return folder.StartsWith("build/", StringComparison.Ordinal);
    }

    private static bool MadeEarlier(DocumentedCommand command, string folder) =>
        DocumentedCommand.FindAll(Root).Any(c => c.File == command.File && c.BlockStart == command.BlockStart && c.Line < command.Line &&
                                                 c.Program == "mkdir" && c.Arguments.Any(a => a.TrimEnd('/') == folder));

    // ---- fuzz targets: defined, built where the line says, libFuzzer flags ----

    private static readonly HashSet<string> LibFuzzerFlags = new(StringComparer.Ordinal)
    {
        "max_total_time", "timeout", "rss_limit_mb", "malloc_limit_mb", "dict", "runs", "max_len", "jobs", "workers",
        "seed", "only_ascii", "artifact_prefix", "exact_artifact_path", "print_final_stats", "use_value_profile",
        "close_fd_mask", "fork", "merge", "minimize_crash", "detect_leaks", "help",
    };

    private static void CheckFuzzer(DocumentedCommand command)
    {
        string target = Path.GetFileName(command.Program);
        string cmakeText = string.Join('\n', Directory.GetFiles(Path.Combine(Root, "native"), "CMakeLists.txt", SearchOption.AllDirectories)
                                                     .Select(File.ReadAllText));
        bool defined = Regex.IsMatch(cmakeText, $@"add_executable\(\s*{Regex.Escape(target)}[\s)]") ||
                       Directory.GetFiles(Path.Combine(Root, "native", "click-elements"), $"{target}.cc", SearchOption.AllDirectories)
                                .Any(f => Path.GetFileName(Path.GetDirectoryName(f)) == "fuzz");
        Assert.That(defined, Is.True, $"{command.Location}: the native CMake files define no fuzz target {target}");
        // Built by an earlier "cmake --build FOLDER --target TARGET" of the block, into FOLDER/click-runtime.
        string folder = Path.GetDirectoryName(command.Program)!.Replace('\\', '/');
        bool built = DocumentedCommand.FindAll(Root).Any(c =>
            c.File == command.File && c.BlockStart == command.BlockStart && c.Line < command.Line && c.Program == "cmake" &&
            c.Arguments.Count > 1 && c.Arguments[0] == "--build" && folder == c.Arguments[1] + "/click-runtime" &&
            c.Arguments.SkipWhile(a => a != "--target").Skip(1).TakeWhile(a => !a.StartsWith('-')).Contains(target));
        Assert.That(built, Is.True, $"{command.Location}: no earlier cmake --build of the block builds {target} into {folder}");
        foreach (string word in command.Arguments)
        {
            Match flag = Regex.Match(word, @"^-(?<name>\w+)=(?<value>.*)$");
            if (flag.Success)
            {
                Assert.That(LibFuzzerFlags, Does.Contain(flag.Groups["name"].Value),
                            $"{command.Location}: -{flag.Groups["name"].Value} is not a libFuzzer flag");
                if (flag.Groups["name"].Value == "dict")
                    Assert.That(File.Exists(Path.Combine(Root, flag.Groups["value"].Value)), Is.True,
                                $"{command.Location}: the dictionary {flag.Groups["value"].Value} does not exist");
                else if (flag.Groups["name"].Value is not ("artifact_prefix" or "exact_artifact_path"))
                    Assert.That(flag.Groups["value"].Value, Does.Match(@"^\d+$"), $"{command.Location}: {word} is not a number");
            }
            else
            {
                Assert.That(word.StartsWith('-'), Is.False, $"{command.Location}: '{word}' is not a -flag=value of libFuzzer");
                // libFuzzer adds inputs to its corpus folders: they must be scratch copies.
                Assert.That(IsScratch(word) && MadeEarlier(command, word.TrimEnd('/')), Is.True,
                            $"{command.Location}: the corpus folder {word} is not a scratch folder an earlier mkdir of the block makes");
            }
        }
    }

    // ---- cmake and ctest: what they name exists ----

    private static void CheckCmake(DocumentedCommand command)
    {
        IReadOnlyList<string> words = command.Arguments;
        string cmakeText = string.Join('\n', Directory.GetFiles(Path.Combine(Root, "native"), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) == "CMakeLists.txt" || f.EndsWith(".cmake", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        for (int i = 0; i < words.Count; i++)
        {
            string word = words[i];
            if (word is "-S" && i + 1 < words.Count)
            {
                string source = words[++i];
                Assert.That(File.Exists(Path.Combine(Root, source, "CMakeLists.txt")), Is.True,
                            $"{command.Location}: {source} has no CMakeLists.txt");
            }
            else if (word is "-B" or "--build" && i + 1 < words.Count)
            {
                i++;   // the build folder is created by the command
            }
            else if (word == "--target")
            {
                for (; i + 1 < words.Count && !words[i + 1].StartsWith('-'); i++)
                    Assert.That(Regex.IsMatch(cmakeText, $@"add_(?:executable|library|custom_target)\(\s*{Regex.Escape(words[i + 1])}[\s)]"),
                                Is.True, $"{command.Location}: the native CMake files define no target {words[i + 1]}");
            }
            else if (word.StartsWith("-D", StringComparison.Ordinal))
            {
                Match definition = Regex.Match(word, @"^-D(?<name>\w+)(?::\w+)?=(?<value>.*)$");
                Assert.That(definition.Success, Is.True, $"{command.Location}: '{word}' is not -DNAME=VALUE");
                string name = definition.Groups["name"].Value;
                if (!name.StartsWith("CMAKE_", StringComparison.Ordinal))
                    Assert.That(cmakeText, Does.Contain(name), $"{command.Location}: the native CMake files read no variable {name}");
                foreach (string value in definition.Groups["value"].Value.Split(';').Where(v => v.Contains('/')))
                    Assert.That(Directory.Exists(Path.Combine(Root, value)) || File.Exists(Path.Combine(Root, value)), Is.True,
                                $"{command.Location}: {value} does not exist");
            }
            else if (!Regex.IsMatch(word, @"^-j\d*$"))
            {
                Assert.Fail($"{command.Location}: unexpected cmake argument '{word}'");
            }
        }
    }

    private static void CheckCtest(DocumentedCommand command)
    {
        IReadOnlyList<string> words = command.Arguments;
        string? directory = null;
        string? pattern = null;
        for (int i = 0; i < words.Count; i++)
        {
            if (words[i] == "--test-dir" && i + 1 < words.Count)
                directory = words[++i];
            else if (words[i] == "-R" && i + 1 < words.Count)
                pattern = words[++i];
            else
                Assert.That(words[i], Is.EqualTo("--output-on-failure"), $"{command.Location}: unexpected ctest argument '{words[i]}'");
        }
        Assert.That(directory, Is.Not.Null, $"{command.Location}: ctest without --test-dir");
        string built = Path.Combine(Root, directory!);
        if (!File.Exists(Path.Combine(built, "CTestTestfile.cmake")))
            Assert.Ignore($"{command.Location}: {directory} has not been built here");
        var (status, listing) = Capture("ctest", Root, "--test-dir", built, "-N", "-R", pattern ?? ".");
        Match total = Regex.Match(listing, @"Total Tests:\s*(?<count>\d+)");
        Assert.That(status == 0 && total.Success && int.Parse(total.Groups["count"].Value) > 0, Is.True,
                    $"{command.Location}: ctest -R {pattern} selects no test of {directory}: {listing}");
    }

    // ---- scripts: exist, executable, parse, accept the options ----

    private static void CheckScript(DocumentedCommand command)
    {
        string script = Path.Combine(Root, command.Program);
        Assert.That(File.Exists(script), Is.True, $"{command.Location}: {command.Program} does not exist");
        if (!OperatingSystem.IsWindows())
            Assert.That(File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute), Is.True,
                        $"{command.Location}: {command.Program} is not executable");
        var (syntax, syntaxErrors) = Capture("bash", Root, "-n", script);
        Assert.That(syntax, Is.Zero, $"{command.Location}: {command.Program} does not parse: {syntaxErrors}");
        var (_, usage) = Capture("bash", Root, script, "--help");
        Assert.That(usage, Does.Contain("usage").IgnoreCase, $"{command.Location}: {command.Program} --help prints no usage");
        IReadOnlyList<string> words = command.Arguments;
        if (words.Count > 0 && Regex.IsMatch(words[0], @"^[a-z][a-z-]*$"))
            Assert.That(Regex.IsMatch(usage, $@"(?<![\w-]){Regex.Escape(words[0])}(?![\w-])"), Is.True,
                        $"{command.Location}: {command.Program}'s usage has no '{words[0]}'");
        foreach (string option in words.Where(w => w.StartsWith("--", StringComparison.Ordinal)))
            Assert.That(Regex.IsMatch(usage, $@"(?<![\w-]){Regex.Escape(option)}(?![\w-])"), Is.True,
                        $"{command.Location}: {command.Program}'s usage has no option {option}");
    }

    // ---- processes ----

    private static (int Status, string Output) Capture(string program, string directory, params string[] arguments)
    {
        var (status, output, errors) = CaptureSeparately(program, directory, new Dictionary<string, string>(), arguments);
        return (status, output + errors);
    }

    private static (int Status, string Output, string Errors) CaptureSeparately(
        string program, string directory, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        CaptureSeparately(program, directory, environment, RunTimeout, nestedDotnet: false, arguments);

    private static (int Status, string Output, string Errors) CaptureSeparately(
        string program, string directory, IReadOnlyDictionary<string, string> environment, TimeSpan bound,
        bool nestedDotnet, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        if (nestedDotnet)
            NestedDotnet.PrepareEnvironment(start);
        using Process process = Process.Start(start) ?? throw new AssertionException($"{program} did not start");
        process.StandardInput.Close();
        // Both streams drain in the background, so a command that hangs is stopped by the bound.
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(bound))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertionException($"{program} {string.Join(' ', arguments)} did not end within {bound.TotalSeconds} s");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    private static bool RunningAsRoot() => Capture("id", "/", "-u").Output.Trim() == "0";

    private static bool ProgramExists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, name)));
}
