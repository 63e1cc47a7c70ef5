using Ml2.Model;

namespace Ml2.Ipam;

/// <summary>How a port's fixed IPs change (<see cref="FixedIpPlanner.PlanUpdate"/>).</summary>
/// <param name="Result">Per request, in request order: the current fixed IP it keeps, or null when it is new.</param>
/// <param name="NewIndexes">The indexes of the new requests in <paramref name="Result"/>, ascending.</param>
/// <param name="NewPlans">The plans of the new requests, in the order of <paramref name="NewIndexes"/>.</param>
/// <param name="Released">The current fixed IPs no request keeps.</param>
internal readonly record struct FixedIpUpdatePlan(
    FixedIp?[] Result, IReadOnlyList<int> NewIndexes, IReadOnlyList<PlannedFixedIp> NewPlans, IEnumerable<FixedIp> Released);
