// SnfClickExecutable: finds the snf-click command for process instances: $SNF_CLICK,
// then beside the native libraries (runtimes/linux-x64/native, where the package puts
// it), then build/native/bin of a source tree above the application.
using System;
using System.IO;

namespace StatelessNF.Interop.Orchestration;

/// <summary>Locates the <c>snf-click</c> executable.</summary>
public static class SnfClickExecutable
{
    /// <summary>The environment variable that names the executable explicitly.</summary>
    public const string Variable = "SNF_CLICK";

    /// <summary>The path of snf-click.</summary>
    /// <returns>An existing file.</returns>
    /// <exception cref="FileNotFoundException">No snf-click was found; the message lists where it looked.</exception>
    public static string Find()
    {
        string? configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(configured))
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException($"{Variable} names '{configured}', which does not exist.", configured);

        string baseDirectory = AppContext.BaseDirectory;
        string packaged = Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", "snf-click");
        if (File.Exists(packaged))
            return EnsureExecutable(packaged);
        for (DirectoryInfo? folder = new(baseDirectory); folder is not null; folder = folder.Parent)
        {
            string built = Path.Combine(folder.FullName, "build", "native", "bin", "snf-click");
            if (File.Exists(built))
                return built;
        }
        throw new FileNotFoundException(
            $"snf-click was not found: set {Variable}, or keep it in runtimes/linux-x64/native beside the application, " +
            "or build the native tree (build/native/bin/snf-click).", "snf-click");
    }

    // NuGet extracts package files without their execute bits; give them back (to the
    // owner, group and others that may read the file).
    private static string EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
            return path;
        UnixFileMode mode = File.GetUnixFileMode(path);
        UnixFileMode wanted = mode
            | (mode.HasFlag(UnixFileMode.UserRead) ? UnixFileMode.UserExecute : 0)
            | (mode.HasFlag(UnixFileMode.GroupRead) ? UnixFileMode.GroupExecute : 0)
            | (mode.HasFlag(UnixFileMode.OtherRead) ? UnixFileMode.OtherExecute : 0);
        if (wanted != mode)
        {
            try
            {
                File.SetUnixFileMode(path, wanted);
            }
            catch (UnauthorizedAccessException failure)
            {
                throw new UnauthorizedAccessException(
                    $"{path} is not executable and cannot be made so; run chmod +x on it or set {Variable}.", failure);
            }
        }
        return path;
    }
}
