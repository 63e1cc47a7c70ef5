using System.Collections.Concurrent;
using System.Collections.Immutable;
using Lbaas.Devices;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Storage;

/// <summary>
/// The default <see cref="ILbaasStateStore"/>: everything in memory, shared by every host that is given the same
/// instance. Objects: the committed state is an immutable map replaced on commit, so readers never wait and never see
/// a unit's changes early; units are serialised by an async lock and keep their changes in a private overlay until
/// commit. Devices, claims and agents: plain maps behind one short lock each, every method atomic.
/// </summary>
internal sealed class InMemoryLbaasStateStore : ILbaasStateStore, IDisposable
{
    private static readonly ImmutableDictionary<Type, ImmutableDictionary<string, Entry>> NoObjects = ImmutableDictionary<Type, ImmutableDictionary<string, Entry>>.Empty;

    private readonly SemaphoreSlim _writerGate = new(1, 1);
    // Each device changes under its own row's lock, so claims on different devices never wait for each other.
    private readonly ConcurrentDictionary<string, DeviceRow> _devices = new(StringComparer.Ordinal);
    // Which device holds each (load balancer, slot): one claim per slot across all devices (taken under the row's lock).
    private readonly ConcurrentDictionary<(string LoadBalancerId, int Slot), string> _placements = new();
    private readonly Lock _agentGate = new();
    private readonly Dictionary<string, (string Owner, DateTimeOffset ExpiresAt)> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentRecord> _agents = new(StringComparer.Ordinal);
    private ImmutableDictionary<Type, ImmutableDictionary<string, Entry>> _objects = NoObjects;
    private long _sequence;

    public ValueTask<T?> FindAsync<T>(string id, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(id);
        _ = LbaasStoredTypes.KeyOf(typeof(T));
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Find<T>(Volatile.Read(ref _objects), id));
    }

    public ValueTask<IReadOnlyList<T>> ListAsync<T>(CancellationToken cancellationToken = default)
        where T : class
    {
        _ = LbaasStoredTypes.KeyOf(typeof(T));
        cancellationToken.ThrowIfCancellationRequested();
        var table = Volatile.Read(ref _objects).GetValueOrDefault(typeof(T));
        return ValueTask.FromResult<IReadOnlyList<T>>(Ordered<T>(table?.Values ?? []));
    }

    public async ValueTask<TResult> WriteAsync<TResult>(Func<ILbaasStateWriter, ValueTask<TResult>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _writerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = new Writer(this, _objects);
            TResult result;
            try
            {
                result = await work(writer).ConfigureAwait(false);
            }
            finally
            {
                writer.Close();
            }

            cancellationToken.ThrowIfCancellationRequested();
            Volatile.Write(ref _objects, writer.Apply(_objects));
            return result;
        }
        finally
        {
            _writerGate.Release();
        }
    }

    public ValueTask<Device?> FindDeviceAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Row(deviceId) is { } row ? row.Read(r => r.Device) : null);
    }

    public ValueTask<DeviceState?> FindDeviceStateAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Row(deviceId) is { } row ? row.Read(r => r.State()) : null);
    }

    public ValueTask<IReadOnlyList<Device>> ListDevicesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var devices = _devices.Values.Select(r => r.Read(d => d.Device)).OfType<Device>().ToArray();
        Array.Sort(devices, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return ValueTask.FromResult<IReadOnlyList<Device>>(devices);
    }

    public ValueTask<IReadOnlyList<DeviceState>> ListDeviceStatesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var states = _devices.Values.Select(r => r.Read(d => d.State())).OfType<DeviceState>().ToArray();
        Array.Sort(states, static (a, b) => string.CompareOrdinal(a.Device.Id, b.Device.Id));
        return ValueTask.FromResult<IReadOnlyList<DeviceState>>(states);
    }

    public ValueTask<Device> AddDeviceAsync(Device device, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        cancellationToken.ThrowIfCancellationRequested();
        var stored = device with { RevisionNumber = 1 };
        if (!_devices.TryAdd(device.Id, new DeviceRow(stored)))
        {
            throw new ConflictException($"Device {device.Id} already exists.");
        }

        return ValueTask.FromResult(stored);
    }

    public ValueTask<Device> UpdateDeviceAsync(Device device, long expectedRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        cancellationToken.ThrowIfCancellationRequested();
        var row = Row(device.Id) ?? throw new ResourceNotFoundException("Device", device.Id);
        lock (row.Gate)
        {
            if (row.Removed)
            {
                throw new ResourceNotFoundException("Device", device.Id);
            }

            if (row.Revision != expectedRevision)
            {
                throw new ConcurrencyConflictException("Device", device.Id, expectedRevision, row.Revision);
            }

            if (!string.Equals(device.Provider, row.Device.Provider, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("A device's provider cannot change.");
            }

            row.Device = device with { RevisionNumber = expectedRevision + 1 };
            return ValueTask.FromResult(row.Device);
        }
    }

    public ValueTask<DeviceRemoval> RemoveDeviceAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        cancellationToken.ThrowIfCancellationRequested();
        if (Row(deviceId) is not { } row)
        {
            return ValueTask.FromResult(new DeviceRemoval(DeviceRemovalStatus.NotFound, 0));
        }

        lock (row.Gate)
        {
            if (row.Removed)
            {
                return ValueTask.FromResult(new DeviceRemoval(DeviceRemovalStatus.NotFound, 0));
            }

            if (row.Claims.Count > 0)
            {
                return ValueTask.FromResult(new DeviceRemoval(DeviceRemovalStatus.HostsLoadBalancers, row.Claims.Count));
            }

            row.Removed = true;   // a claim waiting for this lock now sees the device gone
            _devices.TryRemove(deviceId, out _);
            return ValueTask.FromResult(new DeviceRemoval(DeviceRemovalStatus.Removed, 0));
        }
    }

    public ValueTask<ClaimResult> TryClaimAsync(string deviceId, LoadBalancerClaim claim, long? expectedDeviceRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(claim);
        cancellationToken.ThrowIfCancellationRequested();
        if (Row(deviceId) is not { } row)
        {
            return ValueTask.FromResult(new ClaimResult(ClaimStatus.NotFound, 0));
        }

        lock (row.Gate)
        {
            return ValueTask.FromResult(row.Removed ? new ClaimResult(ClaimStatus.NotFound, 0) : TryClaimCore(row, deviceId, claim, expectedDeviceRevision, _placements));
        }
    }

    public ValueTask<long?> ReleaseClaimAsync(string deviceId, string loadBalancerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(loadBalancerId);
        cancellationToken.ThrowIfCancellationRequested();
        if (Row(deviceId) is not { } row)
        {
            return ValueTask.FromResult<long?>(null);
        }

        lock (row.Gate)
        {
            if (row.Removed || !row.Claims.Remove(loadBalancerId, out var claim))
            {
                return ValueTask.FromResult<long?>(null);
            }

            _placements.TryRemove(KeyValuePair.Create((claim.LoadBalancerId, claim.Slot), deviceId));

            var (vip, member) = NetworkPair(claim);
            Unuse(row, vip);
            if (member is not null)
            {
                Unuse(row, member);
            }

            return ValueTask.FromResult<long?>(row.Bump());
        }
    }

    public ValueTask<long?> SetClaimVipAddressAsync(string deviceId, string loadBalancerId, string vipAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(loadBalancerId);
        ArgumentNullException.ThrowIfNull(vipAddress);
        cancellationToken.ThrowIfCancellationRequested();
        if (Row(deviceId) is not { } row)
        {
            return ValueTask.FromResult<long?>(null);
        }

        lock (row.Gate)
        {
            if (row.Removed || !row.Claims.TryGetValue(loadBalancerId, out var claim))
            {
                return ValueTask.FromResult<long?>(null);
            }

            if (string.Equals(claim.VipAddress, vipAddress, StringComparison.Ordinal))
            {
                return ValueTask.FromResult<long?>(row.Revision);
            }

            row.Claims[loadBalancerId] = claim with { VipAddress = vipAddress };
            return ValueTask.FromResult<long?>(row.Bump());
        }
    }

    public ValueTask<IReadOnlyList<DeviceClaim>> ListClaimsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var claims = _devices.Values
            .SelectMany(r => r.Read(d => d.Claims.Values.Select(c => new DeviceClaim(d.Device.Id, c)).ToArray()) ?? [])
            .ToArray();
        Array.Sort(claims, static (a, b) =>
        {
            var byDevice = string.CompareOrdinal(a.DeviceId, b.DeviceId);
            return byDevice != 0 ? byDevice : string.CompareOrdinal(a.Claim.LoadBalancerId, b.Claim.LoadBalancerId);
        });
        return ValueTask.FromResult<IReadOnlyList<DeviceClaim>>(claims);
    }

    public ValueTask UpsertAgentHeartbeatAsync(string agentId, DateTimeOffset heartbeatAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agentId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_agentGate)
        {
            _agents[agentId] = _agents.TryGetValue(agentId, out var agent)
                ? agent with { HeartbeatAt = heartbeatAt > agent.HeartbeatAt ? heartbeatAt : agent.HeartbeatAt }
                : new AgentRecord(agentId, heartbeatAt, TakenOver: false);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> SetAgentTakenOverAsync(string agentId, bool takenOver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_agentGate)
        {
            if (!_agents.TryGetValue(agentId, out var agent) || agent.TakenOver == takenOver)
            {
                return ValueTask.FromResult(false);
            }

            _agents[agentId] = agent with { TakenOver = takenOver };
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<IReadOnlyList<AgentRecord>> ListAgentsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_agentGate)
        {
            return ValueTask.FromResult<IReadOnlyList<AgentRecord>>([.. _agents.Values.OrderBy(a => a.Id, StringComparer.Ordinal)]);
        }
    }

    public ValueTask<bool> RemoveAgentAsync(string agentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_agentGate)
        {
            return ValueTask.FromResult(_agents.Remove(agentId));
        }
    }

    public void Dispose() => _writerGate.Dispose();

    private static T? Find<T>(ImmutableDictionary<Type, ImmutableDictionary<string, Entry>> objects, string id)
        where T : class =>
        objects.TryGetValue(typeof(T), out var table) && table.TryGetValue(id, out var entry) ? (T)entry.Value : null;

    private static T[] Ordered<T>(IEnumerable<Entry> entries)
    {
        var array = entries.ToArray();
        Array.Sort(array, static (a, b) => a.Sequence.CompareTo(b.Sequence));
        var values = new T[array.Length];
        for (var i = 0; i < array.Length; i++)
        {
            values[i] = (T)array[i].Value;
        }

        return values;
    }

    // The VIP network and the member network when it differs (null otherwise).
    private static (string Vip, string? Member) NetworkPair(LoadBalancerClaim claim) =>
        (claim.VipNetworkId, claim.MemberNetworkId is { } m && !string.Equals(m, claim.VipNetworkId, StringComparison.Ordinal) ? m : null);

    // Counts one claim less on a network; forgets the network with its last claim.
    private static void Unuse(DeviceRow row, string network)
    {
        if (--row.Networks[network] == 0)
        {
            row.Networks.Remove(network);
        }
    }

    private DeviceRow? Row(string deviceId) => _devices.TryGetValue(deviceId, out var row) ? row : null;

    /// <summary>Judges and records a claim; the caller holds the row's lock.</summary>
    private static ClaimResult TryClaimCore(DeviceRow row, string deviceId, LoadBalancerClaim claim, long? expectedRevision, ConcurrentDictionary<(string LoadBalancerId, int Slot), string> placements)
    {
        var revision = row.Revision;
        if (expectedRevision is { } expected && expected != revision)
        {
            return new ClaimResult(ClaimStatus.RevisionConflict, revision);
        }

        if (row.Claims.ContainsKey(claim.LoadBalancerId))
        {
            return new ClaimResult(ClaimStatus.AlreadyClaimed, revision);
        }

        var placement = (claim.LoadBalancerId, claim.Slot);
        if (placements.TryGetValue(placement, out var placedOn))
        {
            return new ClaimResult(ClaimStatus.AlreadyPlaced, revision) { PlacedOnDeviceId = placedOn };
        }

        if (ClaimAdmission.Evaluate(row.Capacity, new RowLoad(row), claim.VipNetworkId, claim.MemberNetworkId) is var admission and not ClaimStatus.Claimed)
        {
            return new ClaimResult(admission, revision);
        }

        if (!placements.TryAdd(placement, deviceId))
        {
            // Another device's claim of the slot won meanwhile (it holds only its own row's lock).
            return new ClaimResult(ClaimStatus.AlreadyPlaced, revision) { PlacedOnDeviceId = placements.GetValueOrDefault(placement) };
        }

        row.Claims.Add(claim.LoadBalancerId, claim);
        var (vip, member) = NetworkPair(claim);
        row.Networks[vip] = row.Networks.GetValueOrDefault(vip) + 1;
        if (member is not null)
        {
            row.Networks[member] = row.Networks.GetValueOrDefault(member) + 1;
        }

        return new ClaimResult(ClaimStatus.Claimed, row.Bump());
    }

    private sealed record Entry(long Sequence, object Value);

    /// <summary>A row's load, as <see cref="ClaimAdmission"/> reads it (the caller holds the row's lock).</summary>
    private readonly struct RowLoad(DeviceRow row) : IDeviceLoad
    {
        public int ClaimCount => row.Claims.Count;

        public int NetworkCount => row.Networks.Count;

        public bool IsWiredTo(string networkId) => row.Networks.ContainsKey(networkId);
    }

    private sealed class DeviceRow(Device device)
    {
        private Device _device = device;

        /// <summary>Guards every field of the row.</summary>
        public Lock Gate { get; } = new();

        /// <summary>Set (under <see cref="Gate"/>) when the device is removed: a caller that found the row before sees it gone.</summary>
        public bool Removed { get; set; }

        /// <summary>The row's revision; kept apart from the record so a claim or release allocates no new record.</summary>
        public long Revision { get; private set; } = device.RevisionNumber;

        /// <summary>
        /// The stored device at <see cref="Revision"/> (under <see cref="Gate"/>): the record is rebuilt, once, when read
        /// after claims or releases moved the revision.
        /// </summary>
        public Device Device
        {
            get => _device.RevisionNumber == Revision ? _device : _device = _device with { RevisionNumber = Revision };
            set
            {
                _device = value;
                Revision = value.RevisionNumber;
            }
        }

        /// <summary>The device's capacity (read without rebuilding the record).</summary>
        public DeviceCapacity Capacity => _device.Capacity;

        /// <summary>Reads the row under its lock; null once the device is removed.</summary>
        public T? Read<T>(Func<DeviceRow, T> read)
            where T : class
        {
            lock (Gate)
            {
                return Removed ? null : read(this);
            }
        }

        public Dictionary<string, LoadBalancerClaim> Claims { get; } = new(StringComparer.Ordinal);

        // How many claims use each network.
        public Dictionary<string, int> Networks { get; } = new(StringComparer.Ordinal);

        public DeviceState State()
        {
            var claims = Claims.Values.ToArray();
            Array.Sort(claims, static (a, b) => string.CompareOrdinal(a.LoadBalancerId, b.LoadBalancerId));
            return new DeviceState(Device, claims);
        }

        public long Bump() => ++Revision;
    }

    private sealed class Writer(InMemoryLbaasStateStore store, ImmutableDictionary<Type, ImmutableDictionary<string, Entry>> committed) : ILbaasStateWriter
    {
        // This unit's changes by type and id; a null entry is a deletion.
        private readonly Dictionary<Type, Dictionary<string, Entry?>> _changes = [];
        private bool _closed;

        public ValueTask<T?> FindAsync<T>(string id, CancellationToken cancellationToken = default)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(id);
            Check<T>();
            return ValueTask.FromResult(Current(typeof(T), id)?.Value as T);
        }

        public ValueTask<IReadOnlyList<T>> ListAsync<T>(CancellationToken cancellationToken = default)
            where T : class
        {
            Check<T>();
            var table = committed.GetValueOrDefault(typeof(T));
            if (!_changes.TryGetValue(typeof(T), out var changes))
            {
                return ValueTask.FromResult<IReadOnlyList<T>>(Ordered<T>(table?.Values ?? []));
            }

            var merged = new Dictionary<string, Entry>(StringComparer.Ordinal);
            if (table is not null)
            {
                foreach (var (id, entry) in table)
                {
                    merged[id] = entry;
                }
            }

            foreach (var (id, entry) in changes)
            {
                if (entry is null)
                {
                    merged.Remove(id);
                }
                else
                {
                    merged[id] = entry;
                }
            }

            return ValueTask.FromResult<IReadOnlyList<T>>(Ordered<T>(merged.Values));
        }

        public ValueTask<T> InsertAsync<T>(T value, CancellationToken cancellationToken = default)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(value);
            Check<T>();
            var id = LbaasStoredTypes.IdOf(value);
            if (Current(typeof(T), id) is not null)
            {
                throw new ConflictException($"{LbaasStoredTypes.ResourceName(typeof(T))} {id} already exists.");
            }

            if (value is LoadBalancer lb)
            {
                value = (T)(object)(lb with { RevisionNumber = 1 });
            }

            Changes(typeof(T))[id] = new Entry(Interlocked.Increment(ref store._sequence), value);
            return ValueTask.FromResult(value);
        }

        public ValueTask<T> UpdateAsync<T>(T value, CancellationToken cancellationToken = default)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(value);
            Check<T>();
            var id = LbaasStoredTypes.IdOf(value);
            var current = Current(typeof(T), id) ?? throw new ResourceNotFoundException(LbaasStoredTypes.ResourceName(typeof(T)), id);
            if (value is LoadBalancer lb)
            {
                var stored = (LoadBalancer)current.Value;
                if (stored.RevisionNumber != lb.RevisionNumber)
                {
                    throw new ConcurrencyConflictException(LbaasStoredTypes.ResourceName(typeof(T)), id, lb.RevisionNumber, stored.RevisionNumber);
                }

                value = (T)(object)(lb with { RevisionNumber = stored.RevisionNumber + 1 });
            }

            Changes(typeof(T))[id] = current with { Value = value };
            return ValueTask.FromResult(value);
        }

        public ValueTask<bool> DeleteAsync<T>(string id, CancellationToken cancellationToken = default)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(id);
            Check<T>();
            if (Current(typeof(T), id) is null)
            {
                return ValueTask.FromResult(false);
            }

            Changes(typeof(T))[id] = null;
            return ValueTask.FromResult(true);
        }

        public void Close() => _closed = true;

        public ImmutableDictionary<Type, ImmutableDictionary<string, Entry>> Apply(ImmutableDictionary<Type, ImmutableDictionary<string, Entry>> objects)
        {
            foreach (var (type, changes) in _changes)
            {
                var table = (objects.GetValueOrDefault(type) ?? ImmutableDictionary.Create<string, Entry>(StringComparer.Ordinal)).ToBuilder();
                foreach (var (id, entry) in changes)
                {
                    if (entry is null)
                    {
                        table.Remove(id);
                    }
                    else
                    {
                        table[id] = entry;
                    }
                }

                objects = objects.SetItem(type, table.ToImmutable());
            }

            return objects;
        }

        private Entry? Current(Type type, string id) =>
            _changes.TryGetValue(type, out var changes) && changes.TryGetValue(id, out var changed)
                ? changed
                : committed.TryGetValue(type, out var table) && table.TryGetValue(id, out var entry) ? entry : null;

        private Dictionary<string, Entry?> Changes(Type type)
        {
            if (!_changes.TryGetValue(type, out var changes))
            {
                changes = new Dictionary<string, Entry?>(StringComparer.Ordinal);
                _changes[type] = changes;
            }

            return changes;
        }

        private void Check<T>()
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _ = LbaasStoredTypes.KeyOf(typeof(T));
        }
    }

    public ValueTask<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        lock (_leases)
        {
            if (_leases.TryGetValue(name, out var held) && held.ExpiresAt > now && !string.Equals(held.Owner, owner, StringComparison.Ordinal))
            {
                return ValueTask.FromResult(false);
            }

            _leases[name] = (owner, now + duration);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(owner);
        lock (_leases)
        {
            return ValueTask.FromResult(
                _leases.TryGetValue(name, out var held) && string.Equals(held.Owner, owner, StringComparison.Ordinal) && _leases.Remove(name));
        }
    }
}
