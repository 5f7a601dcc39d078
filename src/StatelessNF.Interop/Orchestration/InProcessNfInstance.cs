// InProcessNfInstance: an instance that is a Router inside this process, running on its
// own thread. It shares the process's embedded stores with the other in-process
// instances, which makes it the cheap way to test steering and failover. "Kill" stops
// the router without a clean driver stop and drops it: the state it kept only locally
// (native mode) is gone, as with a crash; what it put in the store stays.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using StatelessNF.Interop.Click;

namespace StatelessNF.Interop.Orchestration;

/// <summary>An instance running as an in-process <see cref="Router"/>.</summary>
public sealed class InProcessNfInstance : NfInstance
{
    private readonly object _gate = new();
    private Router? _router;
    private Task? _run;
    private bool _disposed;

    /// <summary>Describes an instance; nothing runs until <see cref="Start"/>.</summary>
    /// <param name="index">The instance's number.</param>
    /// <param name="config">The Click configuration.</param>
    /// <param name="definitions">Values of its $NAME parameters.</param>
    public InProcessNfInstance(int index, string config, IReadOnlyDictionary<string, string> definitions)
        : base(index, config, definitions) { }

    /// <summary>The running router, or null.</summary>
    public Router? Router
    {
        get
        {
            lock (_gate)
                return _router;
        }
    }

    /// <inheritdoc />
    public override void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (State == NfInstanceState.Running)
                throw new InvalidOperationException($"{Name} is already running.");
            Router router = Router.Create(Config, $"instance{Index}.click", Definitions);
            _router = router;
            _run = router.RunAsync();
            State = NfInstanceState.Running;
        }
    }

    /// <inheritdoc />
    public override void Kill() => End(NfInstanceState.Killed);

    /// <inheritdoc />
    public override void Stop() => End(NfInstanceState.Stopped);

    /// <inheritdoc />
    public override string Read(string handler) => RunningRouter().ReadHandler(handler);

    /// <inheritdoc />
    public override void Write(string handler, string value = "") => RunningRouter().WriteHandler(handler, value);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        End(NfInstanceState.Stopped);
    }

    private Router RunningRouter()
    {
        lock (_gate)
            return State == NfInstanceState.Running && _router is not null
                ? _router
                : throw new InvalidOperationException($"{Name} is not running.");
    }

    private void End(NfInstanceState next)
    {
        Router? router;
        Task? run;
        lock (_gate)
        {
            router = _router;
            run = _run;
            _router = null;
            _run = null;
            State = next;
        }
        if (router is null)
            return;
        try
        {
            router.Stop();
            run?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // A run that failed has ended too; nothing more to wait for.
        }
        catch (ClickException)
        {
            // Already stopped.
        }
        finally
        {
            router.Dispose();
        }
    }
}
