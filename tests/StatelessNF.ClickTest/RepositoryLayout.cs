// Where things are in a StatelessNF checkout: the root (the folder holding StatelessNF.sln),
// the snf-click binary of the native build, the shared folder beside the checkout that holds
// Click's own .clicktest files, and the repository's tests/click folder. Environment
// variables override each default, so the tests run from any build layout.
using System;
using System.IO;

namespace StatelessNF.ClickTest;

/// <summary>Finds the repository's folders and binaries.</summary>
public static class RepositoryLayout
{
    /// <summary>The file that marks the repository root.</summary>
    public const string SolutionFile = "StatelessNF.sln";

    /// <summary>Overrides the snf-click binary.</summary>
    public const string ClickVariable = "SNF_CLICK";

    /// <summary>Overrides the shared folder.</summary>
    public const string SharedVariable = "SNF_SHARED_DIR";

    /// <summary>The nearest folder at or above <paramref name="start"/> holding <see cref="SolutionFile"/>, or null.</summary>
    public static string? FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                return directory.FullName;
        }
        return null;
    }

    /// <summary>The repository root above the current directory, else above this program, or null.</summary>
    public static string? FindRoot() =>
        FindRoot(Environment.CurrentDirectory) ?? FindRoot(AppContext.BaseDirectory);

    /// <summary>$SNF_CLICK, else build/native/bin/snf-click under <paramref name="root"/> (whether or not it exists); null without either.</summary>
    public static string? ClickBinary(string? root)
    {
        string? configured = Environment.GetEnvironmentVariable(ClickVariable);
        if (!string.IsNullOrEmpty(configured))
            return Path.GetFullPath(configured);
        return root is null ? null : Path.Combine(root, "build", "native", "bin", "snf-click");
    }

    /// <summary>$SNF_SHARED_DIR, else the folder "shared" beside the repository root; null without either.</summary>
    public static string? SharedDirectory(string? root)
    {
        string? configured = Environment.GetEnvironmentVariable(SharedVariable);
        if (!string.IsNullOrEmpty(configured))
            return Path.GetFullPath(configured);
        if (root is null)
            return null;
        string? parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(root));
        return parent is null ? null : Path.Combine(parent, "shared");
    }

    /// <summary>The folder of Click's own tests inside the shared folder.</summary>
    public static string? SharedClickTests(string? root) =>
        SharedDirectory(root) is { } shared ? Path.Combine(shared, "click-tests") : null;

    /// <summary>The repository's own .clicktest folder.</summary>
    public static string RepositoryClickTests(string root) => Path.Combine(root, "tests", "click");
}
