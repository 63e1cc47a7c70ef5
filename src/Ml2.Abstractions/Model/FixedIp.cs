namespace Ml2.Model;

/// <summary>A fixed IP of a port.</summary>
/// <param name="SubnetId">The subnet the address belongs to.</param>
/// <param name="IpAddress">The address in canonical form.</param>
public sealed record FixedIp(string SubnetId, string IpAddress);
