namespace Lbaas.Placement;

/// <summary>Why one device was not chosen.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Policy">The policy (or <c>driver</c> for a vendor veto) that rejected it.</param>
/// <param name="Reason">The reason, e.g. "at VIP capacity".</param>
public sealed record DeviceRejection(string DeviceId, string Policy, string Reason);
