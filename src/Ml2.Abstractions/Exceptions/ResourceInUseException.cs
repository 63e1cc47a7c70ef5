namespace Ml2.Exceptions;

/// <summary>A network or subnet cannot be deleted or changed because ports use it (Neutron's NetworkInUse / SubnetInUse).</summary>
public class ResourceInUseException : ConflictException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="resourceType">"Network" or "Subnet".</param>
    /// <param name="id">The resource id.</param>
    /// <param name="message">The message, in Neutron's wording.</param>
    public ResourceInUseException(string resourceType, string id, string message)
        : base($"{resourceType}InUse", message, null, null, null)
    {
        ResourceType = resourceType;
        Id = id;
    }

    /// <summary>The resource type.</summary>
    public string ResourceType { get; }

    /// <summary>The resource id.</summary>
    public string Id { get; }

    /// <summary>Neutron's NetworkInUse.</summary>
    /// <param name="networkId">The network id.</param>
    /// <returns>The exception.</returns>
    public static ResourceInUseException Network(string networkId) => new(
        "Network",
        networkId,
        $"Unable to complete operation on network {networkId}. There are one or more ports still in use on the network.");

    /// <summary>Neutron's SubnetInUse.</summary>
    /// <param name="subnetId">The subnet id.</param>
    /// <returns>The exception.</returns>
    public static ResourceInUseException Subnet(string subnetId) => new(
        "Subnet",
        subnetId,
        $"Unable to complete operation on subnet {subnetId}: One or more ports have an IP allocation from this subnet.");
}
