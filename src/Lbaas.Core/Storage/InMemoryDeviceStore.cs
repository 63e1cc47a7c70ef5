using System.Collections.Concurrent;
using Lbaas.Devices;
using Ml2.Exceptions;

namespace Lbaas.Storage;

/// <summary>
/// The default <see cref="IDeviceStore"/>: devices and their claims in memory, shared by every host that is given the
/// same instance. Each device changes under its own row's lock, every method atomic; a claim is judged by
/// <see cref="ClaimAdmission"/> under that lock.
/// </summary>
internal sealed class InMemoryDeviceStore : IDeviceStore
{
    // Each device changes under its own row's lock, so claims on different devices never wait for each other.
    private readonly ConcurrentDictionary<string, DeviceRow> _devices = new(StringComparer.Ordinal);
    // Which device holds each (load balancer, slot): one claim per slot across all devices (taken under the row's lock).
    private readonly ClaimSlotIndex _placements = new();

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

            _placements.Free((claim.LoadBalancerId, claim.Slot), deviceId);

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
    private static ClaimResult TryClaimCore(DeviceRow row, string deviceId, LoadBalancerClaim claim, long? expectedRevision, ClaimSlotIndex placements)
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
        if (placements.Find(placement) is { } placedOn)
        {
            return new ClaimResult(ClaimStatus.AlreadyPlaced, revision) { PlacedOnDeviceId = placedOn };
        }

        if (ClaimAdmission.Evaluate(row.Capacity, new RowLoad(row), claim.VipNetworkId, claim.MemberNetworkId) is var admission and not ClaimStatus.Claimed)
        {
            return new ClaimResult(admission, revision);
        }

        if (!placements.TryTake(placement, deviceId, out var holder))
        {
            // Another device's claim of the slot won meanwhile (it holds only its own row's lock).
            return new ClaimResult(ClaimStatus.AlreadyPlaced, revision) { PlacedOnDeviceId = holder };
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
}
