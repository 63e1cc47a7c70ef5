using Ml2.Exceptions;
using Lbaas.Devices;
using Lbaas;

namespace Lbaas.Placement;

internal sealed partial class DeviceScheduler
{
    // The outer step when nothing fits: each of the provider's provisioners in turn makes a device, the registry
    // on-boards it, and the placement runs again; the first on-boarded device decides.
    private async ValueTask<PlacementResult> ProvisionAndPlaceAsync(
        PlacementRequest request,
        LoadBalancerClaim claim,
        ILoadBalancerDriver? driver,
        PlacementResult failed,
        IDeviceProvisioner[] provisioners,
        CancellationToken cancellationToken)
    {
        var note = "";
        foreach (var provisioner in provisioners)
        {
            Log.Provisioning(_logger, request.LoadBalancerId, request.Provider, failed.Summary);
            Device? device;
            try
            {
                device = await provisioner.ProvisionAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ProvisionerFailed(_logger, ex, request.Provider, request.LoadBalancerId);
                note = $"provisioning failed: {ex.Message}";
                continue;
            }

            if (device is null)
            {
                Log.ProvisionerReturnedNothing(_logger, request.Provider, request.LoadBalancerId);
                note = "provisioner returned no device";
                continue;
            }

            Device added;
            try
            {
                added = await _registry.OnboardAsync(device, cancellationToken).ConfigureAwait(false);
            }
            catch (Ml2Exception ex)
            {
                Log.ProvisionedDeviceRejected(_logger, ex, request.Provider, device.Id);
                note = $"provisioned device rejected: {ex.Message}";
                continue;
            }

            Log.Provisioned(_logger, added.Id, request.Provider, request.LoadBalancerId);
            var again = await PlaceAsync(request, claim, driver, cancellationToken).ConfigureAwait(false);
            again = again with
            {
                Provisioned = true,
                Summary = again.Succeeded
                    ? $"{again.Summary}; provisioned {added.Id} after {failed.Summary}"
                    : $"{again.Summary}; provisioned {added.Id}, which does not fit either",
            };
            LogDecision(request, again);
            return again;
        }

        var result = failed with { Summary = $"{failed.Summary}; {note}" };
        LogDecision(request, result);
        return result;
    }
}
