namespace Ml2.Model;

/// <summary>An inclusive range of addresses in a subnet from which fixed IPs are handed out.</summary>
/// <param name="Start">The first address.</param>
/// <param name="End">The last address.</param>
public sealed record AllocationPool(string Start, string End);
