using Ml2.Exceptions;

namespace Lbaas.Service;

/// <summary>
/// The object, or the load balancer it belongs to, is in a state that forbids the change (Octavia's ImmutableObject,
/// HTTP 409): a load balancer accepts changes only while ACTIVE (and deletion while ACTIVE or ERROR), so nothing can
/// change while an operation is PENDING_*. Retry once the provisioning status is ACTIVE again.
/// </summary>
public class ImmutableObjectException : ConflictException
{
    /// <summary>Creates the exception with Octavia's wording: "Load Balancer 1234 is immutable and cannot be updated."</summary>
    /// <param name="resourceType">Octavia's resource name: "Load Balancer", "Listener", "Pool", "Member" or "Health Monitor".</param>
    /// <param name="id">The id of the immutable object.</param>
    /// <param name="provisioningStatus">Its provisioning status.</param>
    public ImmutableObjectException(string resourceType, string id, string provisioningStatus)
        : base("ImmutableObject", $"{resourceType} {id} is immutable and cannot be updated.", null, null, null)
    {
        ResourceType = resourceType;
        Id = id;
        ProvisioningStatus = provisioningStatus;
    }

    /// <summary>Octavia's resource name of the immutable object.</summary>
    public string ResourceType { get; }

    /// <summary>The id of the immutable object.</summary>
    public string Id { get; }

    /// <summary>Its provisioning status when the change was refused.</summary>
    public string ProvisioningStatus { get; }
}
