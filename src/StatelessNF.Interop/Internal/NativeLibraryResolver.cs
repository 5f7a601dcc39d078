// Finds the project's native libraries (libsnf_client and any other lib*.so the build
// ships) for the generated [LibraryImport] declarations. NuGet lays native assets out under
// runtimes/<rid>/native, which the default probing of a plain build output (or a test
// runner's folder) does not look into, so the assembly registers its own resolver when it
// is loaded and probes, in order: SNF_NATIVE_DIR, the application's runtimes folder, the
// assembly's runtimes folder, the assembly's folder, then the runtime's default search. A
// project library that is found nowhere fails with a message listing every place tried.
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StatelessNF.Interop.Internal;

internal static class NativeLibraryResolver
{
    /// <summary>Environment variable naming a folder that holds the native libraries.</summary>
    internal const string DirectoryVariable = "SNF_NATIVE_DIR";

    // Names of the project's own libraries start with this; only those fail loudly here.
    private const string ProjectPrefix = "snf";
    private const string RuntimeFolder = "runtimes/linux-x64/native";

    private static readonly Dictionary<string, IntPtr> Loaded = new(StringComparer.Ordinal);

#pragma warning disable CA2255 // The resolver must be in place before the first native call, whoever makes it.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(libraryName, out IntPtr handle))
            {
                handle = Load(libraryName, assembly, searchPath);
                Loaded[libraryName] = handle;
            }
            return handle;
        }
    }

    private static IntPtr Load(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        string fileName = FileNameOf(libraryName);
        var probed = new List<string>();
        foreach (string directory in CandidateDirectories(assembly))
        {
            string path = Path.Combine(directory, fileName);
            probed.Add(path);
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out IntPtr handle))
                return handle;
        }

        if (!libraryName.StartsWith(ProjectPrefix, StringComparison.Ordinal))
            return IntPtr.Zero;  // not one of ours: let the runtime apply its default rules

        probed.Add($"the default search for '{libraryName}'");
        if (NativeLibrary.TryLoad(libraryName, assembly, searchPath, out IntPtr fallback))
            return fallback;

        throw new DllNotFoundException(
            $"The StatelessNF native library {fileName} could not be loaded. Places tried, in order: " +
            string.Join("; ", probed) +
            $". Build it with cmake (native/CMakeLists.txt) or set {DirectoryVariable} to the folder that holds it.");
    }

    /// <summary>The folders probed before the default search, in order, without duplicates.</summary>
    internal static IReadOnlyList<string> CandidateDirectories(Assembly assembly)
    {
        var directories = new List<string>();
        void Add(string? directory)
        {
            if (string.IsNullOrEmpty(directory))
                return;
            string full = Path.GetFullPath(directory);
            if (!directories.Contains(full))
                directories.Add(full);
        }

        Add(Environment.GetEnvironmentVariable(DirectoryVariable));
        Add(Path.Combine(AppContext.BaseDirectory, RuntimeFolder));
        // Location is empty for single-file and native AOT applications; BaseDirectory covers those.
#pragma warning disable IL3000
        string? assemblyDirectory = string.IsNullOrEmpty(assembly.Location) ? null : Path.GetDirectoryName(assembly.Location);
#pragma warning restore IL3000
        if (assemblyDirectory is not null)
        {
            Add(Path.Combine(assemblyDirectory, RuntimeFolder));
            Add(assemblyDirectory);
        }
        return directories;
    }

    private static string FileNameOf(string name) =>
        OperatingSystem.IsWindows() ? name + ".dll"
        : OperatingSystem.IsMacOS() ? "lib" + name + ".dylib"
        : "lib" + name + ".so";
}
