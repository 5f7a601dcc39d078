// The generator as a library: runs clang over a header, builds the declaration model,
// emits C#, and then either writes the file (only when its content changed, so builds that
// depend on it are not invalidated) or, in check mode, compares it with the file on disk.
// The command line (Program) and tests both call Run.
namespace StatelessNF.BindingsGenerator;

/// <summary>What a run did.</summary>
public enum GenerationStatus
{
    /// <summary>The output file was created or its content replaced.</summary>
    Written,

    /// <summary>The output file already had exactly the generated content; it was not touched.</summary>
    Unchanged,

    /// <summary>Check mode: the file on disk matches the generated content.</summary>
    UpToDate,

    /// <summary>Check mode: the file on disk is missing or differs; see <see cref="GenerationResult.Diff"/>.</summary>
    OutOfDate,
}

/// <summary>The outcome of one run.</summary>
/// <param name="Status">What happened to the output file.</param>
/// <param name="OutputPath">The output file, relative to the repository root.</param>
/// <param name="Source">The generated C# source.</param>
/// <param name="Diff">For <see cref="GenerationStatus.OutOfDate"/>: how the file on disk differs.</param>
/// <param name="Warnings">clang's warnings and declarations that were skipped.</param>
public sealed record GenerationResult(
    GenerationStatus Status,
    string OutputPath,
    string Source,
    string Diff,
    IReadOnlyList<string> Warnings);

/// <summary>Generates C# bindings for one C header.</summary>
public static class BindingGenerator
{
    /// <summary>
    /// Generates the bindings for <paramref name="options"/> and writes or checks the output
    /// file. Throws <see cref="BindingsGeneratorException"/> for bad options, a header clang
    /// rejects, or declarations that cannot be bound.
    /// </summary>
    public static GenerationResult Run(GeneratorOptions options)
    {
        var baseDirectory = Path.GetFullPath(options.BaseDirectory ?? Environment.CurrentDirectory);
        string Resolve(string path) =>
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(baseDirectory, path)));

        Validate(options);
        var header = Resolve(options.HeaderPath);
        if (!File.Exists(header))
        {
            throw new BindingsGeneratorException($"header not found: {options.HeaderPath}");
        }
        var includes = options.IncludeDirectories.Select(Resolve).ToList();
        foreach (var (include, given) in includes.Zip(options.IncludeDirectories))
        {
            if (!Directory.Exists(include))
            {
                throw new BindingsGeneratorException($"include directory not found: {given}");
            }
        }
        var excluded = options.ExcludedHeaders.Select(Resolve).ToList();
        var output = Resolve(options.OutputPath);
        var root = options.RepositoryRoot is { } explicitRoot
            ? Resolve(explicitRoot)
            : FindRepositoryRoot(Path.GetDirectoryName(header)!) ?? baseDirectory;

        var scope = new HeaderScope(header, includes, excluded, root);
        var clang = ClangRunner.Locate(options.ClangPath);
        var dump = ClangRunner.DumpAst(clang, header, includes);
        var ast = ClangAstReader.Read(dump.Json);
        var unit = DeclarationCollector.Collect(ast, scope);

        var settings = new EmitterSettings(
            options.Namespace,
            options.ClassName,
            options.LibraryName,
            scope.RelativeHeader,
            RegenerateCommand(options, scope, includes, excluded, output));
        var emitted = CSharpEmitter.Emit(unit, settings);

        var warnings = dump.Diagnostics.Select(d => "clang: " + d).Concat(emitted.Warnings).ToList();
        var relativeOutput = scope.Relative(output);
        var existing = ReadIfExists(output);

        if (options.CheckOnly)
        {
            if (existing is null)
            {
                return new GenerationResult(GenerationStatus.OutOfDate, relativeOutput, emitted.Source,
                    $"{relativeOutput} does not exist\n", warnings);
            }
            var diff = TextDiff.Unified(existing, emitted.Source,
                $"{relativeOutput} (on disk)", $"{relativeOutput} (generated)");
            return new GenerationResult(
                diff.Length == 0 ? GenerationStatus.UpToDate : GenerationStatus.OutOfDate,
                relativeOutput, emitted.Source, diff, warnings);
        }

        if (existing == emitted.Source)
        {
            return new GenerationResult(GenerationStatus.Unchanged, relativeOutput, emitted.Source, "", warnings);
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            File.WriteAllText(output, emitted.Source, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BindingsGeneratorException($"cannot write {relativeOutput}: {e.Message}", e);
        }
        return new GenerationResult(GenerationStatus.Written, relativeOutput, emitted.Source, "", warnings);
    }

    private static void Validate(GeneratorOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.HeaderPath))
        {
            throw new BindingsGeneratorException("no header given (--header)");
        }
        if (string.IsNullOrWhiteSpace(options.OutputPath))
        {
            throw new BindingsGeneratorException("no output file given (--out)");
        }
        if (string.IsNullOrEmpty(options.LibraryName) ||
            options.LibraryName.Any(c => c is '"' or '\\' || char.IsControl(c)))
        {
            throw new BindingsGeneratorException($"invalid library name '{options.LibraryName}' (--library)");
        }
        if (string.IsNullOrEmpty(options.Namespace) || !options.Namespace.Split('.').All(CSharpNames.IsIdentifier))
        {
            throw new BindingsGeneratorException($"invalid namespace '{options.Namespace}' (--namespace)");
        }
        if (!CSharpNames.IsIdentifier(options.ClassName))
        {
            throw new BindingsGeneratorException($"invalid class name '{options.ClassName}' (--class)");
        }
    }

    // The command that reproduces this file, spelled with repository-relative paths so the
    // generated text is the same wherever and however the generator was invoked.
    private static string RegenerateCommand(GeneratorOptions options, HeaderScope scope,
        IEnumerable<string> includes, IEnumerable<string> excluded, string output)
    {
        var parts = new List<string> { "dotnet run --project bindings/generator --", "--header", scope.RelativeHeader };
        foreach (var include in includes)
        {
            parts.Add("--include");
            parts.Add(scope.Relative(include));
        }
        foreach (var header in excluded)
        {
            parts.Add("--exclude-header");
            parts.Add(scope.Relative(header));
        }
        parts.AddRange(["--library", options.LibraryName, "--namespace", options.Namespace,
            "--class", options.ClassName, "--out", scope.Relative(output)]);
        return string.Join(' ', parts);
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var marker = Path.Combine(directory.FullName, ".git");
            if (Directory.Exists(marker) || File.Exists(marker))
            {
                return directory.FullName;
            }
        }
        return null;
    }

    private static string? ReadIfExists(string path)
    {
        try
        {
            // Decoded without BOM detection, so a byte-order mark counts as a difference.
            return File.Exists(path) ? System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BindingsGeneratorException($"cannot read {path}: {e.Message}", e);
        }
    }
}
