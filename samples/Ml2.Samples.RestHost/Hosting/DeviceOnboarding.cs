using System.Globalization;
using Lbaas.Devices;
using Ml2.Lbaas;

namespace Ml2.Samples.RestHost.Hosting;

/// <summary>
/// On-boards the load-balancing appliances listed in configuration (section <c>lbaas_devices</c>: a list of
/// <c>{id, name, provider, host_id, management_address, username, password, max_vips, max_networks, cluster}</c>)
/// unless the store already holds them.
/// </summary>
internal static class DeviceOnboarding
{
    public const string SectionName = "lbaas_devices";

    public static async Task OnboardConfiguredAsync(IDeviceRegistry registry, IConfigurationSection section)
    {
        foreach (var entry in section.GetChildren())
        {
            var id = entry["id"] ?? throw new InvalidOperationException($"{entry.Path}:id is required.");
            if (registry.Find(id) is not null)
            {
                continue;
            }

            await registry.OnboardAsync(new Device
            {
                Id = id,
                Name = entry["name"] ?? id,
                Provider = entry["provider"] ?? "adc",
                Kind = DeviceKind.Physical,
                HostId = entry["host_id"] ?? throw new InvalidOperationException($"{entry.Path}:host_id is required."),
                ManagementAddress = entry["management_address"] ?? "",
                Credentials = entry["username"] is { } user ? new DeviceCredentials(user, entry["password"] ?? "") : null,
                Capacity = new DeviceCapacity(Int(entry, "max_vips", 64), Int(entry, "max_networks", 16)),
                ClusterId = entry["cluster"],
            });
        }
    }

    private static int Int(IConfigurationSection entry, string key, int fallback) =>
        entry[key] is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
