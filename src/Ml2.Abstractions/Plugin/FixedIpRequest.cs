namespace Ml2.Plugin;

/// <summary>A requested fixed IP: a subnet (any free address in it), an address (its subnet is found), or both.</summary>
/// <param name="SubnetId">The subnet, or null.</param>
/// <param name="IpAddress">The address, or null.</param>
public sealed record FixedIpRequest(string? SubnetId = null, string? IpAddress = null);
