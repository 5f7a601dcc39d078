// The resolver that finds libsnf_client: its probing order and that the library it found
// is the one the build placed under runtimes/linux-x64/native.
using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using StatelessNF.Interop.Internal;

namespace StatelessNF.Interop.Tests;

[TestFixture]
[NonParallelizable]
public sealed class NativeLibraryResolverTests
{
    [Test]
    public void ProbesTheEnvironmentFirstThenTheRuntimesFolders()
    {
        string? saved = Environment.GetEnvironmentVariable(NativeLibraryResolver.DirectoryVariable);
        string custom = Path.Combine(Path.GetTempPath(), "snf-native-probe");
        try
        {
            Environment.SetEnvironmentVariable(NativeLibraryResolver.DirectoryVariable, custom);
            var directories = NativeLibraryResolver.CandidateDirectories(typeof(StoreClient).Assembly);
            string assemblyDirectory = Path.GetDirectoryName(typeof(StoreClient).Assembly.Location)!;

            Assert.That(directories[0], Is.EqualTo(Path.GetFullPath(custom)));
            Assert.That(directories[1], Is.EqualTo(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "runtimes/linux-x64/native"))));
            Assert.That(directories, Does.Contain(Path.GetFullPath(Path.Combine(assemblyDirectory, "runtimes/linux-x64/native"))));
            Assert.That(directories.Last(), Is.EqualTo(Path.GetFullPath(assemblyDirectory)));
            Assert.That(directories.Distinct().Count(), Is.EqualTo(directories.Count), "no folder is probed twice");
        }
        finally
        {
            Environment.SetEnvironmentVariable(NativeLibraryResolver.DirectoryVariable, saved);
        }
    }

    [Test]
    public void TheBuildCopiesTheNativeLibraryUnderRuntimes()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libsnf_client.so");
        Assert.That(File.Exists(path), Is.True, $"{path} was copied by the build");
    }

    [Test]
    public void TheLibraryLoads()
    {
        using StoreClient client = StoreClient.Open();
        Assert.That(client.Backend, Is.EqualTo("embedded"));
    }
}
