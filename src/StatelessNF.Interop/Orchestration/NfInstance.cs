// NfInstance: one running copy of a deployment's network function, whichever way it
// runs (an snf-click process, or a router inside this process). The orchestrator only
// needs what Click itself offers: read and write handlers, a health check through them,
// and start / kill / stop.
using System;
using System.Collections.Generic;

namespace StatelessNF.Interop.Orchestration;

/// <summary>The life of an <see cref="NfInstance"/>.</summary>
public enum NfInstanceState
{
    /// <summary>Described, not started yet (or stopped cleanly).</summary>
    Stopped,
    /// <summary>Running and answering its handlers.</summary>
    Running,
    /// <summary>Killed (SIGKILL for processes, abandoned for in-process routers).</summary>
    Killed,
}

/// <summary>One instance of a deployment's network function.</summary>
public abstract class NfInstance : IDisposable
{
    /// <summary>Creates the description of instance <paramref name="index"/>.</summary>
    /// <param name="index">The instance's number in its deployment (also its port slice).</param>
    /// <param name="config">The Click configuration.</param>
    /// <param name="definitions">Values of the configuration's $NAME parameters.</param>
    protected NfInstance(int index, string config, IReadOnlyDictionary<string, string> definitions)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(definitions);
        Index = index;
        Config = config;
        Definitions = new Dictionary<string, string>(definitions, StringComparer.Ordinal);
    }

    /// <summary>The instance's number in its deployment.</summary>
    public int Index { get; }

    /// <summary>A name for messages: "instance 2".</summary>
    public string Name => $"instance {Index}";

    /// <summary>The Click configuration it runs.</summary>
    public string Config { get; }

    /// <summary>The $NAME values it runs with; changes apply at the next start.</summary>
    public Dictionary<string, string> Definitions { get; }

    /// <summary>Where it is in its life.</summary>
    public NfInstanceState State { get; protected set; } = NfInstanceState.Stopped;

    /// <summary>Starts the instance and waits until it answers.</summary>
    public abstract void Start();

    /// <summary>Ends the instance abruptly, as a crash would; nothing is flushed.</summary>
    public abstract void Kill();

    /// <summary>Stops the instance cleanly (its driver stops, cleanup runs).</summary>
    public abstract void Stop();

    /// <summary>Kills (if running) and starts the instance again with its current definitions.</summary>
    public void Restart()
    {
        if (State == NfInstanceState.Running)
            Kill();
        Start();
    }

    /// <summary>Reads handler <paramref name="handler"/> ("element.name" or a global one).</summary>
    /// <param name="handler">The handler's full name.</param>
    /// <returns>Its value.</returns>
    public abstract string Read(string handler);

    /// <summary>Writes <paramref name="value"/> to handler <paramref name="handler"/>.</summary>
    /// <param name="handler">The handler's full name.</param>
    /// <param name="value">The value.</param>
    public abstract void Write(string handler, string value = "");

    /// <summary>Whether the instance runs and answers a read of the global <c>version</c> handler.</summary>
    /// <returns>True when healthy.</returns>
    public bool CheckHealth()
    {
        if (State != NfInstanceState.Running)
            return false;
        try
        {
            return Read("version").Length > 0;
        }
        catch (Exception failure) when (failure is Click.ClickException or Click.ClickControlException or System.IO.IOException
                                            or System.Net.Sockets.SocketException or InvalidOperationException
                                            or TimeoutException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Kills the instance if it runs and releases what it holds.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the instance's process or router.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected abstract void Dispose(bool disposing);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({State})";
}
