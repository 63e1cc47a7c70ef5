using Ml2.Exceptions;

namespace Lbaas.Service;

/// <summary>
/// A provider's load-balancer driver failed (Octavia's ProviderDriverError, HTTP 500):
/// "Provider 'acme' reports error: ...". The driver's own exception is the inner exception.
/// </summary>
public class LoadBalancerDriverException : Ml2Exception
{
    /// <summary>Creates the exception with Octavia's wording.</summary>
    /// <param name="provider">The provider whose driver failed.</param>
    /// <param name="innerException">What the driver threw.</param>
    public LoadBalancerDriverException(string provider, Exception innerException)
        : base("ProviderDriverError", ErrorStatus.InternalError, $"Provider '{provider}' reports error: {innerException?.Message}", null, null, innerException)
    {
        Provider = provider;
    }

    /// <summary>The provider whose driver failed.</summary>
    public string Provider { get; }
}
