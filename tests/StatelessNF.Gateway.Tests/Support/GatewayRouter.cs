// One snf-click process running a mazu-nat copy in the gateway namespace, driven through
// its ControlSocket (the orchestration library's ProcessNfInstance). Counters are read by
// handler name; anonymous elements (Discard@31, CheckIPHeader@35) are found through the
// router's `list` handler by class prefix.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StatelessNF.Interop.Orchestration;

namespace StatelessNF.Gateway.Tests.Support;

public sealed class GatewayRouter : IDisposable
{
    private GatewayRouter(ProcessNfInstance instance) => Instance = instance;

    public ProcessNfInstance Instance { get; }

    /// <summary>Starts <paramref name="config"/> in <paramref name="ns"/>; throws with snf-click's errors when it does not run.</summary>
    public static GatewayRouter Start(string ns, string config, int index = 0)
    {
        var instance = new ProcessNfInstance(index, config, new Dictionary<string, string>(), networkNamespace: ns)
        {
            StartTimeout = TimeSpan.FromSeconds(15),
        };
        try
        {
            instance.Start();
        }
        catch
        {
            instance.Dispose();
            throw;
        }
        return new GatewayRouter(instance);
    }

    public string Read(string handler) => Instance.Read(handler).Trim();

    public void Write(string handler, string value = "") => Instance.Write(handler, value);

    public long Count(string handler) => long.Parse(Read(handler), NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>The router's element names.</summary>
    public IReadOnlyList<string> Elements() =>
        Read("list").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).ToArray();

    /// <summary>Anonymous elements of class <paramref name="className"/> (named "Class@N").</summary>
    public IReadOnlyList<string> Anonymous(string className) =>
        Elements().Where(e => e.StartsWith(className + "@", StringComparison.Ordinal)).ToArray();

    /// <summary>The sum of handler <paramref name="handler"/> over the anonymous elements of a class.</summary>
    public long Sum(string className, string handler) => Anonymous(className).Sum(e => Count($"{e}.{handler}"));

    public void Dispose() => Instance.Dispose();
}
