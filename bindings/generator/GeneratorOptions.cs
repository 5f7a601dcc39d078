// The inputs of one generation: which header to bind, how clang finds its includes, and
// the names of the generated library import, namespace, class and file. Relative paths are
// resolved against BaseDirectory, so tests can run the generator in-process from any
// working directory.
namespace StatelessNF.BindingsGenerator;

/// <summary>Options for binding one C header into one generated C# file.</summary>
public sealed record GeneratorOptions
{
    /// <summary>The header to bind, e.g. native/ramcloud-shim/include/snf/snf_client.h.</summary>
    public required string HeaderPath { get; init; }

    /// <summary>
    /// Include roots passed to clang as -I. Headers under the root that holds the header are
    /// bound with it; headers under the other roots are referenced but not emitted.
    /// </summary>
    public IReadOnlyList<string> IncludeDirectories { get; init; } = [];

    /// <summary>
    /// Headers under the header's own include root that are bound into another generated
    /// file of the same namespace: their declarations may be used but are not emitted again.
    /// </summary>
    public IReadOnlyList<string> ExcludedHeaders { get; init; } = [];

    /// <summary>The native library name used in [LibraryImport], e.g. snf_client.</summary>
    public required string LibraryName { get; init; }

    /// <summary>The C# namespace of the generated file.</summary>
    public required string Namespace { get; init; }

    /// <summary>The static partial class holding the imports, e.g. SnfClientNative.</summary>
    public required string ClassName { get; init; }

    /// <summary>The generated file, e.g. bindings/generated/SnfClientNative.g.cs.</summary>
    public required string OutputPath { get; init; }

    /// <summary>Compare with the file on disk instead of writing it.</summary>
    public bool CheckOnly { get; init; }

    /// <summary>The clang executable (path or name on PATH); null tries clang, then clang-14.</summary>
    public string? ClangPath { get; init; }

    /// <summary>
    /// The repository root that paths in the generated file are relative to; null means
    /// the nearest directory above the header that contains .git.
    /// </summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>The directory relative paths are resolved against; null means the current directory.</summary>
    public string? BaseDirectory { get; init; }
}
