using System.Collections.ObjectModel;

namespace Lbaas.Placement;

/// <summary>
/// The outcome of one placement, explained: the chosen device with its score per policy, or every rejected device
/// with the policy and reason, and a one-line summary ("0/12 devices available: 7 at VIP capacity, 5 wrong provider").
/// </summary>
public sealed record PlacementResult
{
    private string? _summary;

    /// <summary>The chosen device (its capacity is claimed), or null.</summary>
    public string? DeviceId { get; init; }

    /// <summary>
    /// The chosen device's score per scoring policy: the policy's score times its weight, divided by the sum of the
    /// weights, so the entries add up to <see cref="TotalScore"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double> Scores { get; init; } = ReadOnlyDictionary<string, double>.Empty;

    /// <summary>The chosen device's total score: the weighted mean of its scores, in [0, 1].</summary>
    public double TotalScore { get; init; }

    /// <summary>Every device that was rejected, with the policy and reason.</summary>
    public IReadOnlyList<DeviceRejection> Rejections { get; init; } = [];

    /// <summary>How many devices were considered.</summary>
    public int DevicesConsidered { get; init; }

    /// <summary>How many devices passed every filter.</summary>
    public int DevicesAvailable { get; init; }

    /// <summary>
    /// How many devices the registry held; more than <see cref="DevicesConsidered"/> when the bounded search found a
    /// device without judging every one.
    /// </summary>
    public int DevicesTotal { get; init; }

    /// <summary>How many capacity claims this placement lost to concurrent placements (each re-judged the device).</summary>
    public int ClaimConflicts { get; init; }

    /// <summary>Whether a device was spawned by a provisioner for this placement.</summary>
    public bool Provisioned { get; init; }

    /// <summary>Whether a device was chosen.</summary>
    public bool Succeeded => DeviceId is not null;

    /// <summary>
    /// The one-line explanation. Unless set, it is derived from the other properties on first read ("placed on dev-3
    /// (score 0.82) among 9/12 available devices", or the rejection histogram), so a placement nobody explains does
    /// not pay for formatting it.
    /// </summary>
    public string Summary
    {
        get => _summary ??= DeviceId is { } deviceId
            ? PlacementSummary.Placed(deviceId, TotalScore, DevicesAvailable, DevicesConsidered, DevicesTotal)
            : PlacementSummary.NoDevice(DevicesConsidered, Rejections);
        init => _summary = value;
    }

    /// <inheritdoc />
    public override string ToString() => Summary;
}
