// The temporary directory of one test run. "work" is where the script runs and where %file
// files and script outputs live, as in a test directory of Click's harness; "bin" holds the
// `click` link that goes first on PATH; "meta" holds what the runner itself needs (the
// generated scripts, captured standard streams, traces), kept out of the script's sight.
using System;
using System.IO;

namespace StatelessNF.ClickTest;

/// <summary>A test's temporary directory tree.</summary>
public sealed class TestDirectory
{
    private TestDirectory(string root)
    {
        Root = root;
        Work = Path.Combine(root, "work");
        Bin = Path.Combine(root, "bin");
        Meta = Path.Combine(root, "meta");
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(Meta);
    }

    /// <summary>The top of the tree.</summary>
    public string Root { get; }

    /// <summary>The script's working directory.</summary>
    public string Work { get; }

    /// <summary>The folder put first on the script's PATH.</summary>
    public string Bin { get; }

    /// <summary>The runner's own files.</summary>
    public string Meta { get; }

    /// <summary>Creates a new, empty tree under <paramref name="parent"/> (the system temporary folder when null).</summary>
    public static TestDirectory Create(string? parent)
    {
        string root = parent is null
            ? Directory.CreateTempSubdirectory("snf-clicktest-").FullName
            : CreateUnder(parent);
        return new TestDirectory(root);
    }

    /// <summary>The path of <paramref name="relativeName"/> (a name valid for %file) inside the working directory.</summary>
    public string WorkPath(string relativeName)
    {
        string path = Path.GetFullPath(Path.Combine(Work, relativeName));
        if (!path.StartsWith(Work + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new IOException($"'{relativeName}' is outside the test directory");
        return path;
    }

    /// <summary>Writes a %file file, creating its folders; the contents are one character per byte.</summary>
    public void WriteWorkFile(string relativeName, string contents)
    {
        string path = WorkPath(relativeName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, ClickTestFile.ByteEncoding.GetBytes(contents));
    }

    /// <summary>The path of a runner file.</summary>
    public string MetaPath(string name) => Path.Combine(Meta, name);

    /// <summary>Writes a runner file and returns its path.</summary>
    public string WriteMetaFile(string name, string contents)
    {
        string path = MetaPath(name);
        File.WriteAllBytes(path, ClickTestFile.ByteEncoding.GetBytes(contents));
        return path;
    }

    /// <summary>Makes <c>bin/click</c> a symbolic link to <paramref name="clickBinary"/>.</summary>
    public void LinkClick(string clickBinary)
    {
        string link = Path.Combine(Bin, "click");
        if (File.Exists(link) || Directory.Exists(link))
            File.Delete(link);
        File.CreateSymbolicLink(link, clickBinary);
    }

    /// <summary>Removes the tree; failures (say, a file the script made unremovable) are ignored.</summary>
    public void Delete()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the system's temporary-file cleanup.
        }
    }

    private static string CreateUnder(string parent)
    {
        Directory.CreateDirectory(parent);
        for (int attempt = 0; ; attempt++)
        {
            string candidate = Path.Combine(Path.GetFullPath(parent), "snf-clicktest-" + Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal));
            if (!Directory.Exists(candidate))
                return Directory.CreateDirectory(candidate).FullName;
            if (attempt > 100)
                throw new IOException($"cannot find a free directory name under {parent}");
        }
    }
}
