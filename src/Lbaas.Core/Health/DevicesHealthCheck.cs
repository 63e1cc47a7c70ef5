using Lbaas.Devices;
using Lbaas.Placement;
using Lbaas.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Ml2.Health;
using Lbaas;

namespace Lbaas.Health;

/// <summary>
/// The <c>lbaas-devices</c> check, over the devices and claims of the LBaaS state store: Degraded when a device is down
/// (<see cref="DeviceHealth.Down"/>), reports <see cref="DeviceHealth.Degraded"/>, or is full (its load balancers reach
/// <see cref="DeviceCapacity.MaxVips"/> or its networks <see cref="DeviceCapacity.MaxNetworks"/>), and when no device
/// can take a new load balancer (up, not draining, not down, not full) unless a device provisioner may create one.
/// Disabled and draining devices are counted, not blamed. Credentials are read with the devices but never used.
/// </summary>
internal sealed class DevicesHealthCheck(
    IDeviceStore store, IEnumerable<IDeviceProvisioner> provisioners, IOptions<PlacementOptions> placement) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<DeviceState> devices;
        try
        {
            devices = await store.ListDeviceStatesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus, $"The LBaaS devices could not be read from the state store: {ex.GetType().Name}: {ex.Message}", ex);
        }

        var down = new List<string>();
        var degraded = new List<string>();
        var full = new List<string>();
        int placeable = 0, disabled = 0, draining = 0;
        foreach (var (device, claims) in devices)
        {
            var isFull = IsFull(device, claims);
            if (isFull)
            {
                full.Add(device.Id);
            }

            if (device.Health == DeviceHealth.Down)
            {
                down.Add(device.Id);
            }
            else if (device.Health == DeviceHealth.Degraded)
            {
                degraded.Add(device.Id);
            }

            disabled += device.AdminStateUp ? 0 : 1;
            draining += device.Draining ? 1 : 0;
            placeable += device.AdminStateUp && !device.Draining && device.Health != DeviceHealth.Down && !isFull ? 1 : 0;
        }

        var data = new Dictionary<string, object>
        {
            ["devices"] = devices.Count,
            ["placeable"] = placeable,
            ["down"] = down.Count,
            ["degraded"] = degraded.Count,
            ["full"] = full.Count,
            ["disabled"] = disabled,
            ["draining"] = draining,
        };
        var problems = new List<string>();
        Blame(problems, data, "down_devices", "down", down);
        Blame(problems, data, "degraded_devices", "degraded", degraded);
        Blame(problems, data, "full_devices", "full (VIPs or networks at capacity)", full);

        var canProvision = placement.Value.AllowProvisioning && provisioners.Any();
        if (placeable == 0 && !canProvision)
        {
            problems.Insert(0, devices.Count == 0
                ? "no device is on-boarded, so no load balancer can be placed (and no device provisioner is registered)"
                : $"none of the {devices.Count} devices can take a new load balancer (each is disabled, draining, down or full)");
        }

        if (problems.Count > 0)
        {
            return HealthCheckResult.Degraded($"LBaaS devices need attention: {string.Join("; ", problems)}.", data: data);
        }

        return HealthCheckResult.Healthy(
            devices.Count == 0
                ? "No device is on-boarded yet; a device provisioner creates devices on demand."
                : $"{placeable} of {devices.Count} LBaaS devices can take new load balancers; none is down or full.",
            data);
    }

    private static void Blame(List<string> problems, Dictionary<string, object> data, string key, string what, List<string> devices)
    {
        if (devices.Count == 0)
        {
            return;
        }

        var listed = devices.Take(Ml2HealthChecks.MaxListedIds).ToArray();
        data[key] = listed;
        var more = devices.Count > listed.Length ? $" and {devices.Count - listed.Length} more" : "";
        problems.Add($"{devices.Count} {(devices.Count == 1 ? "device is" : "devices are")} {what}: {string.Join(", ", listed)}{more}");
    }

    private static bool IsFull(Device device, IReadOnlyList<LoadBalancerClaim> claims) =>
        claims.Count >= device.Capacity.MaxVips || Networks(claims) >= device.Capacity.MaxNetworks;

    private static int Networks(IReadOnlyList<LoadBalancerClaim> claims) =>
        claims.SelectMany(c => c.MemberNetworkId is { } member ? new[] { c.VipNetworkId, member } : new[] { c.VipNetworkId }).Distinct(StringComparer.Ordinal).Count();
}
