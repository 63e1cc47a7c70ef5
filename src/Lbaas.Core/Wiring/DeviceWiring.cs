using Lbaas.Storage;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Model;
using Ml2.Plugin;

namespace Lbaas.Wiring;

/// <summary>
/// Wires load balancers into devices through the public ML2 plugin API.
/// <list type="bullet">
/// <item>VIP port: one per load balancer, in the load balancer's project (an admin acting in it), on the VIP network,
/// one fixed IP from the VIP subnet (or the first IPv4 subnet of the network when none is given), device owner
/// <see cref="DeviceOwners.LoadBalancer"/>, device id = load balancer id, name <c>lb-vip-{lbId}</c>, <b>no binding
/// host</b>: the VIP is an address the device answers for (as Octavia's VIP port is an unbound address holder whose
/// address the amphora's own port carries), not an attachment.</item>
/// <item>Device ports: one per (device, network) for the VIP network and the member network, in the operator's
/// <see cref="DeviceWiringOptions.ServiceProjectId"/>, device owner <see cref="DeviceOwners.LoadBalancer"/>, device
/// id = device id, name <c>lb-device-{deviceId}-{networkId}</c>, binding host = <see cref="Device.HostId"/> so a
/// mechanism driver binds the switch port facing the device. Shared by every load balancer of the device on that
/// network.</item>
/// </list>
/// This file holds wiring and unwiring with their rollback and the device lease; the two kinds of port are in
/// DeviceWiring.VipPort.cs and DeviceWiring.DevicePorts.cs.
/// </summary>
internal sealed partial class DeviceWiring : IDeviceWiring, IDisposable
{
    private readonly IMl2Plugin _ml2;
    private readonly ILogger<DeviceWiring> _logger;
    private readonly CallerContext _service;
    private readonly WiringLocks _locks = new();
    private readonly ILeaseStore? _leases;
    private readonly TimeProvider _time;
    private readonly TimeSpan _leaseDuration;

    public DeviceWiring(IMl2Plugin ml2, IOptions<DeviceWiringOptions> options, ILogger<DeviceWiring> logger, ILeaseStore? leases = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(ml2);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var serviceProject = options.Value.ServiceProjectId;
        if (string.IsNullOrWhiteSpace(serviceProject))
        {
            throw new OptionsValidationException(
                nameof(DeviceWiringOptions), typeof(DeviceWiringOptions),
                [$"{nameof(DeviceWiringOptions.ServiceProjectId)}: the project that owns the devices' ports must not be empty."]);
        }

        _ml2 = ml2;
        _logger = logger;
        _service = CallerContext.Admin(serviceProject);
        _leases = leases;
        _time = time ?? TimeProvider.System;
        _leaseDuration = options.Value.WiringLeaseDuration > TimeSpan.Zero ? options.Value.WiringLeaseDuration : TimeSpan.FromSeconds(30);
    }

    /// <summary>This process's name as a lease owner: the containers of one process share it (they serialise through their own locks).</summary>
    private static string LeaseOwner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public ValueTask<WiringResult> WireAsync(Device device, LoadBalancer loadBalancer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(loadBalancer);
        ArgumentException.ThrowIfNullOrWhiteSpace(device.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(device.HostId);
        ArgumentException.ThrowIfNullOrWhiteSpace(loadBalancer.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(loadBalancer.TenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(loadBalancer.VipNetworkId);
        return _locks.RunAsync(device.Id, loadBalancer.Id, ct => UnderDeviceLeaseAsync(device.Id, c => WireCoreAsync(device, loadBalancer, c), ct), cancellationToken);
    }

    public ValueTask UnwireAsync(Device device, LoadBalancer loadBalancer, IReadOnlySet<string> networksStillUsed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(networksStillUsed);
        return UnwireAsync(device, loadBalancer, _ => ValueTask.FromResult(networksStillUsed), cancellationToken);
    }

    public async ValueTask UnwireAsync(Device device, LoadBalancer loadBalancer, Func<CancellationToken, ValueTask<IReadOnlySet<string>>> networksStillUsed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(loadBalancer);
        ArgumentNullException.ThrowIfNull(networksStillUsed);
        ArgumentException.ThrowIfNullOrWhiteSpace(device.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(loadBalancer.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(loadBalancer.TenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(loadBalancer.VipNetworkId);
        await _locks.RunAsync(device.Id, loadBalancer.Id, ct => UnderDeviceLeaseAsync(device.Id, async c =>
        {
            await UnwireCoreAsync(device, loadBalancer, await networksStillUsed(c).ConfigureAwait(false), c).ConfigureAwait(false);
            return true;
        }, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> holding the device's wiring lease in the state store, so controller instances
    /// sharing the store never create or remove the same device's ports at once (within one instance the wiring locks
    /// already serialise it). Waits for another instance's lease, up to twice its duration.
    /// </summary>
    private async ValueTask<T> UnderDeviceLeaseAsync<T>(string deviceId, Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        if (_leases is null)
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }

        var name = "device-wiring:" + deviceId;
        var giveUpAt = _time.GetUtcNow() + (2 * _leaseDuration);
        while (!await _leases.TryAcquireLeaseAsync(name, LeaseOwner, _time.GetUtcNow(), _leaseDuration, cancellationToken).ConfigureAwait(false))
        {
            if (_time.GetUtcNow() >= giveUpAt)
            {
                throw new TimeoutException($"Device {deviceId}: another controller instance has held its wiring lease for over {2 * _leaseDuration}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _leases.ReleaseLeaseAsync(name, LeaseOwner, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public void Dispose() => _locks.Dispose();

    /// <summary>The networks the device is wired into for a load balancer: the VIP network, then the member network if different.</summary>
    private static List<string> NetworksOf(LoadBalancer loadBalancer)
    {
        var networks = new List<string>(2) { loadBalancer.VipNetworkId };
        if (!string.IsNullOrEmpty(loadBalancer.MemberNetworkId)
            && !string.Equals(loadBalancer.MemberNetworkId, loadBalancer.VipNetworkId, StringComparison.Ordinal))
        {
            networks.Add(loadBalancer.MemberNetworkId);
        }

        return networks;
    }

    private async ValueTask<WiringResult> WireCoreAsync(Device device, LoadBalancer loadBalancer, CancellationToken cancellationToken)
    {
        var networks = NetworksOf(loadBalancer);
        var created = new List<(string PortId, CallerContext Caller)>(networks.Count + 1);
        try
        {
            // Every network must exist before anything is created (ResourceNotFoundException, as ML2 raises it).
            foreach (var networkId in networks)
            {
                await _ml2.GetNetworkAsync(_service, networkId, cancellationToken).ConfigureAwait(false);
            }

            var (vipPort, vipAddress) = await EnsureVipPortAsync(loadBalancer, created, cancellationToken).ConfigureAwait(false);
            var devicePorts = new Dictionary<string, string>(StringComparer.Ordinal);
            var unbound = new List<string>();
            foreach (var networkId in networks)
            {
                var port = await EnsureDevicePortAsync(device, networkId, created, cancellationToken).ConfigureAwait(false);
                devicePorts[networkId] = port.Id;
                if (VifTypes.IsUnbound(port.Binding.VifType))
                {
                    unbound.Add(port.Id);
                    Log.DevicePortNotBound(_logger, port.Id, device.Id, networkId, device.HostId, port.Binding.VifType);
                }
            }

            Log.Wired(_logger, loadBalancer.Id, device.Id, vipPort.Id, vipAddress, devicePorts.Count, created.Count);
            return new WiringResult(vipPort.Id, vipAddress, devicePorts) { UnboundDevicePortIds = unbound };
        }
        catch (Exception ex) when (created.Count > 0)
        {
            Log.WiringFailedRollingBack(_logger, loadBalancer.Id, device.Id, created.Count, ex);
            await DeleteCreatedAsync(created).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Removes what a failed wire created, newest first; never throws (the wiring error is what the caller sees).</summary>
    private async ValueTask DeleteCreatedAsync(List<(string PortId, CallerContext Caller)> created)
    {
        for (var i = created.Count - 1; i >= 0; i--)
        {
            var (portId, caller) = created[i];
            try
            {
                await _ml2.DeletePortAsync(caller, portId, CancellationToken.None).ConfigureAwait(false);
                Log.PortDeleted(_logger, portId);
            }
            catch (ResourceNotFoundException)
            {
                Log.PortAlreadyGone(_logger, portId);
            }
            catch (Exception ex)
            {
                Log.RollbackDeleteFailed(_logger, portId, ex);
            }
        }
    }

    private async ValueTask UnwireCoreAsync(Device device, LoadBalancer loadBalancer, IReadOnlySet<string> networksStillUsed, CancellationToken cancellationToken)
    {
        var failures = new List<Exception>();
        var deleted = 0;

        var vipCaller = VipCaller(loadBalancer);
        foreach (var port in await FindVipPortsAsync(vipCaller, loadBalancer, cancellationToken).ConfigureAwait(false))
        {
            deleted += await TryDeleteAsync(vipCaller, port.Id, failures, cancellationToken).ConfigureAwait(false);
        }

        var released = NetworksOf(loadBalancer).Where(n => !networksStillUsed.Contains(n)).ToArray();
        if (released.Length > 0)
        {
            foreach (var port in await FindDevicePortsAsync(device.Id, released, cancellationToken).ConfigureAwait(false))
            {
                deleted += await TryDeleteAsync(_service, port.Id, failures, cancellationToken).ConfigureAwait(false);
            }
        }

        if (failures.Count > 0)
        {
            // Every port was tried; the first error keeps its type (a retry deletes the rest, the call is idempotent).
            ExceptionDispatchInfo.Throw(failures[0]);
        }

        Log.Unwired(_logger, loadBalancer.Id, device.Id, deleted, released.Length);
    }

    /// <summary>Deletes one port: 1 when deleted, 0 when already gone or failed (the failure is collected).</summary>
    private async ValueTask<int> TryDeleteAsync(CallerContext caller, string portId, List<Exception> failures, CancellationToken cancellationToken)
    {
        try
        {
            await _ml2.DeletePortAsync(caller, portId, cancellationToken).ConfigureAwait(false);
            Log.PortDeleted(_logger, portId);
            return 1;
        }
        catch (ResourceNotFoundException)
        {
            Log.PortAlreadyGone(_logger, portId);
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.UnwireDeleteFailed(_logger, portId, ex);
            failures.Add(ex);
            return 0;
        }
    }
}
