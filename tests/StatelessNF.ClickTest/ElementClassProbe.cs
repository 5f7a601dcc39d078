// Asks a click binary whether it knows an element class, by letting it read the one-line
// configuration "x :: NAME" without running it (-q). An "unknown element class" error means
// the class is missing; any other outcome (even a configuration error) means it exists.
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace StatelessNF.ClickTest;

/// <summary>Checks which element classes a click binary lacks.</summary>
public sealed class ElementClassProbe
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    private readonly string _clickBinary;
    private readonly Dictionary<string, bool> _known = new(StringComparer.Ordinal);

    /// <summary>Creates a probe for the binary at <paramref name="clickBinary"/>.</summary>
    public ElementClassProbe(string clickBinary) => _clickBinary = clickBinary;

    /// <summary>True when the binary reports <paramref name="className"/> as an unknown element class; answers are remembered.</summary>
    public bool IsMissing(string className)
    {
        if (!ElementClassDiagnostics.IsClassName(className))
            return false;
        lock (_known)
        {
            if (_known.TryGetValue(className, out bool missing))
                return missing;
        }
        bool result = Probe(className);
        lock (_known)
            _known[className] = result;
        return result;
    }

    private bool Probe(string className)
    {
        var start = new ProcessStartInfo(_clickBinary)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-q");
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add($"probe :: {className}");
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return false;
        }
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ProbeTimeout))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception)
            {
                // Exited meanwhile.
            }
            return false;
        }
        process.WaitForExit();
        if (!errors.Wait(ProbeTimeout) || !output.Wait(ProbeTimeout))
            return false;
        return ElementClassDiagnostics.UnknownClasses(errors.Result).Contains(className);
    }
}
