namespace Ml2.Exceptions;

/// <summary>A resource does not exist or is not visible to the caller (Neutron's <c>NetworkNotFound</c>, <c>PortNotFound</c>, ...: the type is the resource type followed by <c>NotFound</c>; HTTP 404).</summary>
public class ResourceNotFoundException : Ml2Exception
{
    /// <summary>Creates the exception with Neutron's wording: "Network 1234 could not be found." (the id quoted through <see cref="ErrorText.Quote"/>).</summary>
    /// <param name="resourceType">The resource type as a capitalised noun ("Network", "Subnet", "Port", "Segment").</param>
    /// <param name="id">The id that was asked for.</param>
    public ResourceNotFoundException(string resourceType, string id)
        : this(NotFoundType(resourceType), resourceType, id, $"{resourceType} {ErrorText.Quote(id)} could not be found.")
    {
    }

    /// <summary>Creates the exception with every part given.</summary>
    /// <param name="errorType">Neutron's exception class name, e.g. <c>PortBindingNotFound</c>.</param>
    /// <param name="resourceType">The resource type as a capitalised noun.</param>
    /// <param name="id">The id that was asked for.</param>
    /// <param name="message">The message, in Neutron's wording.</param>
    protected ResourceNotFoundException(string errorType, string resourceType, string id, string message)
        : base(errorType, ErrorStatus.NotFound, message, null, null, null)
    {
        ResourceType = resourceType;
        Id = id;
    }

    /// <summary>The resource type.</summary>
    public string ResourceType { get; }

    /// <summary>The id that was asked for.</summary>
    public string Id { get; }

    /// <summary>A not-found error of a more precise Neutron type than <c>{ResourceType}NotFound</c>.</summary>
    /// <param name="errorType">Neutron's exception class name, e.g. <c>PortBindingNotFound</c>.</param>
    /// <param name="resourceType">The resource type as a capitalised noun.</param>
    /// <param name="id">The id that was asked for.</param>
    /// <param name="message">The message, in Neutron's wording.</param>
    /// <returns>The exception.</returns>
    public static ResourceNotFoundException OfType(string errorType, string resourceType, string id, string message) =>
        new(errorType, resourceType, id, message);

    private static string NotFoundType(string resourceType) =>
        string.Concat(resourceType.Split(' ', StringSplitOptions.RemoveEmptyEntries)) + "NotFound";
}
