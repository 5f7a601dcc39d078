// StoreTier: the store a deployment's instances keep their flow state in, as a running
// thing the orchestrator owns: its URI (what instances pass to STORE), a health check,
// and clean disposal of every server it started.
using System;

namespace StatelessNF.Interop.Orchestration;

/// <summary>A running store tier of a <see cref="Deployment"/>.</summary>
public abstract class StoreTier : IDisposable
{
    /// <summary>The URI instances open (any <see cref="StoreClient.Open(string)"/> URI).</summary>
    public abstract string Uri { get; }

    /// <summary>Whether instances in other processes can share this store.</summary>
    public abstract bool IsSharedAcrossProcesses { get; }

    /// <summary>Raised after the tier's URI changed (a replica was promoted).</summary>
    public event EventHandler<string>? UriChanged;

    /// <summary>Opens a client on the tier and pings it.</summary>
    /// <returns>True when the store answers.</returns>
    public bool IsHealthy()
    {
        try
        {
            using StoreClient client = StoreClient.Open(Uri);
            client.Ping();
            return true;
        }
        catch (StoreException)
        {
            return false;
        }
    }

    /// <summary>Stops every server of the tier and deletes its data.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the tier's servers.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing) { }

    /// <summary>Tells subscribers the URI changed.</summary>
    /// <param name="uri">The new URI.</param>
    protected void OnUriChanged(string uri) => UriChanged?.Invoke(this, uri);
}

/// <summary>The in-process embedded store: shared by every client and router of this process.</summary>
public sealed class EmbeddedStoreTier : StoreTier
{
    /// <summary>Describes the embedded store named <paramref name="name"/> (the default store when empty).</summary>
    /// <param name="name">The store's name: instances of one deployment share it, other deployments do not.</param>
    public EmbeddedStoreTier(string name = "")
    {
        ArgumentNullException.ThrowIfNull(name);
        Uri = name.Length == 0 ? "embedded:" : "embedded:" + name;
    }

    /// <inheritdoc />
    public override string Uri { get; }

    /// <inheritdoc />
    public override bool IsSharedAcrossProcesses => false;

    /// <inheritdoc />
    public override string ToString() => Uri;
}
