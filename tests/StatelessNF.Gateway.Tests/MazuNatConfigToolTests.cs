// tools/netns/mazu-nat-config.sh against the shared mazu-nat.click: a copy for a gateway
// changes only the AddressInfo values, a stateless copy only adds keywords to the two
// rewriter declarations, and a file without the expected entries is refused. No root
// needed.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using StatelessNF.Gateway.Tests.Support;

namespace StatelessNF.Gateway.Tests;

[TestFixture]
public sealed class MazuNatConfigToolTests
{
    private string _original = "";

    [OneTimeSetUp]
    public void ReadTheSharedFile()
    {
        string? path = RepositoryPaths.MazuNat();
        if (path is null || !File.Exists(path))
            Assert.Ignore($"mazu-nat.click was not found in the shared folder ({RepositoryPaths.SharedDirectory()})");
        if (RepositoryPaths.NetnsTool("mazu-nat-config.sh") is not { } tool || !File.Exists(tool))
            Assert.Ignore("tools/netns/mazu-nat-config.sh was not found above the test assembly");
        _original = File.ReadAllText(path);
    }

    [Test]
    public void ChangesOnlyTheAddressInfoValues()
    {
        string copy = Generate("--intern", "10.1.0.1 10.1.0.0/16 02:00:00:00:01:01", "--extern", "203.0.113.5 203.0.113.0/24 02:00:00:00:02:02",
                               "--next-hop", "02:00:00:00:03:03", "--server", "10.1.0.9");
        var changed = ChangedLines(copy);
        Assert.That(changed.Select(c => c.Copy.Trim()), Is.EquivalentTo(new[]
        {
            "intern\t10.1.0.1 10.1.0.0/16 02:00:00:00:01:01,",
            "extern\t203.0.113.5 203.0.113.0/24 02:00:00:00:02:02,",
            "extern_next_hop\t02:00:00:00:03:03,",
            "intern_server\t10.1.0.9",
        }));
    }

    [Test]
    public void TakesTheAddressesFromTopologyOutput()
    {
        string topology = string.Join('\n', "GW_INSIDE_IP=10.0.0.1", "GW_INSIDE_PREFIX=10.0.0.0/8", "GW_INSIDE_MAC=02:00:0a:00:00:01",
                                      "GW_OUTSIDE_IP=198.51.100.1", "GW_OUTSIDE_PREFIX=198.51.100.0/24", "GW_OUTSIDE_MAC=02:00:c6:33:64:01",
                                      "OUTSIDE_MAC=02:00:c6:33:64:02", "SERVER_IP=10.0.0.10") + "\n";
        CommandResult result = Command.Run("bash", new[] { RepositoryPaths.NetnsTool("mazu-nat-config.sh")!, "--topology", "-", RepositoryPaths.MazuNat()! },
                                           TimeSpan.FromSeconds(30), input: topology);
        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(result.Output, Does.Contain("extern\t198.51.100.1 198.51.100.0/24 02:00:c6:33:64:01,"));
        Assert.That(result.Output, Does.Contain("extern_next_hop\t02:00:c6:33:64:02,"));
    }

    [TestCase("sync")]
    [TestCase("async")]
    [TestCase("cache")]
    public void StatelessCopiesAddModeAndStoreToBothRewriters(string mode)
    {
        string copy = Generate("--mode", mode, "--store", "redis://127.0.0.1:6379", "--port-slice", "1/2");
        string keywords = $", MODE {mode}, STORE \"redis://127.0.0.1:6379\", PORT_SLICE 1/2);";
        var rewriterLines = ChangedLines(copy).Where(c => !IsAddressInfoLine(c.Original)).ToList();
        Assert.That(rewriterLines.Select(c => c.Copy.Trim()), Is.EquivalentTo(new[] { "pass 2" + keywords, "drop" + keywords }));
    }

    [Test]
    public void NativeAddsNoKeywords()
    {
        Assert.That(ChangedLines(Generate("--mode", "native")).Where(c => !IsAddressInfoLine(c.Original)), Is.Empty);
    }

    [Test]
    public void RefusesAFileWithoutTheAddressInfoEntries()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-mazu-{Guid.NewGuid():N}.click");
        File.WriteAllText(path, "AddressInfo(intern 10.0.0.1);\nIdle -> Discard;\n");
        try
        {
            CommandResult result = Command.Run("bash", new[] { RepositoryPaths.NetnsTool("mazu-nat-config.sh")!, path }, TimeSpan.FromSeconds(30));
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Output, Is.Empty, "nothing is written");
            Assert.That(result.Error, Does.Contain("no AddressInfo entry for extern"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Generate(params string[] options)
    {
        var arguments = new List<string> { RepositoryPaths.NetnsTool("mazu-nat-config.sh")! };
        arguments.AddRange(options);
        arguments.Add(RepositoryPaths.MazuNat()!);
        CommandResult result = Command.Run("bash", arguments, TimeSpan.FromSeconds(30));
        Assert.That(result.Succeeded, Is.True, result.ToString());
        return result.Output;
    }

    private static bool IsAddressInfoLine(string line) =>
        new[] { "intern", "extern", "extern_next_hop", "intern_server" }.Contains(line.Trim().Split(' ', '\t')[0]);

    // Line-by-line differences; the tool never adds or removes lines.
    private List<(string Original, string Copy)> ChangedLines(string copy)
    {
        string[] before = _original.TrimEnd('\n').Split('\n');
        string[] after = copy.TrimEnd('\n').Split('\n');
        Assert.That(after, Has.Length.EqualTo(before.Length), "same number of lines");
        return before.Zip(after).Where(p => p.First != p.Second).ToList();
    }
}
