using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// Validates devices on-boarded or changed through the registry. Field names are snake_case, as in Neutron's API
/// (<c>capacity.max_vips</c>). A credential, or a management address that embeds one, is never echoed: its value is
/// reported as <c>***</c>.
/// </summary>
internal static class DeviceValidator
{
    /// <summary>The longest id, name, host, address accepted (Neutron's attribute limit).</summary>
    public const int MaxLength = 255;

    private const string Masked = "***";

    /// <summary>Validates a new device and normalises it (provider lower-cased, as provider names are case-insensitive).</summary>
    /// <param name="device">The device.</param>
    /// <param name="catalog">The providers, or null to accept any provider name.</param>
    /// <returns>The device to store.</returns>
    /// <exception cref="InvalidInputException">A field is invalid.</exception>
    public static Device ValidateNew(Device device, IProviderCatalog? catalog)
    {
        ArgumentNullException.ThrowIfNull(device);
        RequireToken("id", device.Id);
        var provider = device.Provider?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(provider))
        {
            throw new InvalidInputException("provider", device.Provider, "A device needs a provider");
        }

        if (catalog is not null && !catalog.Exists(provider))
        {
            throw new InvalidInputException("provider", device.Provider, "Unknown provider");
        }

        RequireToken("host_id", device.HostId);
        CheckName(device.Name);
        CheckManagementAddress(device.ManagementAddress);
        CheckCredentials(device.Credentials);
        if (!Enum.IsDefined(device.Kind))
        {
            throw new InvalidInputException("kind", device.Kind, "Not a device kind (Physical or Virtual)");
        }

        if (!Enum.IsDefined(device.Health))
        {
            throw new InvalidInputException("health", device.Health, "Not a device health (Healthy, Degraded or Down)");
        }

        OptionalToken("tenant_id", device.TenantId);
        OptionalToken("cluster_id", device.ClusterId);
        OptionalToken("agent_id", device.AgentId);
        var driver = catalog?.DriverOf(provider);
        CheckCapacity(device.Capacity, driver, current: null);
        if (device.SupportsOverlappingIps && driver is not null && !driver.Capabilities.SupportsOverlappingIps)
        {
            throw new InvalidInputException("supports_overlapping_ips", true, $"The driver '{driver.Name}' of provider '{provider}' does not support overlapping IPs");
        }

        return device with { Provider = provider, Name = device.Name ?? "", ManagementAddress = device.ManagementAddress ?? "" };
    }

    /// <summary>Applies and validates an update against the device's current state.</summary>
    /// <param name="current">The device and its load.</param>
    /// <param name="update">The changes.</param>
    /// <param name="catalog">The providers, or null.</param>
    /// <param name="changed">Receives the names of the changed fields.</param>
    /// <returns>The changed device, or null when nothing changes.</returns>
    /// <exception cref="InvalidInputException">A field is invalid, or the new capacity is below the current load.</exception>
    public static Device? ApplyUpdate(DeviceSnapshot current, DeviceUpdate update, IProviderCatalog? catalog, List<string> changed)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(changed);
        var device = current.Device;
        var next = device;
        if (update.Name is { } name && !string.Equals(name, device.Name, StringComparison.Ordinal))
        {
            CheckName(name);
            next = next with { Name = name };
            changed.Add("name");
        }

        if (update.ManagementAddress is { } address && !string.Equals(address, device.ManagementAddress, StringComparison.Ordinal))
        {
            CheckManagementAddress(address);
            next = next with { ManagementAddress = address };
            changed.Add("management_address");
        }

        if (update.Credentials is { } credentials && !ReferenceEquals(credentials, device.Credentials))
        {
            CheckCredentials(credentials);
            next = next with { Credentials = credentials };
            changed.Add("credentials");
        }

        if (update.Capacity is { } capacity && capacity != device.Capacity)
        {
            CheckCapacity(capacity, catalog?.DriverOf(device.Provider), current);
            next = next with { Capacity = capacity };
            changed.Add("capacity");
        }

        if (update.AdminStateUp is { } up && up != device.AdminStateUp)
        {
            next = next with { AdminStateUp = up };
            changed.Add("admin_state_up");
        }

        if (update.Health is { } health && health != device.Health)
        {
            if (!Enum.IsDefined(health))
            {
                throw new InvalidInputException("health", health, "Not a device health (Healthy, Degraded or Down)");
            }

            next = next with { Health = health };
            changed.Add("health");
        }

        if (update.Draining is { } draining && draining != device.Draining)
        {
            next = next with { Draining = draining };
            changed.Add("draining");
        }

        return changed.Count == 0 ? null : next;
    }

    /// <summary>
    /// The update that makes an on-boarded device match <paramref name="wanted"/> (validated by
    /// <see cref="ValidateNew"/>) when it is on-boarded again: its name, management address, credentials (unless none are
    /// given) and capacity. What placement and wiring rely on (provider, kind, host, cluster, project, overlapping IPs)
    /// cannot change this way; the runtime state (administrative state, draining, health, agent, claims) is kept.
    /// </summary>
    /// <param name="current">The device as on-boarded.</param>
    /// <param name="wanted">The device as on-boarded again.</param>
    /// <returns>The update (apply it with <see cref="ApplyUpdate"/>).</returns>
    /// <exception cref="InvalidInputException">A field that cannot change differs, naming the field and the new value.</exception>
    public static DeviceUpdate OnboardingUpdate(Device current, Device wanted)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(wanted);
        Unchanged("provider", current.Provider, wanted.Provider, current.Id);
        Unchanged("kind", current.Kind, wanted.Kind, current.Id);
        Unchanged("host_id", current.HostId, wanted.HostId, current.Id);
        Unchanged("cluster_id", current.ClusterId, wanted.ClusterId, current.Id);
        Unchanged("tenant_id", current.TenantId, wanted.TenantId, current.Id);
        Unchanged("supports_overlapping_ips", current.SupportsOverlappingIps, wanted.SupportsOverlappingIps, current.Id);
        return new DeviceUpdate
        {
            Name = wanted.Name,
            ManagementAddress = wanted.ManagementAddress,
            Credentials = wanted.Credentials is { } credentials && !SameCredentials(credentials, current.Credentials) ? credentials : null,
            Capacity = wanted.Capacity,
        };
    }

    /// <summary>Validates an agent id (null releases the device).</summary>
    public static void CheckAgentId(string? agentId) => OptionalToken("agent_id", agentId);

    private static void CheckCapacity(DeviceCapacity? capacity, ILoadBalancerDriver? driver, DeviceSnapshot? current)
    {
        if (capacity is null)
        {
            throw new InvalidInputException("capacity", null, "A device needs a capacity");
        }

        if (capacity.MaxVips < 1)
        {
            throw new InvalidInputException("capacity.max_vips", capacity.MaxVips, "Must be at least 1");
        }

        if (capacity.MaxNetworks < 1)
        {
            throw new InvalidInputException("capacity.max_networks", capacity.MaxNetworks, "Must be at least 1");
        }

        if (driver is not null && capacity.MaxVips > driver.Capabilities.MaxVipsPerDevice)
        {
            throw new InvalidInputException("capacity.max_vips", capacity.MaxVips, $"Exceeds the {driver.Capabilities.MaxVipsPerDevice} VIPs per device the driver '{driver.Name}' supports");
        }

        if (driver is not null && capacity.MaxNetworks > driver.Capabilities.MaxNetworksPerInterface)
        {
            throw new InvalidInputException("capacity.max_networks", capacity.MaxNetworks, $"Exceeds the {driver.Capabilities.MaxNetworksPerInterface} networks per interface the driver '{driver.Name}' supports");
        }

        if (current is not null && capacity.MaxVips < current.LoadBalancerCount)
        {
            throw new InvalidInputException("capacity.max_vips", capacity.MaxVips, $"Below the {current.LoadBalancerCount} load balancers device {current.Device.Id} hosts");
        }

        if (current is not null && capacity.MaxNetworks < current.WiredNetworkIds.Count)
        {
            throw new InvalidInputException("capacity.max_networks", capacity.MaxNetworks, $"Below the {current.WiredNetworkIds.Count} networks device {current.Device.Id} is wired into");
        }
    }

    private static void Unchanged<T>(string field, T current, T wanted, string deviceId)
    {
        if (!EqualityComparer<T>.Default.Equals(current, wanted))
        {
            throw new InvalidInputException(
                field, wanted, $"Device {deviceId} is on-boarded with {field} {ErrorText.Quote(current)}, which cannot change; remove the device and on-board it again");
        }
    }

    private static bool SameCredentials(DeviceCredentials wanted, DeviceCredentials? current) =>
        current is not null
        && string.Equals(wanted.Username, current.Username, StringComparison.Ordinal)
        && string.Equals(wanted.Password, current.Password, StringComparison.Ordinal);

    private static void CheckName(string? name)
    {
        if (name is { Length: > MaxLength })
        {
            throw new InvalidInputException("name", name, $"Longer than {MaxLength} characters");
        }
    }

    private static void CheckManagementAddress(string? address)
    {
        if (address is null)
        {
            return;
        }

        if (address.Contains('@', StringComparison.Ordinal))
        {
            // user:password@host: never echo it.
            throw new InvalidInputException("management_address", Masked, "Must not embed credentials; set them as the device's credentials");
        }

        if (address.Length > MaxLength || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new InvalidInputException("management_address", address, $"Must be at most {MaxLength} characters without spaces");
        }
    }

    private static void CheckCredentials(DeviceCredentials? credentials)
    {
        if (credentials is not null && (string.IsNullOrWhiteSpace(credentials.Username) || credentials.Password is null))
        {
            throw new InvalidInputException("credentials", Masked, "Credentials need a user name and a password");
        }
    }

    private static void RequireToken(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidInputException(field, value, "Must not be empty");
        }

        OptionalToken(field, value);
    }

    private static void OptionalToken(string field, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length is 0 or > MaxLength || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new InvalidInputException(field, value, $"Must be 1 to {MaxLength} characters without spaces");
        }
    }
}
