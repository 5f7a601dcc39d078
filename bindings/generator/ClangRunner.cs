// Finds clang and runs it over one header to get the JSON AST dump. The header is parsed
// as C11 with every comment kept (-fparse-all-comments) so plain /* */ comments document
// declarations too. clang's stdout is the dump; its stderr carries diagnostics, which are
// returned so warnings in the bound header are shown and errors abort generation.
using System.Diagnostics;

namespace StatelessNF.BindingsGenerator;

/// <summary>The JSON AST of a header and the warnings clang printed while reading it.</summary>
internal sealed record ClangOutput(byte[] Json, IReadOnlyList<string> Diagnostics);

/// <summary>Locates and runs clang.</summary>
internal static class ClangRunner
{
    private static readonly string[] DefaultNames = ["clang", "clang-14"];
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The clang executable to use: <paramref name="requested"/> (a path, or a name looked up
    /// on PATH) when given, else the first of "clang" and "clang-14" found on PATH.
    /// </summary>
    public static string Locate(string? requested)
    {
        if (!string.IsNullOrEmpty(requested))
        {
            return Find(requested)
                ?? throw new BindingsGeneratorException($"clang not found: '{requested}' (--clang)");
        }
        foreach (var name in DefaultNames)
        {
            if (Find(name) is { } found)
            {
                return found;
            }
        }
        throw new BindingsGeneratorException(
            "clang not found on PATH (tried clang, clang-14); install it (Debian: apt-get install clang) or pass --clang PATH");
    }

    private static string? Find(string nameOrPath)
    {
        if (nameOrPath.Contains('/') || nameOrPath.Contains(Path.DirectorySeparatorChar))
        {
            return File.Exists(nameOrPath) ? Path.GetFullPath(nameOrPath) : null;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, nameOrPath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Runs clang over <paramref name="header"/> and returns its AST dump.</summary>
    public static ClangOutput DumpAst(string clang, string header, IEnumerable<string> includeDirectories)
    {
        var start = new ProcessStartInfo(clang)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "-x", "c", "-std=c11", "-fsyntax-only", "-fparse-all-comments",
                     "-fno-color-diagnostics", "-Xclang", "-ast-dump=json",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var directory in includeDirectories)
        {
            start.ArgumentList.Add("-I" + directory);
        }
        start.ArgumentList.Add(header);

        Process process;
        try
        {
            process = Process.Start(start)
                ?? throw new BindingsGeneratorException($"could not start {clang}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BindingsGeneratorException($"could not start {clang}: {e.Message}", e);
        }

        using (process)
        {
            // Both pipes are drained concurrently so a full stderr can never stall the dump.
            using var json = new MemoryStream();
            var stdout = process.StandardOutput.BaseStream.CopyToAsync(json);
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new BindingsGeneratorException($"{clang} did not finish within {Timeout.TotalSeconds} s");
            }
            stdout.GetAwaiter().GetResult();
            var diagnostics = stderr.GetAwaiter().GetResult()
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.TrimEnd('\r'))
                .ToList();

            if (process.ExitCode != 0)
            {
                var details = diagnostics.Count > 0 ? ":\n" + string.Join('\n', diagnostics) : "";
                throw new BindingsGeneratorException($"clang could not parse {header} (exit code {process.ExitCode}){details}");
            }
            return new ClangOutput(json.ToArray(), diagnostics);
        }
    }
}
