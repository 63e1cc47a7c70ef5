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

    /// <summary>Creates the exception with a default message.</summary>
    public ResourceNotFoundException()
        : this("Resource", "unknown")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ResourceNotFoundException(string message)
        : base(message)
    {
        ResourceType = "Resource";
        Id = "unknown";
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ResourceNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ResourceType = "Resource";
        Id = "unknown";
    }

    /// <summary>The resource type.</summary>
    public string ResourceType { get; }

    /// <summary>The id that was asked for.</summary>
    public string Id { get; }
}
