// Support for tests written inline: parse a .clicktest text, run it with plain shell
// commands (no click), and make scratch folders that outlive a test directory.
using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using StatelessNF.ClickTest;

namespace StatelessNF.ClickTest.Tests.Support;

public static class Inline
{
    public const string FileName = "inline.clicktest";

    /// <summary>Parses <paramref name="text"/>, which must hold exactly one test.</summary>
    public static ClickTestCase Parse(string text)
    {
        ClickTestFile file = ClickTestFile.Parse(text, FileName);
        Assert.That(file.Diagnostics, Is.Empty, "file-level diagnostics");
        Assert.That(file.Cases, Has.Count.EqualTo(1), "one test in the text");
        return file.Cases[0];
    }

    /// <summary>Parses and runs <paramref name="text"/> with <paramref name="options"/> (no click by default, 20 s limit).</summary>
    public static ClickTestResult Run(string text, ClickTestRunnerOptions? options = null)
    {
        ClickTestFile file = ClickTestFile.Parse(text, FileName);
        var runner = new ClickTestRunner(options ?? new ClickTestRunnerOptions { Timeout = TimeSpan.FromSeconds(20) });
        return runner.Run(file).Single();
    }

    /// <summary>A new empty folder under the system temporary folder; delete it with <see cref="Directory.Delete(string, bool)"/>.</summary>
    public static string ScratchDirectory() => Directory.CreateTempSubdirectory("snf-clicktest-tests-").FullName;
}
