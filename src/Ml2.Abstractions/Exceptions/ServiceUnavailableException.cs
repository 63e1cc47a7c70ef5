namespace Ml2.Exceptions;

/// <summary>
/// A resource is exhausted or a service is down (<see cref="ErrorStatus.ServiceUnavailable"/>, HTTP 503), e.g. Neutron's
/// <c>NetworkMacAddressGenerationFailure</c>. <see cref="Ml2Exception.ErrorType"/> is <c>ServiceUnavailable</c> unless a
/// more precise Neutron type is given through <see cref="OfType"/>.
/// </summary>
public class ServiceUnavailableException : Ml2Exception
{
    /// <summary>Neutron's <c>ServiceUnavailable</c> type name.</summary>
    public const string ServiceUnavailableType = "ServiceUnavailable";

    /// <summary>Creates the exception with Neutron's default message.</summary>
    public ServiceUnavailableException()
        : this(ServiceUnavailableType, "The service is unavailable.", null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ServiceUnavailableException(string message)
        : this(ServiceUnavailableType, message, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ServiceUnavailableException(string message, Exception? innerException)
        : this(ServiceUnavailableType, message, innerException)
    {
    }

    /// <summary>Creates the exception with every part given.</summary>
    /// <param name="errorType">Neutron's exception class name.</param>
    /// <param name="message">The message, in Neutron's wording.</param>
    /// <param name="innerException">The cause.</param>
    protected ServiceUnavailableException(string errorType, string message, Exception? innerException)
        : base(errorType, ErrorStatus.ServiceUnavailable, message, null, null, innerException)
    {
    }

    /// <summary>A service-unavailable error of a more precise Neutron type.</summary>
    /// <param name="errorType">Neutron's exception class name, e.g. <c>NetworkMacAddressGenerationFailure</c>.</param>
    /// <param name="message">The message, in Neutron's wording.</param>
    /// <returns>The exception.</returns>
    public static ServiceUnavailableException OfType(string errorType, string message) => new(errorType, message, null);
}
