// The configuration users bring, mazu-nat.click from Click's distribution (the shared
// click-conf folder), through snf-click: everything in it must be understood except the
// element classes that later work adds, and those must be named in Click's words. The
// list below shrinks as classes arrive; a class that stops being reported fails the test
// until it is taken off, so the list always says what is still missing.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace StatelessNF.ClickTest.Tests;

[TestFixture]
public sealed class MazuNatConfigurationTests
{
    // Classes of mazu-nat.click that snf-click does not have yet: classification and IP
    // header elements, the rewriters, devices, ARP and the host stack.
    private static readonly SortedSet<string> StillMissing = new(StringComparer.Ordinal)
    {
        "FTPPortMapper", "IPRewriter", "IPRewriterPatterns", "TCPRewriter",
    };

    private static readonly Regex MissingClass =
        new(@"^(?<file>.+):(?<line>\d+): (unknown element class|undeclared element) '(?<name>[^']+)'$");

    [Test]
    public void FailsOnlyOnElementClassesNotYetBuilt()
    {
        string? root = RepositoryLayout.FindRoot(AppContext.BaseDirectory) ?? RepositoryLayout.FindRoot();
        string? shared = RepositoryLayout.SharedDirectory(root);
        string? click = RepositoryLayout.ClickBinary(root);
        Assert.That(shared, Is.Not.Null, "the shared folder beside the repository was not found");
        Assert.That(click is not null && File.Exists(click), Is.True, $"snf-click not found at {click}; build native first");
        string config = Path.Combine(shared!, "click-conf", "mazu-nat.click");
        Assert.That(File.Exists(config), Is.True, $"{config} is missing");

        var start = new ProcessStartInfo(click!, $"-q \"{config}\"")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(30_000), Is.True, "snf-click did not finish within 30 s");

        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var other = lines.Where(l => !MissingClass.IsMatch(l) && !l.StartsWith("Router could not be", StringComparison.Ordinal)).ToList();
        var named = lines.Select(l => MissingClass.Match(l)).Where(m => m.Success)
                         .Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.Not.Zero, "a configuration with unknown classes must not start");
            Assert.That(other, Is.Empty, "errors other than missing element classes");
            Assert.That(named.Except(StillMissing), Is.Empty, "classes reported missing that are not on the list");
            Assert.That(StillMissing.Except(named), Is.Empty, "classes now built: take them off the list");
            Assert.That(lines.Where(l => MissingClass.IsMatch(l)).All(l => l.StartsWith(config + ":", StringComparison.Ordinal)),
                        Is.True, "every message carries file:line");
        });
    }
}
