using Lbaas.Configuration;
using Microsoft.Extensions.Options;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// On-boards the devices of <see cref="LbaasOptions.Devices"/> (configuration <c>lbaas:devices</c>) at start: each is
/// created when absent and otherwise updated to match, keeping its claims
/// (<see cref="IDeviceRegistry.OnboardOrUpdateAsync"/>). Every device is checked first, against the registry's current
/// state, so a bad one stops the start before anything is stored; its error names the configured key
/// (<c>devices[&lt;n&gt;].&lt;key&gt;</c>) and the value (a credential only as <c>***</c>).
/// </summary>
internal sealed class ConfiguredDevices(IDeviceRegistry registry, IOptions<LbaasOptions> options)
{
    /// <summary>Checks every configured device, then on-boards or updates each in order.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many devices are configured.</returns>
    /// <exception cref="InvalidInputException">A configured device is invalid; nothing was stored.</exception>
    public async ValueTask<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.Devices;
        var devices = new List<Device>(configured.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < configured.Count; i++)
        {
            var device = configured[i].ToDevice();
            if (!string.IsNullOrEmpty(device.Id) && !ids.Add(device.Id))
            {
                throw new InvalidInputException(LbaasConfigurationBinder.DeviceField(i, "id"), device.Id, $"Configured device {i} repeats the id of an earlier one");
            }

            try
            {
                if (registry is DeviceRegistry checkable)
                {
                    checkable.CheckOnboardOrUpdate(device);
                }
            }
            catch (InvalidInputException ex)
            {
                throw new InvalidInputException(
                    LbaasConfigurationBinder.DeviceField(i, ConfigurationKey(ex.Field)), ex.Value, $"Configured device {i} ({ErrorText.Quote(device.Id)}): {ex.Detail}", ex);
            }

            devices.Add(device);
        }

        foreach (var device in devices)
        {
            await registry.OnboardOrUpdateAsync(device, cancellationToken).ConfigureAwait(false);
        }

        return devices.Count;
    }

    /// <summary>The configuration key of a device field the registry names.</summary>
    private static string ConfigurationKey(string? field) => field switch
    {
        "capacity" or "capacity.max_vips" => "max_vips",
        "capacity.max_networks" => "max_networks",
        "credentials" => "username",
        null => "",
        _ => field,
    };
}
