// CongestionControl: the TCP congestion control algorithms of this machine, as its /proc
// names them (new namespaces start with the default of the initial one, where the
// evaluation runs).
namespace StatelessNF.Evaluation;

/// <summary>The machine's TCP congestion control algorithms.</summary>
public static class CongestionControl
{
    /// <summary>The default algorithm, or "unknown".</summary>
    public static string MachineDefault() => Read("tcp_congestion_control").FirstOrDefault() ?? "unknown";

    /// <summary>The algorithms a socket may choose (as root).</summary>
    public static IReadOnlyList<string> Available() => Read("tcp_available_congestion_control");

    private static string[] Read(string name)
    {
        try
        {
            return File.ReadAllText(Path.Combine("/proc/sys/net/ipv4", name))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }
}
