using System.Globalization;
using System.Text;

namespace Lbaas.Placement;

/// <summary>Formats the one-line explanations, Kubernetes-style ("0/12 devices available: 7 at VIP capacity, 5 wrong provider").</summary>
internal static class PlacementSummary
{
    /// <summary>"placed on dev-3 (score 0.82) among 9/12 available devices", plus "(searched 40 of 10000)" for a bounded search.</summary>
    public static string Placed(string deviceId, double score, int available, int considered, int total) =>
        considered < total
            ? string.Create(CultureInfo.InvariantCulture, $"placed on {deviceId} (score {score:0.00}) among {available}/{considered} available devices (searched {considered} of {total})")
            : string.Create(CultureInfo.InvariantCulture, $"placed on {deviceId} (score {score:0.00}) among {available}/{considered} available devices");

    /// <summary>"0/12 devices available: 7 at VIP capacity, 5 wrong provider" - reasons by count, most frequent first.</summary>
    public static string NoDevice(int considered, IReadOnlyList<DeviceRejection> rejections)
    {
        if (considered == 0)
        {
            return "0/0 devices available: no device registered";
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rejection in rejections)
        {
            counts[rejection.Reason] = counts.GetValueOrDefault(rejection.Reason) + 1;
        }

        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"0/{considered} devices available: ");
        var first = true;
        foreach (var (reason, count) in counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            builder.Append(first ? "" : ", ").Append(CultureInfo.InvariantCulture, $"{count} {reason}");
            first = false;
        }

        return builder.ToString();
    }
}
