// DeploymentBuilder: describes a deployment (a store tier, one Click configuration, how
// many instances and how they run, the steering element) and starts it. Every instance
// gets these $NAME parameters besides the ones given with WithDefinition:
//   STORE      the store tier's URI            (IPRewriter(..., STORE $STORE, ...))
//   INSTANCE   the instance's number, 0-based
//   INSTANCES  the most instances the deployment may run (MaxInstances)
//   SLICE      "INSTANCE/INSTANCES", the instance's port slice (PORT_SLICE $SLICE)
// Port slices belong to instance numbers, so a restarted instance allocates from the
// same slice and two live instances never share one.
using System;
using System.Collections.Generic;

namespace StatelessNF.Interop.Orchestration;

/// <summary>How a deployment's instances run.</summary>
public enum NfInstanceKind
{
    /// <summary>Each instance is an snf-click process (kill -9 is a real crash).</summary>
    Process,
    /// <summary>Each instance is a router inside this process (they share embedded stores).</summary>
    InProcess,
}

/// <summary>Describes and starts a <see cref="Deployment"/>.</summary>
public sealed class DeploymentBuilder
{
    private readonly Dictionary<string, string> _definitions = new(StringComparer.Ordinal);
    private Func<StoreTier> _store = () => new EmbeddedStoreTier();
    private bool _storeShared;
    private string? _config;
    private int _instances = 1;
    private int _maxInstances = 8;
    private NfInstanceKind _kind = NfInstanceKind.InProcess;
    private string? _steeringElement;
    private int _buckets = 256;
    private readonly List<string> _storeHandlers = new();
    private string? _networkNamespace;

    internal DeploymentBuilder() { }

    /// <summary>Keeps state in the embedded store <paramref name="name"/> (in-process instances only).</summary>
    /// <param name="name">The embedded store's name; a fresh unique one when null.</param>
    public DeploymentBuilder WithEmbeddedStore(string? name = null)
    {
        string storeName = name ?? "deployment-" + Guid.NewGuid().ToString("N")[..12];
        _store = () => new EmbeddedStoreTier(storeName);
        _storeShared = false;
        return this;
    }

    /// <summary>Keeps state in a redis-server master with <paramref name="replicas"/> replicas.</summary>
    /// <param name="replicas">Replicas to start.</param>
    /// <param name="waitReplicas">Replicas each write waits for (the paper's one backup: 1).</param>
    /// <param name="appendOnly">Whether servers keep append-only files.</param>
    public DeploymentBuilder WithRedis(int replicas = 0, int waitReplicas = 0, bool appendOnly = false)
    {
        _store = () => RedisStoreTier.Start(replicas, waitReplicas, appendOnly);
        _storeShared = true;
        return this;
    }

    /// <summary>Keeps state in a Redis Cluster of <paramref name="masters"/> masters.</summary>
    /// <param name="masters">Masters (3 or more for automatic failover).</param>
    /// <param name="replicasPerMaster">Replicas of each master.</param>
    /// <param name="waitReplicas">Replicas each write waits for.</param>
    public DeploymentBuilder WithRedisCluster(int masters = 3, int replicasPerMaster = 0, int waitReplicas = 0)
    {
        _store = () => RedisClusterStoreTier.Start(masters, replicasPerMaster, waitReplicas);
        _storeShared = true;
        return this;
    }

    /// <summary>Uses a store tier the caller built (the deployment disposes it).</summary>
    /// <param name="factory">Creates the running tier when the deployment starts.</param>
    public DeploymentBuilder WithStore(Func<StoreTier> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _store = factory;
        _storeShared = true;
        return this;
    }

    /// <summary>The Click configuration every instance runs.</summary>
    /// <param name="config">Configuration text; may use $STORE, $INSTANCE, $INSTANCES, $SLICE.</param>
    public DeploymentBuilder WithConfiguration(string config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        return this;
    }

    /// <summary>Sets a $NAME parameter for every instance.</summary>
    /// <param name="name">The name, without '$'.</param>
    /// <param name="value">Its value.</param>
    public DeploymentBuilder WithDefinition(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        _definitions[name] = value;
        return this;
    }

    /// <summary>How many instances start, how they run, and how many may run at most.</summary>
    /// <param name="count">Instances started with the deployment.</param>
    /// <param name="kind">Processes or in-process routers.</param>
    /// <param name="maxInstances">The most instances at once (the number of port slices).</param>
    public DeploymentBuilder WithInstances(int count, NfInstanceKind kind = NfInstanceKind.InProcess, int maxInstances = 8)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInstances, 1);
        if (count > maxInstances)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"At most {maxInstances} instances may run.");
        _instances = count;
        _kind = kind;
        _maxInstances = maxInstances;
        return this;
    }

    /// <summary>Runs process instances inside network namespace <paramref name="name"/> (they need root).</summary>
    /// <param name="name">A namespace that exists (see tools/netns/topology.sh).</param>
    public DeploymentBuilder InNetworkNamespace(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _networkNamespace = name;
        return this;
    }

    /// <summary>Steers flows between instances through the FlowSteer element <paramref name="element"/>.</summary>
    /// <param name="element">The FlowSteer element's name in the configuration.</param>
    /// <param name="buckets">Its BUCKETS.</param>
    public DeploymentBuilder WithSteering(string element, int buckets = 256)
    {
        ArgumentException.ThrowIfNullOrEmpty(element);
        _steeringElement = element;
        _buckets = buckets;
        return this;
    }

    /// <summary>
    /// Write handlers that take a new store URI (e.g. "rw.store"); after a store failover the
    /// deployment writes the new URI to them. Without any, instances are restarted one by one.
    /// </summary>
    /// <param name="handlers">Full handler names.</param>
    public DeploymentBuilder WithStoreHandlers(params string[] handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _storeHandlers.AddRange(handlers);
        return this;
    }

    /// <summary>Starts the store tier and the instances, and assigns flows.</summary>
    /// <returns>The running deployment; dispose it to stop everything.</returns>
    /// <exception cref="InvalidOperationException">The description is incomplete or inconsistent.</exception>
    public Deployment Start()
    {
        if (_config is null)
            throw new InvalidOperationException("WithConfiguration was not called: a deployment needs a Click configuration.");
        if (_networkNamespace is not null && _kind != NfInstanceKind.Process)
            throw new InvalidOperationException("Only process instances can run in a network namespace.");
        if (_kind == NfInstanceKind.Process && !_storeShared)
            throw new InvalidOperationException(
                "Process instances cannot share an embedded store (it lives inside one process); use WithRedis or in-process instances.");
        var options = new DeploymentOptions(_config, new Dictionary<string, string>(_definitions, StringComparer.Ordinal), _kind,
                                            _maxInstances, _steeringElement, _buckets, _storeHandlers.ToArray(), _networkNamespace);
        StoreTier store = _store();
        var deployment = new Deployment(store, options);
        try
        {
            for (int i = 0; i < _instances; i++)
                deployment.AddInstance();
            return deployment;
        }
        catch
        {
            deployment.Dispose();
            throw;
        }
    }
}

internal sealed record DeploymentOptions(
    string Config,
    IReadOnlyDictionary<string, string> Definitions,
    NfInstanceKind Kind,
    int MaxInstances,
    string? SteeringElement,
    int Buckets,
    IReadOnlyList<string> StoreHandlers,
    string? NetworkNamespace);
