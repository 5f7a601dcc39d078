// Deployment: a running stateless network function: a store tier, instances running one
// Click configuration, and the steering of flows between them. Scale-out, scale-in,
// failover of an instance and failover of the store are operations on it; a watchdog can
// detect dead instances and hand their flows to the others by itself. Dispose stops
// every instance and server, also after failures.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace StatelessNF.Interop.Orchestration;

/// <summary>A running deployment of a stateless network function.</summary>
/// <example>
/// <code>
/// using Deployment nat = Deployment.Create()
///     .WithRedis(replicas: 1, waitReplicas: 1)
///     .WithConfiguration(config)                  // uses $STORE and $SLICE
///     .WithInstances(2, NfInstanceKind.Process)
///     .WithSteering("steer")
///     .Start();
/// NfInstance added = nat.AddInstance();           // flows rebalanced over 3
/// nat.Kill(nat.Instances[0]);                     // its flows move to the others
/// </code>
/// </example>
public sealed class Deployment : IDisposable
{
    private readonly object _gate = new();
    private readonly DeploymentOptions _options;
    private readonly List<NfInstance> _instances = new();
    private readonly FlowSteering? _steering;
    private Timer? _watchdog;
    private bool _disposed;

    internal Deployment(StoreTier store, DeploymentOptions options)
    {
        Store = store;
        _options = options;
        if (options.SteeringElement is not null)
            _steering = new FlowSteering(options.Buckets, options.SteeringElement);
    }

    /// <summary>Starts describing a deployment.</summary>
    public static DeploymentBuilder Create() => new();

    /// <summary>The store tier.</summary>
    public StoreTier Store { get; }

    /// <summary>The flow steering, or null when the configuration has no FlowSteer element.</summary>
    public FlowSteering? Steering => _steering;

    /// <summary>The instances, running or not, in the order they were added.</summary>
    public IReadOnlyList<NfInstance> Instances
    {
        get
        {
            lock (_gate)
                return _instances.ToArray();
        }
    }

    /// <summary>The running instances.</summary>
    public IReadOnlyList<NfInstance> RunningInstances
    {
        get
        {
            lock (_gate)
                return _instances.Where(i => i.State == NfInstanceState.Running).ToArray();
        }
    }

    /// <summary>Raised (on a timer thread) when the watchdog found an instance dead and moved its flows.</summary>
    public event EventHandler<NfInstance>? InstanceFailed;

    /// <summary>Starts one more instance on the lowest free instance number and rebalances flows.</summary>
    /// <returns>The new, running instance.</returns>
    /// <exception cref="InvalidOperationException">MaxInstances instances already exist.</exception>
    public NfInstance AddInstance()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int index = Enumerable.Range(0, _options.MaxInstances).FirstOrDefault(i => _instances.All(x => x.Index != i), -1);
            if (index < 0)
                throw new InvalidOperationException($"The deployment already has its maximum of {_options.MaxInstances} instances.");
            NfInstance instance = Describe(index);
            try
            {
                instance.Start();
                if (_steering is not null)
                {
                    CheckBuckets(instance);
                    instance.Write($"{_steering.Element}.owned", "none");
                }
            }
            catch
            {
                instance.Dispose();
                throw;
            }
            _instances.Add(instance);
            Rebalance();
            return instance;
        }
    }

    /// <summary>Moves the instance's flows to the others, then stops it and forgets it.</summary>
    /// <param name="instance">One of <see cref="Instances"/>.</param>
    public void RemoveInstance(NfInstance instance)
    {
        lock (_gate)
        {
            Require(instance);
            _instances.Remove(instance);
            Rebalance();
            instance.Stop();
            instance.Dispose();
        }
    }

    /// <summary>Kills the instance (SIGKILL for processes) and hands its flows to the running ones.</summary>
    /// <param name="instance">One of <see cref="Instances"/>.</param>
    public void Kill(NfInstance instance)
    {
        lock (_gate)
        {
            Require(instance);
            instance.Kill();
            Rebalance();
        }
    }

    /// <summary>Starts a stopped or killed instance again (same number, same port slice) and rebalances.</summary>
    /// <param name="instance">One of <see cref="Instances"/>.</param>
    public void Restart(NfInstance instance)
    {
        lock (_gate)
        {
            Require(instance);
            instance.Definitions["STORE"] = Store.Uri;
            instance.Restart();
            if (_steering is not null)
                instance.Write($"{_steering.Element}.owned", "none");
            Rebalance();
        }
    }

    /// <summary>Spreads the buckets evenly over the running instances and tells each its share.</summary>
    public void Rebalance()
    {
        lock (_gate)
        {
            if (_steering is null)
                return;
            var running = _instances.Where(i => i.State == NfInstanceState.Running).ToList();
            _steering.Balance(running.Select(i => i.Index).ToList());
            _steering.Apply(running);
        }
    }

    /// <summary>Checks every running instance; dead ones are marked killed and their flows move.</summary>
    /// <returns>The instances found dead.</returns>
    public IReadOnlyList<NfInstance> CheckHealth()
    {
        List<NfInstance> dead;
        lock (_gate)
        {
            if (_disposed)
                return Array.Empty<NfInstance>();
            dead = _instances.Where(i => i.State == NfInstanceState.Running && !i.CheckHealth()).ToList();
            foreach (NfInstance instance in dead)
                instance.Kill();
            if (dead.Count > 0)
                Rebalance();
        }
        foreach (NfInstance instance in dead)
            InstanceFailed?.Invoke(this, instance);
        return dead;
    }

    /// <summary>Checks health every <paramref name="interval"/> until disposed (or called again).</summary>
    /// <param name="interval">Time between checks.</param>
    public void StartWatchdog(TimeSpan interval)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _watchdog?.Dispose();
            _watchdog = new Timer(_ => CheckHealth(), null, interval, interval);
        }
    }

    /// <summary>
    /// Fails the store over to a replica (the tier must be a <see cref="RedisStoreTier"/>)
    /// and points every running instance at the new master.
    /// </summary>
    /// <returns>How long the whole failover took.</returns>
    public TimeSpan FailoverStore()
    {
        var clock = Stopwatch.StartNew();
        if (Store is not RedisStoreTier redis)
            throw new InvalidOperationException($"The store tier {Store} has no replicas to fail over to.");
        string uri = redis.PromoteReplica();
        lock (_gate)
        {
            foreach (NfInstance instance in _instances.Where(i => i.State == NfInstanceState.Running).ToList())
            {
                instance.Definitions["STORE"] = uri;
                if (_options.StoreHandlers.Count > 0)
                    foreach (string handler in _options.StoreHandlers)
                        instance.Write(handler, uri);
                else
                    Restart(instance);
            }
        }
        return clock.Elapsed;
    }

    /// <summary>Sums a numeric read handler over the running instances (e.g. "c.count").</summary>
    /// <param name="handler">The handler's full name.</param>
    public long Sum(string handler) =>
        RunningInstances.Sum(i => long.Parse(i.Read(handler).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture));

    /// <summary>Stops every instance and the store tier.</summary>
    public void Dispose()
    {
        List<NfInstance> instances;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _watchdog?.Dispose();
            instances = _instances.ToList();
            _instances.Clear();
        }
        foreach (NfInstance instance in instances)
            instance.Dispose();
        Store.Dispose();
    }

    private NfInstance Describe(int index)
    {
        var definitions = new Dictionary<string, string>(_options.Definitions, StringComparer.Ordinal)
        {
            ["STORE"] = Store.Uri,
            ["INSTANCE"] = index.ToString(CultureInfo.InvariantCulture),
            ["INSTANCES"] = _options.MaxInstances.ToString(CultureInfo.InvariantCulture),
            ["SLICE"] = string.Create(CultureInfo.InvariantCulture, $"{index}/{_options.MaxInstances}"),
        };
        return _options.Kind == NfInstanceKind.Process
            ? new ProcessNfInstance(index, _options.Config, definitions, networkNamespace: _options.NetworkNamespace)
            : new InProcessNfInstance(index, _options.Config, definitions);
    }

    // The orchestrator's bucket map must match the element's BUCKETS, or shares would
    // name buckets that do not exist (or leave some unowned).
    private void CheckBuckets(NfInstance instance)
    {
        string text = instance.Read($"{_steering!.Element}.buckets").Trim();
        if (text != _steering.Buckets.ToString(CultureInfo.InvariantCulture))
            throw new InvalidOperationException(
                $"{instance.Name}: {_steering.Element} has BUCKETS {text}, but the deployment steers {_steering.Buckets} buckets; " +
                "pass the same number to WithSteering.");
    }

    private void Require(NfInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_instances.Contains(instance))
            throw new ArgumentException($"{instance.Name} does not belong to this deployment.", nameof(instance));
    }
}
