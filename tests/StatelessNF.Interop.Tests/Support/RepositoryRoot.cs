// Locates the repository the tests were built from: the nearest folder above the test
// output that holds StatelessNF.sln.
using System;
using System.IO;

namespace StatelessNF.Interop.Tests.Support;

public static class RepositoryRoot
{
    public const string SolutionFile = "StatelessNF.sln";

    /// <summary>The repository root, or null when the tests run outside a checkout.</summary>
    public static string? Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                return directory.FullName;
        }
        return null;
    }
}
