using System.Text.Json;
using Ml2.Model;

namespace Ml2.Binding;

/// <summary>The outcome of one binding attempt, computed outside any transaction.</summary>
/// <param name="Bound">Whether a driver completed the binding.</param>
/// <param name="VifType">The vif type (<see cref="VifTypes.BindingFailed"/> when not bound).</param>
/// <param name="VifDetails">The vif details.</param>
/// <param name="Levels">The binding levels (empty when not bound).</param>
/// <param name="Status">The status the bottom driver asked for, or null.</param>
internal sealed record BindingResult(
    bool Bound, string VifType, IReadOnlyDictionary<string, JsonElement> VifDetails, IReadOnlyList<PortBindingLevel> Levels, string? Status)
{
    public static BindingResult Failed { get; } = new(false, VifTypes.BindingFailed, ExtensionAttributes.Empty, [], null);
}
