// What the namespace tests need from the machine; each missing piece ignores the tests
// with a message that says what to install or how to run them.
using System;
using System.IO;
using NUnit.Framework;

namespace StatelessNF.Gateway.Tests.Support;

public static class Requirements
{
    /// <summary>Root, `ip netns`, python3, the topology script and mazu-nat.click; ignores the test otherwise.</summary>
    public static void RequireNamespaces()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("network namespaces need Linux");
        if (Command.Run("id", new[] { "-u" }, TimeSpan.FromSeconds(10)).Output.Trim() != "0")
            Assert.Ignore("the gateway tests create network namespaces and need root");
        if (!Command.Run("ip", new[] { "netns", "list" }, TimeSpan.FromSeconds(10)).Succeeded)
            Assert.Ignore("`ip netns` is not available (package iproute2)");
        RequireProgram("python3", "python3");
        RequireProgram("nft", "nftables");
        RequireProgram("ethtool", "ethtool");
        if (RepositoryPaths.NetnsTool("topology.sh") is not { } topology || !File.Exists(topology))
            Assert.Ignore("tools/netns/topology.sh was not found above the test assembly");
        if (RepositoryPaths.MazuNat() is not { } config || !File.Exists(config))
            Assert.Ignore($"mazu-nat.click was not found in the shared folder ({RepositoryPaths.SharedDirectory()}); set {RepositoryPaths.SharedVariable}");
    }

    /// <summary>Ignores the test unless <paramref name="program"/> is on the PATH.</summary>
    public static void RequireProgram(string program, string package)
    {
        if (!Command.Run("sh", new[] { "-c", $"command -v {program}" }, TimeSpan.FromSeconds(10)).Succeeded)
            Assert.Ignore($"{program} is not installed (Debian package {package})");
    }
}
