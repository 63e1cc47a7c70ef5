namespace Ml2.Exceptions;

/// <summary>A resource does not exist or is not visible to the caller (HTTP 404).</summary>
public class ResourceNotFoundException : Ml2Exception
{
    /// <summary>Creates the exception with Neutron's wording: "Network 1234 could not be found."</summary>
    /// <param name="resourceType">The resource type as a capitalised noun ("Network", "Subnet", "Port", "Segment").</param>
    /// <param name="id">The id that was asked for.</param>
    public ResourceNotFoundException(string resourceType, string id)
        : base($"{resourceType} {id} could not be found.")
    {
        ResourceType = resourceType;
        Id = id;
    }

    /// <summary>The resource type.</summary>
    public string ResourceType { get; }

    /// <summary>The id that was asked for.</summary>
    public string Id { get; }
}
