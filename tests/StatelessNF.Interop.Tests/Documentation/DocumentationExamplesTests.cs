// The code blocks of every document besides the top-level README (ReadmeExamplesTests),
// kept honest:
//  - csharp in src/StatelessNF.Interop/README.md: line for line in an example method below,
//    which compiles and runs here;
//  - csharp in bindings/README.md: the block itself, taken from the document, is compiled
//    as a small program referencing the generator and run against the checked-in bindings;
//  - cpp: line for line in native/click-runtime/tests/router_documentation_examples_test.cc,
//    which the native build compiles and CTest runs (its #include lines anywhere in it);
//  - click: only the top-level README has them, and ReadmeExamplesTests runs them;
//  - sh and friends: DocumentedCommandsTests; text: output and drawings, not checked.
// A block in any other document or language fails, naming the document and line.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NUnit.Framework;
using StatelessNF.Interop.Tests.Support;

namespace StatelessNF.Interop.Tests.Documentation;

[TestFixture]
[NonParallelizable]
public sealed class DocumentationExamplesTests
{
    private const string InteropReadme = "src/StatelessNF.Interop/README.md";
    private const string BindingsReadme = "bindings/README.md";
    private const string CppExamples = "native/click-runtime/tests/router_documentation_examples_test.cc";
    private static readonly TimeSpan BuildBound = TimeSpan.FromMinutes(5);
    private static readonly string[] UncheckedLanguages = { "text" };

    private static string Root => RepositoryRoot.Find() ?? throw new AssertionException("repository root not found");

    [Test]
    public async Task InteropReadmeExample()
    {
        byte[] key = "10.0.0.2:5000>198.51.100.2:80/tcp"u8.ToArray();
        byte[] entry = "203.0.113.1:40000"u8.ToArray();
        byte[] updated = "203.0.113.1:40001"u8.ToArray();
        byte[][] keys = { key };
        byte[] buffer = new byte[64];
        // src/StatelessNF.Interop/README.md
        using var client = StoreClient.Open("embedded:");   // or "redis://127.0.0.1:6379?command_timeout_ms=500"
        ulong flows = client.CreateTable("nat-flows");

        // Create-if-absent: exactly one instance wins a new flow; the others read its entry.
        if (!client.TryCreate(flows, key, entry, out ulong version))
            entry = client.Read(flows, key).Value;

        // Compare-and-set.
        client.Write(flows, key, updated, new WriteOptions(RejectRules.IfVersion(version)));

        // Pipelined reads: one round trip's latency for many operations.
        StoreValue[] values = await Task.WhenAll(keys.Select(k => client.ReadAsync(flows, k)));

        // LRU write-through cache: hits stay in the process, writes reach the store first.
        using StoreCache cache = client.CreateCache(maxEntries: 100_000);
        int length = cache.Read(flows, key, buffer, out ulong cachedVersion);   // allocation-free

        Assert.That(values.Single().Value, Is.EqualTo(updated));
        Assert.That(buffer[..length], Is.EqualTo(updated));
        Assert.That(cachedVersion, Is.EqualTo(values.Single().Version));
        client.DropTable("nat-flows");
    }

    [Test]
    public void EveryCSharpBlockOfTheInteropReadmeIsAnExampleHere()
    {
        string[] source = CodeBlocks.Normalize(File.ReadAllLines(Path.Combine(Root, "tests", "StatelessNF.Interop.Tests",
                                                                              "Documentation", "DocumentationExamplesTests.cs")));
        var blocks = CodeBlocks.Find(Path.Combine(Root, InteropReadme), "csharp").ToList();
        Assert.That(blocks, Is.Not.Empty, $"{InteropReadme} shows C# examples");
        foreach (var (line, text) in blocks)
        {
            string[] wanted = CodeBlocks.Normalize(text.Split('\n'))
                                        .Where(l => !l.StartsWith("using StatelessNF", StringComparison.Ordinal)).ToArray();
            Assert.That(CodeBlocks.ContainsRun(source, wanted), Is.True,
                        $"{InteropReadme}:{line}: this C# example is not among the compiled examples in DocumentationExamplesTests.cs " +
                        $"({CodeBlocks.FirstMismatch(source, wanted)})");
        }
    }

    // The block is compiled as it is written: its using directives go first, then the
    // variable it expects (repositoryRoot), then its statements.
    [Test]
    public void BindingsReadmeExampleCompilesAndRuns()
    {
        var blocks = CodeBlocks.Find(Path.Combine(Root, BindingsReadme), "csharp").ToList();
        Assert.That(blocks, Is.Not.Empty, $"{BindingsReadme} shows C# examples");
        string directory = Directory.CreateTempSubdirectory("snf-doc-bindings-").FullName;
        try
        {
            string generator = Path.Combine(Root, "bindings", "generator", "StatelessNF.BindingsGenerator.csproj");
            File.WriteAllText(Path.Combine(directory, "BindingsExample.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="NUnit" Version="4.4.0" />
                    <ProjectReference Include="{generator}" />
                  </ItemGroup>
                </Project>
                """);
            foreach (var (line, text) in blocks)
            {
                string[] lines = text.Split('\n');
                bool IsDirective(string l) => l.StartsWith("using ", StringComparison.Ordinal) && !l.StartsWith("using var ", StringComparison.Ordinal)
                                              && !l.Contains('(');
                var program = new StringBuilder();
                foreach (string l in lines.Where(IsDirective))
                    program.AppendLine(l);
                program.AppendLine("string repositoryRoot = args[0];");
                program.AppendLine($"#line {line} \"{Path.Combine(Root, BindingsReadme)}\"");   // errors name the document
                foreach (string l in lines)
                    program.AppendLine(IsDirective(l) ? "" : l);
                File.WriteAllText(Path.Combine(directory, "Program.cs"), program.ToString());
                var (status, output) = Dotnet(directory, "run", "--project", directory, "-c", "Release",
                                              "--artifacts-path", Path.Combine(directory, "artifacts"), "--", Root);
                Assert.That(status, Is.Zero, $"{BindingsReadme}:{line}: the C# example does not compile or fails:\n{output}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void EveryCppBlockIsCompiledByTheNativeTests()
    {
        string[] raw = File.ReadAllLines(Path.Combine(Root, CppExamples));
        string[] source = CodeBlocks.Normalize(raw);
        var includes = source.Where(l => l.StartsWith("#include", StringComparison.Ordinal)).ToHashSet();
        int count = 0;
        foreach (string document in DocumentedCommand.DocumentPaths(Root))
        {
            string relative = Path.GetRelativePath(Root, document).Replace('\\', '/');
            foreach (var (line, text) in CodeBlocks.Find(document, "cpp"))
            {
                count++;
                string[] wanted = CodeBlocks.Normalize(text.Split('\n'));
                foreach (string include in wanted.Where(l => l.StartsWith("#include", StringComparison.Ordinal)))
                    Assert.That(includes, Does.Contain(include), $"{relative}:{line}: {CppExamples} has no {include}");
                string[] code = wanted.Where(l => !l.StartsWith("#include", StringComparison.Ordinal)).ToArray();
                Assert.That(CodeBlocks.ContainsRun(source, code), Is.True,
                            $"{relative}:{line}: this C++ example is not in {CppExamples}, which the native tests compile " +
                            $"({CodeBlocks.FirstMismatch(source, code)})");
            }
        }
        Assert.That(count, Is.GreaterThan(0), "the documents show C++ examples");
        // The file is one of the router tests' sources (tests/router_*.cc), so CTest runs it.
        string cmake = File.ReadAllText(Path.Combine(Root, "native", "click-runtime", "CMakeLists.txt"));
        Assert.That(cmake, Does.Contain("\"${CMAKE_CURRENT_SOURCE_DIR}/tests/router_*.cc\""));
        Assert.That(Path.GetFileName(CppExamples), Does.StartWith("router_"));
    }

    [Test]
    public void EveryCodeBlockOfEveryDocumentIsChecked()
    {
        var problems = new List<string>();
        foreach (string document in DocumentedCommand.DocumentPaths(Root))
        {
            string relative = Path.GetRelativePath(Root, document).Replace('\\', '/');
            foreach (var (line, language, _) in CodeBlocks.FindAll(document))
            {
                bool covered = language switch
                {
                    "csharp" => relative is "README.md" or InteropReadme or BindingsReadme,
                    "click" => relative == "README.md",
                    "cpp" => true,
                    _ => DocumentedCommand.IsShellLanguage(language) || UncheckedLanguages.Contains(language),
                };
                if (!covered)
                    problems.Add($"{relative}:{line}: a ```{language} block no documentation test compiles or runs");
            }
        }
        Assert.That(problems, Is.Empty, string.Join('\n', problems));
    }

    private static (int Status, string Output) Dotnet(string directory, params string[] arguments) =>
        NestedDotnet.Run(directory, arguments, BuildBound);
}
