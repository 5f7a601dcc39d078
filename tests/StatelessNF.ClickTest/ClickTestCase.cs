// One test read from a .clicktest file: its script, requirements, input files, expected
// outputs and ignore rules. A file holds several tests when they are separated by %eot.
using System.Collections.Generic;
using System.Linq;

namespace StatelessNF.ClickTest;

/// <summary>A parsed test, ready for <see cref="ClickTestRunner"/>.</summary>
public sealed class ClickTestCase
{
    /// <summary>Creates a test from its parts; normally done by <see cref="ClickTestFile"/>.</summary>
    public ClickTestCase(
        string name,
        string? directory,
        string info,
        IReadOnlyList<ScriptCommand> script,
        IReadOnlyList<ScriptCommand> requirements,
        string? standardInput,
        IReadOnlyList<InputFile> inputFiles,
        IReadOnlyList<ExpectedOutput> expectations,
        IReadOnlyList<IgnoreRule> ignoreRules,
        IReadOnlyList<ParseDiagnostic> diagnostics)
    {
        Name = name;
        Directory = directory;
        Info = info;
        Script = script;
        Requirements = requirements;
        StandardInput = standardInput;
        InputFiles = inputFiles;
        Expectations = expectations;
        IgnoreRules = ignoreRules;
        Diagnostics = diagnostics;
    }

    /// <summary>The test's name: its file, with <c>&lt;2&gt;</c>, <c>&lt;3&gt;</c>... for tests after an <c>%eot</c>.</summary>
    public string Name { get; }

    /// <summary>The folder of the test file, when it was read from disk (the script's <c>$rundir</c> by default).</summary>
    public string? Directory { get; }

    /// <summary>The <c>%info</c> text.</summary>
    public string Info { get; }

    /// <summary>The commands of the <c>%script</c> sections, in order.</summary>
    public IReadOnlyList<ScriptCommand> Script { get; }

    /// <summary>The commands of the <c>%require</c> sections; if one fails the test is skipped.</summary>
    public IReadOnlyList<ScriptCommand> Requirements { get; }

    /// <summary>The script's standard input (<c>%stdin</c> or <c>%file stdin</c>), or null for an empty input.</summary>
    public string? StandardInput { get; }

    /// <summary>The files created before the script runs, in the order they were defined.</summary>
    public IReadOnlyList<InputFile> InputFiles { get; }

    /// <summary>Every expected output, in the order defined; several for one file are alternatives.</summary>
    public IReadOnlyList<ExpectedOutput> Expectations { get; }

    /// <summary>Every ignore rule, for named files or for all of them.</summary>
    public IReadOnlyList<IgnoreRule> IgnoreRules { get; }

    /// <summary>Errors and warnings found while reading the test.</summary>
    public IReadOnlyList<ParseDiagnostic> Diagnostics { get; }

    /// <summary>True when the test could not be read as written; such a test fails without running.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The output files with expectations, each once, in the order first defined.</summary>
    public IReadOnlyList<string> ExpectedFileNames => Expectations.Select(e => e.FileName).Distinct().ToList();

    /// <summary>The alternatives expected for <paramref name="fileName"/>.</summary>
    public IReadOnlyList<ExpectedOutput> ExpectationsFor(string fileName) =>
        Expectations.Where(e => e.FileName == fileName).ToList();

    /// <summary>The ignore rules that apply to <paramref name="fileName"/>.</summary>
    public IReadOnlyList<IgnoreRule> IgnoreRulesFor(string fileName) =>
        IgnoreRules.Where(r => r.AppliesTo(fileName)).ToList();
}
