using Lbaas.Placement;
using Ml2.Exceptions;

namespace Lbaas.Service;

/// <summary>
/// No device can take the load balancer (neutron-lbaas' NoEligibleLbaasAgent, but explained): the message is the
/// placement summary, e.g. "0/12 devices available: 7 at VIP capacity, 5 wrong provider", and
/// <see cref="Result"/> lists every rejected device with the policy and reason. Nothing was persisted.
/// </summary>
public class NoEligibleDeviceException : Ml2Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="loadBalancerId">The load balancer that could not be placed.</param>
    /// <param name="result">The failed placement.</param>
    /// <param name="results">Every placement of the attempt (for ACTIVE_STANDBY the first may have succeeded), the failed one last.</param>
    public NoEligibleDeviceException(string loadBalancerId, PlacementResult result, IReadOnlyList<PlacementResult> results)
        : base("NoEligibleDevice", ErrorStatus.ServiceUnavailable, Format(loadBalancerId, result), null, null, null)
    {
        LoadBalancerId = loadBalancerId;
        Result = result;
        Results = results;
    }

    /// <summary>The load balancer that could not be placed.</summary>
    public string LoadBalancerId { get; }

    /// <summary>The failed placement, with every rejection.</summary>
    public PlacementResult Result { get; }

    /// <summary>Every placement of the attempt, the failed one last.</summary>
    public IReadOnlyList<PlacementResult> Results { get; }

    private static string Format(string loadBalancerId, PlacementResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.IsNullOrWhiteSpace(result.Summary)
            ? $"No eligible device found for load balancer {loadBalancerId}."
            : result.Summary;
    }
}
