namespace Ml2.Exceptions;

/// <summary>No tenant segment could be allocated from any configured tenant network type (Neutron's NoNetworkAvailable, HTTP 503).</summary>
public class NoNetworkAvailableException : Ml2Exception
{
    /// <summary>Creates the exception with Neutron's wording.</summary>
    public NoNetworkAvailableException()
        : this("Unable to create the network. No tenant network is available for allocation.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public NoNetworkAvailableException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NoNetworkAvailableException(string message, Exception? innerException)
        : base("NoNetworkAvailable", ErrorStatus.ServiceUnavailable, message, null, null, innerException)
    {
    }
}
