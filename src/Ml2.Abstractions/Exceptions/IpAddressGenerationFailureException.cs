namespace Ml2.Exceptions;

/// <summary>Every allocation pool of the network's subnets is exhausted (Neutron's IpAddressGenerationFailure, HTTP 409).</summary>
public class IpAddressGenerationFailureException : ConflictException
{
    /// <summary>Creates the exception with Neutron's wording.</summary>
    /// <param name="networkId">The network.</param>
    public IpAddressGenerationFailureException(string networkId)
        : base("IpAddressGenerationFailure", $"No more IP addresses available on network {networkId}.", null, null, null)
    {
        NetworkId = networkId;
    }

    /// <summary>The network.</summary>
    public string NetworkId { get; }
}
