// Build script of StatelessNF.Interop. Run it through ./build.sh, which installs what it
// needs first:  ./build.sh --target <Task>  (default: Build)
//
//   Native    CMake build of native/ (client and router libraries, snf-click, GoogleTest suites)
//   Bindings  regenerate bindings/generated from the C headers (CI: check, never write)
//   Build     everything: native, bindings, managed library, tests, samples, benchmarks
//   Fuzz      libFuzzer targets (clang, ASan+UBSan), each run briefly from its seed corpus
//   Test      Build, Fuzz and Consumer, then CTest (GoogleTest) and NUnit; one summary line
//   Demo      the main job: the stateless NAT in every mode and a failover, embedded store
//   Pack      NuGet package with the stripped, checked native assets into artifacts/packages
//   Consumer  a project outside the repository restores that package and runs it
//   Evaluate  the paper's evaluation in network namespaces (root); --quick for the smoke run
//   Bench     BenchmarkDotNet suites (long; not part of Test)
using System.Xml.Linq;

var target = Argument("target", "Build");
var configuration = Argument("configuration", "Release");
var benchFilter = Argument("filter", "*");
var isCi = !string.IsNullOrEmpty(EnvironmentVariable("CI"));

var root = MakeAbsolute(Directory("."));
var nativeBuild = root.Combine("build/native");
var nativeLib = nativeBuild.Combine("lib");
var artifacts = root.Combine("artifacts");
var testResults = artifacts.Combine("test-results");
var solution = root.CombineWithFilePath("StatelessNF.sln");

// The headers whose C# declarations are generated: header, library, class.
var boundHeaders = new[] {
    (Header: "native/ramcloud-shim/include/snf/snf_client.h", Include: "native/ramcloud-shim/include",
     Library: "snf_client", Class: "SnfClientNative"),
    (Header: "native/click-runtime/include/snf/snf_router.h", Include: "native/click-runtime/include",
     Library: "snf_router", Class: "SnfRouterNative"),
};

void Run(string tool, string arguments, DirectoryPath workingDirectory = null,
         IDictionary<string, string> environment = null)
{
    Information($"> {tool} {arguments}");
    var exit = StartProcess(tool, new ProcessSettings {
        Arguments = arguments,
        WorkingDirectory = workingDirectory ?? root,
        EnvironmentVariables = environment,
    });
    if (exit != 0) throw new Exception($"{tool} exited with {exit}");
}

var msbuildNative = new DotNetMSBuildSettings().WithProperty("SnfNativeDir", nativeLib.FullPath + "/");

Task("Clean").Does(() => {
    CleanDirectories(new[] { nativeBuild.FullPath, artifacts.FullPath });
    DotNetClean(solution.FullPath, new DotNetCleanSettings { Configuration = configuration });
});

Task("Native").Does(() => {
    // SNF_CLICK_ELEMENT_GROUPS empty: every element folder, whatever an older cache says;
    // the sample element of samples/StatelessElement is built in so its test can run it.
    Run("cmake", $"-S native -B {nativeBuild} -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSNF_CLICK_ELEMENT_GROUPS= " +
                 "-DSNF_EXTRA_ELEMENT_DIRS=samples/StatelessElement/elements");
    Run("cmake", $"--build {nativeBuild} -j{Environment.ProcessorCount}");
});

Task("Bindings").Does(() => {
    foreach (var b in boundHeaders) {
        var output = $"bindings/generated/{b.Class}.g.cs";
        var args = $"run --project bindings/generator -c {configuration} -- --header {b.Header} " +
                   $"--include {b.Include} --library {b.Library} --namespace StatelessNF.Interop.Native " +
                   $"--class {b.Class} --out {output}" + (isCi ? " --check" : "");
        // CI must build what is checked in: a drifted header fails here instead of being
        // silently regenerated.
        Run("dotnet", args);
    }
});

Task("Build").IsDependentOn("Native").IsDependentOn("Bindings").Does(() => {
    DotNetBuild(solution.FullPath, new DotNetBuildSettings {
        Configuration = configuration,
        MSBuildSettings = msbuildNative,
    });
});

// Short bounded libFuzzer runs (the parser, the ControlSocket protocol and the element
// fuzzers of native/click-elements), built with clang, ASan and UBSan in build/fuzz. Each target starts from a scratch copy of its seed
// corpus (libFuzzer writes new inputs into the corpus folder) and the task fails on any
// crash, sanitizer report, timeout or out-of-memory; the failing input is kept in
// artifacts/fuzz/.
var fuzzBuild = root.Combine("build/fuzz");
var fuzzSeconds = Argument("fuzz-seconds", 20);
// Element groups add theirs as native/click-elements/<group>/fuzz/fuzz_<name>.cc, with
// seeds in fuzz/<name>-corpus/ and an optional dictionary fuzz/<name>.dict.
var fuzzTargets = new List<(string Name, string Corpus, string Dict)> {
    ("fuzz_click_parser", "native/click-runtime/fuzz/corpus", "native/click-runtime/fuzz/click.dict"),
    ("fuzz_control_protocol", "native/click-runtime/fuzz/control-corpus", "native/click-runtime/fuzz/control.dict"),
};
foreach (var source in GetFiles("native/click-elements/*/fuzz/fuzz_*.cc").OrderBy(f => f.FullPath)) {
    var name = source.GetFilenameWithoutExtension().ToString();
    var folder = root.GetRelativePath(source.GetDirectory()).FullPath;
    var shortName = name.Substring("fuzz_".Length);
    var dict = $"{folder}/{shortName}.dict";
    fuzzTargets.Add((name, $"{folder}/{shortName}-corpus", FileExists(dict) ? dict : null));
}

Task("Fuzz").Does(() => {
    var clang = new Dictionary<string, string> { ["CC"] = "clang", ["CXX"] = "clang++" };
    Run("cmake", $"-S native -B {fuzzBuild} -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSNF_FUZZ=ON -DSNF_BUILD_TESTS=OFF",
        environment: clang);
    Run("cmake", $"--build {fuzzBuild} -j{Environment.ProcessorCount} --target " +
                 string.Join(" ", fuzzTargets.Select(t => t.Name)), environment: clang);
    var crashes = artifacts.Combine("fuzz");
    EnsureDirectoryExists(crashes);
    foreach (var t in fuzzTargets) {
        var corpus = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"snf-{t.Name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(corpus);
        try {
            var seeds = root.Combine(t.Corpus).FullPath;
            if (System.IO.Directory.Exists(seeds))
                foreach (var seed in System.IO.Directory.GetFiles(seeds))
                    System.IO.File.Copy(seed, System.IO.Path.Combine(corpus, System.IO.Path.GetFileName(seed)));
            var dictOption = t.Dict == null ? "" : $"-dict={root.CombineWithFilePath(t.Dict)} ";
            Run(fuzzBuild.CombineWithFilePath($"click-runtime/{t.Name}").FullPath,
                $"-max_total_time={fuzzSeconds} -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 " +
                $"{dictOption}-artifact_prefix={crashes}/{t.Name}- {corpus}");
        } finally {
            System.IO.Directory.Delete(corpus, true);
        }
    }
});

Task("Test").IsDependentOn("Build").IsDependentOn("Fuzz").IsDependentOn("Consumer").Does(() => {
    EnsureDirectoryExists(testResults);
    var passed = 0; var failed = 0; var skipped = 0;
    Exception firstFailure = null;

    var junit = testResults.CombineWithFilePath("native.junit.xml");
    try {
        Run("ctest", $"--test-dir {nativeBuild} --output-on-failure -j2 --timeout 300 --output-junit {junit}");
    } catch (Exception e) { firstFailure = e; }
    if (FileExists(junit)) {
        var suite = XDocument.Load(junit.FullPath).Root;
        var total = int.Parse(suite.Attribute("tests")?.Value ?? "0");
        var fails = int.Parse(suite.Attribute("failures")?.Value ?? "0") + int.Parse(suite.Attribute("errors")?.Value ?? "0");
        var skips = int.Parse(suite.Attribute("skipped")?.Value ?? "0");
        passed += total - fails - skips; failed += fails; skipped += skips;
    }

    var trxDir = testResults.Combine("managed");
    CleanDirectory(trxDir);
    try {
        DotNetTest(solution.FullPath, new DotNetTestSettings {
            Configuration = configuration,
            NoBuild = true,
            MSBuildSettings = msbuildNative,
            Loggers = new[] { "trx", "console;verbosity=normal" },
            ResultsDirectory = trxDir,
        });
    } catch (Exception e) { firstFailure ??= e; }
    // The evaluation's report generation from fixed inputs (the measurements need root
    // and namespaces: the Evaluate target).
    try {
        Run("dotnet", "run --project benchmarks/StatelessNF.Evaluation -c Release --no-build -- --self-test");
    } catch (Exception e) { firstFailure ??= e; }
    // Every BenchmarkDotNet case once, in process: the suites still set up and run.
    try {
        Run("dotnet", "run --project benchmarks/StatelessNF.Benchmarks -c Release --no-build -- --smoke --filter '*'");
    } catch (Exception e) { firstFailure ??= e; }
    foreach (var trx in GetFiles(trxDir.FullPath + "/**/*.trx")) {
        var counters = XDocument.Load(trx.FullPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
        if (counters == null) continue;
        int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0");
        passed += Count("passed"); failed += Count("failed") + Count("error") + Count("timeout");
        skipped += Count("total") - Count("executed");
    }

    // One plain line (no colours) that sums both runners; .ci/run repeats it last.
    var summary = $"tests: {passed} passed, {failed} failed, {skipped} skipped";
    System.IO.File.WriteAllText(testResults.CombineWithFilePath("summary.txt").FullPath, summary + "\n");
    Console.WriteLine();
    Console.WriteLine(summary);
    if (firstFailure != null) throw firstFailure;
    if (failed > 0) throw new Exception($"{failed} tests failed");
    if (passed == 0) throw new Exception("no test ran");
});

Task("Demo").IsDependentOn("Native").IsDependentOn("Bindings").Does(() => {
    DotNetRun("samples/StatelessNF.Demo/StatelessNF.Demo.csproj", new DotNetRunSettings {
        Configuration = configuration,
        MSBuildSettings = msbuildNative,
    });
});

// The package carries stripped copies of the native libraries and snf-click. Each must
// need nothing a Debian machine with libhiredis lacks, and each library must export only
// its snf_* C ABI; anything else fails the build here rather than on a user's machine.
var packageNative = artifacts.Combine("native-package");
var allowedNeeded = new[] {
    "libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "ld-linux-x86-64.so.2",
    "libdl.so.2", "libpthread.so.0", "libhiredis.so.0.14", "libsnf_client.so",
};

string Capture(string tool, string arguments) {
    IEnumerable<string> lines;
    var exit = StartProcess(tool, new ProcessSettings { Arguments = arguments, RedirectStandardOutput = true }, out lines);
    if (exit != 0)
        throw new Exception($"{tool} {arguments} failed with exit code {exit}");
    return string.Join("\n", lines);
}

void CheckNativeAsset(FilePath file, bool isLibrary) {
    var needed = System.Text.RegularExpressions.Regex.Matches(Capture("readelf", $"-d {file.FullPath}"),
                     @"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")
        .Select(m => m.Groups[1].Value).ToList();
    var foreign = needed.Where(n => !allowedNeeded.Contains(n)).ToList();
    if (foreign.Count > 0)
        throw new Exception($"{file.GetFilename()} needs {string.Join(", ", foreign)}; the package may only need {string.Join(", ", allowedNeeded)}");
    if (isLibrary) {
        var exported = Capture("nm", $"-D --defined-only {file.FullPath}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ').Last())
            .Where(symbol => !symbol.StartsWith("snf_") && !symbol.StartsWith("SNF_"))
            .ToList();
        if (exported.Count > 0)
            throw new Exception($"{file.GetFilename()} exports symbols outside its C ABI: {string.Join(", ", exported.Take(10))}");
    }
    Information($"{file.GetFilename()}: needs {string.Join(", ", needed)}");
}

Task("Pack").IsDependentOn("Build").Does(() => {
    CleanDirectory(packageNative);
    var assets = GetFiles($"{nativeLib.FullPath}/libsnf_*.so").Select(f => (File: f, Library: true))
        .Append((File: nativeBuild.CombineWithFilePath("bin/snf-click"), Library: false));
    foreach (var (file, isLibrary) in assets) {
        var staged = packageNative.CombineWithFilePath(file.GetFilename());
        Run("objcopy", $"--strip-unneeded {file.FullPath} {staged.FullPath}");
        CheckNativeAsset(staged, isLibrary);
    }
    DotNetPack("src/StatelessNF.Interop/StatelessNF.Interop.csproj", new DotNetPackSettings {
        Configuration = configuration,
        NoBuild = true,
        OutputDirectory = artifacts.Combine("packages"),
        MSBuildSettings = new DotNetMSBuildSettings()
            .WithProperty("SnfNativeDir", packageNative.FullPath + "/")
            .WithProperty("SnfClickPath", packageNative.CombineWithFilePath("snf-click").FullPath),
    });
});

// A console project outside the repository's build restores the package from the local
// folder feed (into a private package cache, so a stale 0.1.0 elsewhere cannot mask a
// broken package) and runs: an embedded store, an in-process router, snf-click.
Task("Consumer").IsDependentOn("Pack").Does(() => {
    var work = System.IO.Directory.CreateTempSubdirectory("snf-consumer-").FullName;
    try {
        CopyDirectory(root.Combine("tests/consumer"), work);
        System.IO.File.WriteAllText(System.IO.Path.Combine(work, "nuget.config"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n" +
            $"    <add key=\"local\" value=\"{artifacts.Combine("packages").FullPath}\" />\n" +
            "    <add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" />\n" +
            "  </packageSources>\n</configuration>\n");
        var env = new Dictionary<string, string> {
            ["NUGET_PACKAGES"] = System.IO.Path.Combine(work, ".packages"),
            ["SNF_NATIVE_DIR"] = "",
            ["SNF_CLICK"] = "",
        };
        Run("dotnet", $"run --project {work}/StatelessNF.Consumer.csproj -c Release", environment: env, workingDirectory: work);
    } finally {
        System.IO.Directory.Delete(work, true);
    }
});

Task("Bench").IsDependentOn("Native").IsDependentOn("Bindings").Does(() => {
    DotNetRun("benchmarks/StatelessNF.Benchmarks/StatelessNF.Benchmarks.csproj",
        new ProcessArgumentBuilder().Append("--filter").AppendQuoted(benchFilter)
            .Append("--artifacts").AppendQuoted(artifacts.Combine("benchmarks").FullPath),
        new DotNetRunSettings { Configuration = "Release", MSBuildSettings = msbuildNative });
});

// The paper's evaluation (issue 7): Tables 1-3 and Figure 3 in network namespaces, as
// root. `--quick` is the short smoke variant CI runs (one iteration, two sizes).
var quickEvaluation = HasArgument("quick");
Task("Evaluate").IsDependentOn("Native").IsDependentOn("Bindings").Does(() => {
    var output = artifacts.Combine(quickEvaluation ? "evaluation-quick" : "evaluation");
    var arguments = new ProcessArgumentBuilder().Append("--out").AppendQuoted(output.FullPath);
    if (quickEvaluation)
        arguments.Append("--quick");
    DotNetRun("benchmarks/StatelessNF.Evaluation/StatelessNF.Evaluation.csproj", arguments,
        new DotNetRunSettings { Configuration = "Release", MSBuildSettings = msbuildNative });
});

Task("Default").IsDependentOn("Build");

RunTarget(target);
