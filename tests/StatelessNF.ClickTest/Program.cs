// The command-line entry point: runs .clicktest files (or every *.clicktest under the given
// folders) and prints PASS, SKIP or FAIL for each test with the details of failures. Exit
// status 0 when nothing failed, 1 when a test failed, 2 for bad usage.
//
//   dotnet run --project tests/StatelessNF.ClickTest -- [OPTIONS] [VARIABLE=VALUE]... FILE|DIR...
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace StatelessNF.ClickTest;

/// <summary>The <c>StatelessNF.ClickTest</c> command.</summary>
public static class Program
{
    private const string Usage =
        "Usage: StatelessNF.ClickTest [OPTIONS] [VARIABLE=VALUE]... FILE.clicktest|DIRECTORY...\n" +
        "Runs tests in Click's .clicktest format with snf-click standing in for click.\n\n" +
        "Options:\n" +
        "  --click PATH              Binary run as 'click' [$SNF_CLICK, else build/native/bin/snf-click\n" +
        "                            of the repository around the current directory].\n" +
        "  --no-click                Do not provide 'click'; scripts use whatever PATH has.\n" +
        "  -t, --timeout SECONDS     Time limit of each script [60]; 0 for none.\n" +
        "  --preserve-temporaries    Keep each test's temporary directory.\n" +
        "  -V, --verbose             Also show the details of passing and skipped tests.\n" +
        "  --help                    Print this message.\n";

    private static readonly Regex Assignment = new(@"\A([A-Za-z_][A-Za-z0-9_]*)=(.*)\z", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    /// <summary>Runs the command with <paramref name="args"/>.</summary>
    /// <returns>The process exit status.</returns>
    public static int Main(string[] args)
    {
        var tests = new List<string>();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        string? click = RepositoryLayout.ClickBinary(RepositoryLayout.FindRoot());
        bool clickChosen = false;
        TimeSpan timeout = ClickTestRunnerOptions.DefaultTimeout;
        bool preserve = false;
        bool verbose = false;

        for (int i = 0; i < args.Length; i++)
        {
            string argument = args[i];
            switch (argument)
            {
                case "--help":
                    Console.Out.Write(Usage);
                    return 0;
                case "--click" when i + 1 < args.Length:
                    click = Path.GetFullPath(args[++i]);
                    clickChosen = true;
                    break;
                case "--no-click":
                    click = null;
                    clickChosen = true;
                    break;
                case "-t" or "--timeout" when i + 1 < args.Length:
                    if (!double.TryParse(args[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || seconds < 0)
                        return Fail($"bad timeout '{args[i]}'");
                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                case "--preserve-temporaries":
                    preserve = true;
                    break;
                case "-V" or "--verbose":
                    verbose = true;
                    break;
                default:
                    if (argument.StartsWith('-'))
                        return Fail($"unknown option '{argument}'");
                    Match assignment = Assignment.Match(argument);
                    if (assignment.Success && !File.Exists(argument))
                        variables[assignment.Groups[1].Value] = assignment.Groups[2].Value;
                    else
                        tests.AddRange(Expand(argument));
                    break;
            }
        }
        if (tests.Count == 0)
            return Fail("no test files");
        if (click is not null && !File.Exists(click))
        {
            if (clickChosen || Environment.GetEnvironmentVariable(RepositoryLayout.ClickVariable) is { Length: > 0 })
                return Fail($"{click} does not exist (build the native tree first: cmake --build build/native)");
            Console.Error.WriteLine($"note: {click} does not exist; scripts use PATH's click, if any");
            click = null;
        }

        var runner = new ClickTestRunner(new ClickTestRunnerOptions
        {
            ClickBinary = click,
            Timeout = timeout,
            Variables = variables,
            PreserveTemporaries = preserve,
        });
        int passed = 0, failed = 0, skipped = 0;
        foreach (string test in tests)
        {
            foreach (ClickTestResult result in runner.RunFile(test))
            {
                switch (result.Outcome)
                {
                    case ClickTestOutcome.Passed: passed++; break;
                    case ClickTestOutcome.Skipped: skipped++; break;
                    default: failed++; break;
                }
                string report = result.Describe();
                if (result.Outcome == ClickTestOutcome.Failed || verbose)
                    Console.Out.Write(report);
                else
                    Console.Out.WriteLine(report.Split('\n')[0]);
            }
        }
        Console.Out.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
        return failed > 0 ? 1 : 0;
    }

    // A folder stands for every *.clicktest below it, in name order, as in Click's harness.
    private static IEnumerable<string> Expand(string argument)
    {
        if (!Directory.Exists(argument))
            return [argument];
        return Directory.EnumerateFiles(argument, "*.clicktest", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !Path.GetFileName(f).StartsWith('#'))
            .Order(StringComparer.Ordinal);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"StatelessNF.ClickTest: {message}");
        Console.Error.Write(Usage);
        return 2;
    }
}
