namespace Ml2.Exceptions;

/// <summary>A requested IP or MAC address is already used on the network (Neutron's <c>IpAddressInUse</c> / <c>MacAddressInUse</c>, HTTP 409).</summary>
public class AddressInUseException : ConflictException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">"fixed_ips" or "mac_address".</param>
    /// <param name="networkId">The network.</param>
    /// <param name="address">The address in use.</param>
    /// <param name="message">The message, in Neutron's wording.</param>
    public AddressInUseException(string field, string networkId, string address, string message)
        : base(field == "mac_address" ? "MacAddressInUse" : "IpAddressInUse", message, field, address, null)
    {
        NetworkId = networkId;
        Address = address;
    }

    /// <summary>The network.</summary>
    public string NetworkId { get; }

    /// <summary>The address in use.</summary>
    public string Address { get; }

    /// <summary>Neutron's IpAddressInUse.</summary>
    /// <param name="networkId">The network.</param>
    /// <param name="ipAddress">The address.</param>
    /// <returns>The exception.</returns>
    public static AddressInUseException Ip(string networkId, string ipAddress) => new(
        "fixed_ips", networkId, ipAddress, $"Unable to complete operation for network {networkId}. The IP address {ipAddress} is in use.");

    /// <summary>Neutron's MacAddressInUse.</summary>
    /// <param name="networkId">The network.</param>
    /// <param name="macAddress">The address.</param>
    /// <returns>The exception.</returns>
    public static AddressInUseException Mac(string networkId, string macAddress) => new(
        "mac_address", networkId, macAddress, $"Unable to complete operation for network {networkId}. The mac address {macAddress} is in use.");
}
