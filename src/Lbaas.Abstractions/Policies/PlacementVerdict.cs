namespace Lbaas;

/// <summary>A policy's judgement of one device: rejected with a reason, or accepted with a score in [0, 1].</summary>
public readonly record struct PlacementVerdict
{
    private PlacementVerdict(string? rejectionReason, double score)
    {
        RejectionReason = rejectionReason;
        Score = score;
    }

    /// <summary>Why the device cannot take the load balancer, or null when it can.</summary>
    public string? RejectionReason { get; }

    /// <summary>How much the policy likes the device, in [0, 1] (0 when rejected).</summary>
    public double Score { get; }

    /// <summary>Whether the device was rejected.</summary>
    public bool IsRejected => RejectionReason is not null;

    /// <summary>Accepts the device with a score.</summary>
    /// <param name="score">The score; clamped to [0, 1].</param>
    /// <returns>The verdict.</returns>
    public static PlacementVerdict Accept(double score = 0) => new(null, double.IsNaN(score) ? 0 : Math.Clamp(score, 0, 1));

    /// <summary>Rejects the device.</summary>
    /// <param name="reason">A short reason, e.g. "at VIP capacity"; rejections are counted by reason in explanations.</param>
    /// <returns>The verdict.</returns>
    public static PlacementVerdict Reject(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(reason, 0);
    }
}
