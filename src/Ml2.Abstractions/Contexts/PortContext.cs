using System.Text.Json;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Contexts;

/// <summary>
/// What a mechanism driver sees of a port operation, and during <c>BindPortAsync</c> the means to bind
/// (Neutron's PortContext). During binding the context works on a copy of the port's binding: nothing a driver does
/// here is persisted unless the binding is committed, and it may be discarded when a concurrent update wins.
/// </summary>
public abstract class PortContext
{
    /// <summary>The port as it is (after the change; before deletion for delete hooks).</summary>
    public abstract Port Current { get; }

    /// <summary>The port before the change; null except in update hooks.</summary>
    public abstract Port? Original { get; }

    /// <summary>The port's network.</summary>
    public abstract NetworkContext Network { get; }

    /// <summary>The open store transaction during precommit hooks; null in postcommit hooks and during binding.</summary>
    public abstract IMl2Transaction? Transaction { get; }

    /// <summary>Who made the request.</summary>
    public abstract CallerContext Caller { get; }

    /// <summary>The segments this binding level may bind; null outside <c>BindPortAsync</c>.</summary>
    public abstract IReadOnlyList<NetworkSegment>? SegmentsToBind { get; }

    /// <summary>The binding levels of the current binding (during binding: the levels bound so far above this one).</summary>
    public abstract IReadOnlyList<PortBindingLevel> BindingLevels { get; }

    /// <summary>The port status.</summary>
    public string Status => Current.Status;

    /// <summary>The port status before the change, or null.</summary>
    public string? OriginalStatus => Original?.Status;

    /// <summary>The binding host.</summary>
    public string Host => Current.Binding.HostId;

    /// <summary>The binding host before the change, or null.</summary>
    public string? OriginalHost => Original?.Binding.HostId;

    /// <summary>The vnic type.</summary>
    public string VnicType => Current.Binding.VnicType;

    /// <summary>The binding profile.</summary>
    public IReadOnlyDictionary<string, JsonElement> Profile => Current.Binding.Profile;

    /// <summary>The vif type.</summary>
    public string VifType => Current.Binding.VifType;

    /// <summary>The vif type before the change, or null.</summary>
    public string? OriginalVifType => Original?.Binding.VifType;

    /// <summary>The vif details.</summary>
    public IReadOnlyDictionary<string, JsonElement> VifDetails => Current.Binding.VifDetails;

    /// <summary>The vif details before the change, or null.</summary>
    public IReadOnlyDictionary<string, JsonElement>? OriginalVifDetails => Original?.Binding.VifDetails;

    /// <summary>The binding levels before the change, or null.</summary>
    public IReadOnlyList<PortBindingLevel>? OriginalBindingLevels => Original?.Binding.Levels;

    /// <summary>
    /// The port's binding before the change (host, vnic type, profile, vif type and details, levels), or null. When an
    /// inactive binding is activated (<c>binding-extended</c>, live migration) this is the binding that was active,
    /// on the source host, while <see cref="PortContext.Current"/> carries the activated one.
    /// </summary>
    public PortBinding? OriginalBinding => Original?.Binding;

    /// <summary>The segment bound at the top level before the change, or null.</summary>
    public NetworkSegment? OriginalTopBoundSegment => OriginalBindingLevels is { Count: > 0 } levels ? FindSegment(levels[0].SegmentId) : null;

    /// <summary>The segment bound at the bottom level before the change, or null.</summary>
    public NetworkSegment? OriginalBottomBoundSegment => OriginalBindingLevels is { Count: > 0 } levels ? FindSegment(levels[^1].SegmentId) : null;

    /// <summary>The segment bound at the top level, or null.</summary>
    public NetworkSegment? TopBoundSegment => FindSegment(BindingLevels.Count > 0 ? BindingLevels[0].SegmentId : null);

    /// <summary>The segment bound at the bottom level, or null.</summary>
    public NetworkSegment? BottomBoundSegment => FindSegment(BindingLevels.Count > 0 ? BindingLevels[^1].SegmentId : null);

    /// <summary>
    /// Completes the binding at this level (Neutron's <c>set_binding</c>).
    /// </summary>
    /// <param name="segmentId">The segment bound (one of <see cref="SegmentsToBind"/>).</param>
    /// <param name="vifType">The vif type the host should plug.</param>
    /// <param name="vifDetails">Details for the host, or null.</param>
    /// <param name="status">A port status to set on commit (e.g. ACTIVE), or null to leave it.</param>
    public abstract void SetBinding(string segmentId, string vifType, IReadOnlyDictionary<string, JsonElement>? vifDetails, string? status = null);

    /// <summary>
    /// Binds this level partially and asks the next level to bind <paramref name="nextSegmentsToBind"/> (Neutron's
    /// <c>continue_binding</c>, for hierarchical binding).
    /// </summary>
    /// <param name="segmentId">The segment bound at this level.</param>
    /// <param name="nextSegmentsToBind">The segments the next level must bind (e.g. a dynamic VLAN segment).</param>
    public abstract void ContinueBinding(string segmentId, IReadOnlyList<NetworkSegment> nextSegmentsToBind);

    /// <summary>
    /// Allocates (or reuses) a dynamic segment on the port's network: one per network and physical network (and
    /// segmentation id when given). Committed immediately in its own transaction.
    /// </summary>
    /// <param name="segment">The partial or full segment, e.g. <c>vlan</c> on <c>physnet1</c>.</param>
    /// <param name="cancellationToken">Cancels the allocation.</param>
    /// <returns>The dynamic segment.</returns>
    public abstract ValueTask<NetworkSegment> AllocateDynamicSegmentAsync(ProviderSegment segment, CancellationToken cancellationToken = default);

    /// <summary>Releases a dynamic segment of the port's network.</summary>
    /// <param name="segmentId">The segment.</param>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>A task that completes when the segment is released.</returns>
    public abstract ValueTask ReleaseDynamicSegmentAsync(string segmentId, CancellationToken cancellationToken = default);

    /// <summary>Finds a segment of the port's network (static or dynamic) by id.</summary>
    /// <param name="segmentId">The segment id.</param>
    /// <returns>The segment, or null.</returns>
    protected abstract NetworkSegment? FindSegment(string? segmentId);
}
