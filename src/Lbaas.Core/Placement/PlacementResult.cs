namespace Lbaas.Placement;

/// <summary>
/// The outcome of one placement, explained: the chosen device with its score per policy, or every rejected device
/// with the policy and reason, and a one-line summary ("0/12 devices available: 7 at VIP capacity, 5 wrong provider").
/// </summary>
public sealed record PlacementResult
{
    /// <summary>The chosen device (its capacity is claimed), or null.</summary>
    public string? DeviceId { get; init; }

    /// <summary>The chosen device's weighted score per policy.</summary>
    public IReadOnlyDictionary<string, double> Scores { get; init; } = new Dictionary<string, double>();

    /// <summary>The chosen device's total score.</summary>
    public double TotalScore { get; init; }

    /// <summary>Every device that was rejected, with the policy and reason.</summary>
    public IReadOnlyList<DeviceRejection> Rejections { get; init; } = [];

    /// <summary>How many devices were considered.</summary>
    public int DevicesConsidered { get; init; }

    /// <summary>How many devices passed every filter.</summary>
    public int DevicesAvailable { get; init; }

    /// <summary>Whether a device was spawned by a provisioner for this placement.</summary>
    public bool Provisioned { get; init; }

    /// <summary>Whether a device was chosen.</summary>
    public bool Succeeded => DeviceId is not null;

    /// <summary>The one-line explanation.</summary>
    public string Summary { get; init; } = "";

    /// <inheritdoc />
    public override string ToString() => Summary;
}
