// Parses the generator's command line into GeneratorOptions. Options take their value as
// the next argument or after '='; --include and --exclude-header may repeat. Anything
// unknown, missing or repeated is a usage error, never silently ignored.
namespace StatelessNF.BindingsGenerator;

/// <summary>Command-line parsing for the generator.</summary>
internal static class CommandLine
{
    public const string Usage =
        """
        usage: dotnet run --project bindings/generator -- --header FILE.h [--include DIR]...
                 --library NAME --namespace NS --class NAME --out FILE.g.cs
                 [--exclude-header FILE.h]... [--clang PATH] [--root DIR] [--check]

          --header FILE.h          the C header to bind
          --include DIR            include root passed to clang as -I (repeatable); headers
                                   under the root holding FILE.h are bound with it, headers
                                   under other roots are only referenced (each is bound
                                   into its own generated file)
          --exclude-header FILE.h  a header under the same root that is bound into another
                                   generated file: used, not emitted here (repeatable)
          --library NAME           native library name for [LibraryImport], e.g. snf_client
          --namespace NS           namespace of the generated file
          --class NAME             static partial class holding the imports
          --out FILE.g.cs          the generated file
          --clang PATH             clang to run (default: clang, then clang-14, from PATH)
          --root DIR               repository root for the relative paths written into the
                                   file (default: the nearest directory above the header
                                   holding .git)
          --check                  do not write: exit 1 and print a diff if FILE.g.cs differs
                                   from what would be generated, exit 0 if identical

        exit codes: 0 generated or up to date, 1 --check found a difference, 2 error
        """;

    /// <summary>The parsed options, or null when help was asked for.</summary>
    public static GeneratorOptions? Parse(IReadOnlyList<string> args)
    {
        string? header = null, library = null, ns = null, className = null, output = null, clang = null, root = null;
        var includes = new List<string>();
        var excluded = new List<string>();
        bool check = false;

        for (int i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            string? inlineValue = null;
            if (argument.StartsWith("--", StringComparison.Ordinal) && argument.IndexOf('=') is var eq and > 2)
            {
                inlineValue = argument[(eq + 1)..];
                argument = argument[..eq];
            }

            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new BindingsGeneratorException($"{argument} needs a value");
                }
                return args[++i];
            }

            void Once(ref string? slot)
            {
                if (slot is not null)
                {
                    throw new BindingsGeneratorException($"{argument} given twice");
                }
                slot = Value();
            }

            switch (argument)
            {
                case "-h":
                case "--help":
                    return null;
                case "--header":
                    Once(ref header);
                    break;
                case "--include":
                    includes.Add(Value());
                    break;
                case "--exclude-header":
                    excluded.Add(Value());
                    break;
                case "--library":
                    Once(ref library);
                    break;
                case "--namespace":
                    Once(ref ns);
                    break;
                case "--class":
                    Once(ref className);
                    break;
                case "--out":
                    Once(ref output);
                    break;
                case "--clang":
                    Once(ref clang);
                    break;
                case "--root":
                    Once(ref root);
                    break;
                case "--check":
                    if (inlineValue is not null)
                    {
                        throw new BindingsGeneratorException("--check takes no value");
                    }
                    check = true;
                    break;
                default:
                    throw new BindingsGeneratorException($"unknown argument '{args[i]}'");
            }
        }

        var missing = new List<string>();
        if (header is null) missing.Add("--header");
        if (library is null) missing.Add("--library");
        if (ns is null) missing.Add("--namespace");
        if (className is null) missing.Add("--class");
        if (output is null) missing.Add("--out");
        if (missing.Count > 0)
        {
            throw new BindingsGeneratorException($"missing {string.Join(", ", missing)}");
        }

        return new GeneratorOptions
        {
            HeaderPath = header!,
            IncludeDirectories = includes,
            ExcludedHeaders = excluded,
            LibraryName = library!,
            Namespace = ns!,
            ClassName = className!,
            OutputPath = output!,
            CheckOnly = check,
            ClangPath = clang,
            RepositoryRoot = root,
        };
    }
}
