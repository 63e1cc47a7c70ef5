using Microsoft.Extensions.Logging;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Lbaas.Wiring;

/// <summary>
/// The data ports of a device: one per (device, network), in the service project, bound on the device's host; shared by
/// every load balancer of the device on that network.
/// </summary>
internal sealed partial class DeviceWiring
{
    /// <summary>The name of a device's data port on a network.</summary>
    public static string DevicePortName(string deviceId, string networkId) => $"lb-device-{deviceId}-{networkId}";

    private async ValueTask<Port> EnsureDevicePortAsync(
        Device device, string networkId, List<(string PortId, CallerContext Caller)> created, CancellationToken cancellationToken)
    {
        var existing = await FindDevicePortsAsync(device.Id, [networkId], cancellationToken).ConfigureAwait(false);
        if (existing.Count > 0)
        {
            var port = existing[0];
            if (!string.Equals(port.Binding.HostId, device.HostId, StringComparison.Ordinal))
            {
                // The device moved (or its host was corrected): bind the port on the new host.
                Log.DevicePortRehosted(_logger, port.Id, device.Id, port.Binding.HostId, device.HostId);
                return await _ml2.UpdatePortAsync(_service, port.Id, new PortUpdateRequest { HostId = device.HostId }, cancellationToken).ConfigureAwait(false);
            }

            Log.DevicePortReused(_logger, port.Id, device.Id, networkId);
            return port;
        }

        var createdPort = await _ml2.CreatePortAsync(_service, new PortCreateRequest
        {
            NetworkId = networkId,
            TenantId = _service.TenantId,
            Name = DevicePortName(device.Id, networkId),
            DeviceId = device.Id,
            DeviceOwner = DeviceOwners.LoadBalancer,
            HostId = device.HostId,
        }, cancellationToken).ConfigureAwait(false);
        created.Add((createdPort.Id, _service));
        Log.DevicePortCreated(_logger, createdPort.Id, device.Id, networkId, device.HostId, createdPort.Binding.VifType);
        return createdPort;
    }

    private ValueTask<IReadOnlyList<Port>> FindDevicePortsAsync(string deviceId, string[] networkIds, CancellationToken cancellationToken) =>
        _ml2.ListPortsAsync(
            _service,
            ListFilter.Where("device_id", deviceId).And("device_owner", DeviceOwners.LoadBalancer).And("network_id", networkIds),
            cancellationToken);
}
