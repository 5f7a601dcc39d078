// Decides, for each file clang mentions, whether its declarations belong in the generated
// file: the bound header and the headers under the same include root do; headers under the
// other include roots, and headers named with --exclude-header, are bound into their own
// generated files and are only referenced; system headers never appear. Also turns
// absolute paths into repository-relative ones so output never depends on where the
// repository is checked out.
namespace StatelessNF.BindingsGenerator;

/// <summary>Classifies source files and renders them relative to the repository root.</summary>
internal sealed class HeaderScope
{
    private readonly string _header;
    private readonly IReadOnlyList<string> _ownRoots;
    private readonly IReadOnlyList<string> _otherRoots;
    private readonly HashSet<string> _excludedHeaders;
    private readonly string _repositoryRoot;

    public HeaderScope(string header, IEnumerable<string> includeRoots, IEnumerable<string> excludedHeaders,
        string repositoryRoot)
    {
        _header = Normalize(header);
        var roots = includeRoots.Select(r => Normalize(r).TrimEnd('/') + "/").ToList();
        _ownRoots = roots.Where(r => _header.StartsWith(r, StringComparison.Ordinal)).ToList();
        _otherRoots = roots.Except(_ownRoots).ToList();
        if (_ownRoots.Count == 0)
        {
            // A header outside every include root is bound with the headers next to it.
            _ownRoots = [Path.GetDirectoryName(_header)!.TrimEnd('/') + "/"];
        }
        _excludedHeaders = new HashSet<string>(excludedHeaders.Select(Normalize), StringComparer.Ordinal);
        _repositoryRoot = Normalize(repositoryRoot);
    }

    /// <summary>Where a declaration found in <paramref name="file"/> belongs.</summary>
    public DeclarationOrigin Classify(string? file)
    {
        if (string.IsNullOrEmpty(file))
        {
            return DeclarationOrigin.System;
        }
        var path = Normalize(file);
        if (path == _header)
        {
            return DeclarationOrigin.Bound;
        }
        if (_excludedHeaders.Contains(path))
        {
            return DeclarationOrigin.External;
        }
        if (_ownRoots.Any(root => path.StartsWith(root, StringComparison.Ordinal)))
        {
            return DeclarationOrigin.Bound;
        }
        return _otherRoots.Any(root => path.StartsWith(root, StringComparison.Ordinal))
            ? DeclarationOrigin.External
            : DeclarationOrigin.System;
    }

    /// <summary>The path relative to the repository root, with '/' separators.</summary>
    public string Relative(string path) => RelativeTo(_repositoryRoot, path);

    /// <summary>The header being bound, relative to the repository root.</summary>
    public string RelativeHeader => Relative(_header);

    public static string RelativeTo(string root, string path)
    {
        var relative = Path.GetRelativePath(root, Normalize(path)).Replace('\\', '/');
        return relative;
    }

    private static string Normalize(string path) => Path.GetFullPath(path).Replace('\\', '/');
}
