// Copies of the shared mazu-nat.click made by tools/netns/mazu-nat-config.sh: the
// topology's addresses in AddressInfo and, for the stateless modes, MODE and STORE on the
// rewriters; the failover copies also carry FlowSteer elements and their own TAP names.
using System;
using System.Collections.Generic;
using System.IO;

namespace StatelessNF.Gateway.Tests.Support;

public sealed record MazuNatOptions(
    string Mode = "native",
    string? Store = null,
    string? PortSlice = null,
    bool Steer = false,
    string? HostTap = null,
    bool Sniffers = true);

public static class MazuNatConfig
{
    /// <summary>The configuration text for <paramref name="topology"/> with <paramref name="options"/>.</summary>
    public static string Generate(Topology topology, MazuNatOptions options)
    {
        string script = RepositoryPaths.NetnsTool("mazu-nat-config.sh") ?? throw new FileNotFoundException("tools/netns/mazu-nat-config.sh");
        var arguments = new List<string> { script, "--topology", "-", "--mode", options.Mode };
        if (options.Store is not null)
            arguments.AddRange(new[] { "--store", options.Store });
        if (options.PortSlice is not null)
            arguments.AddRange(new[] { "--port-slice", options.PortSlice });
        if (options.Steer)
            arguments.Add("--steer");
        if (options.HostTap is not null)
            arguments.AddRange(new[] { "--host-tap", options.HostTap });
        if (!options.Sniffers)
            arguments.Add("--no-sniffers");
        arguments.Add(RepositoryPaths.MazuNat()!);
        CommandResult result = Command.Run("bash", arguments, TimeSpan.FromSeconds(30), input: topology.Report);
        if (!result.Succeeded)
            throw new InvalidOperationException($"mazu-nat-config.sh failed: {result}");
        return result.Output;
    }
}
