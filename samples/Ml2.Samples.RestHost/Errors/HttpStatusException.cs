namespace Ml2.Samples.RestHost.Errors;

/// <summary>An error the REST layer itself raises (bad body, unknown attribute, missing route), with its Neutron type.</summary>
public sealed class HttpStatusException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="type">The NeutronError type, e.g. <c>HTTPBadRequest</c>.</param>
    /// <param name="message">The message.</param>
    public HttpStatusException(int statusCode, string type, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Type = type;
    }

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>The NeutronError type.</summary>
    public string Type { get; }

    /// <summary>A 400 <c>HTTPBadRequest</c>.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The exception.</returns>
    public static HttpStatusException BadRequest(string message) => new(StatusCodes.Status400BadRequest, "HTTPBadRequest", message);
}
