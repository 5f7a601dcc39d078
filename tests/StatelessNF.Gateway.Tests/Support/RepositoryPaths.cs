// Where the tests find what they run: the repository root (the folder holding
// StatelessNF.sln), its tools/netns scripts, the shared folder beside the checkout that
// holds mazu-nat.click ($SNF_SHARED_DIR overrides it, as for the Click conformance
// tests), and the probe script copied beside the test assembly.
using System;
using System.IO;

namespace StatelessNF.Gateway.Tests.Support;

public static class RepositoryPaths
{
    public const string SolutionFile = "StatelessNF.sln";
    public const string SharedVariable = "SNF_SHARED_DIR";

    /// <summary>The repository root above the test assembly, or null outside a checkout.</summary>
    public static string? Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                return directory.FullName;
        }
        return null;
    }

    /// <summary>$SNF_SHARED_DIR, else the folder "shared" beside the repository root.</summary>
    public static string? SharedDirectory()
    {
        string? configured = Environment.GetEnvironmentVariable(SharedVariable);
        if (!string.IsNullOrEmpty(configured))
            return Path.GetFullPath(configured);
        string? root = Root();
        string? parent = root is null ? null : Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(root));
        return parent is null ? null : Path.Combine(parent, "shared");
    }

    /// <summary>The configuration users bring.</summary>
    public static string? MazuNat() => SharedDirectory() is { } shared ? Path.Combine(shared, "click-conf", "mazu-nat.click") : null;

    /// <summary>A script of tools/netns.</summary>
    public static string? NetnsTool(string name) => Root() is { } root ? Path.Combine(root, "tools", "netns", name) : null;

    /// <summary>The servers and clients run inside the namespaces.</summary>
    public static string NetProbe => Path.Combine(AppContext.BaseDirectory, "Scripts", "netprobe.py");
}
