using Lbaas;
using Lbaas.Placement.Judging;
using Lbaas.Storage;

namespace Lbaas.Placement.Policies;

/// <summary>Rejects a device without a free VIP slot, or without room for the networks the request would newly wire it into.</summary>
internal sealed class CapacityPolicy : BuiltInPolicy
{
    public const string AtVipCapacity = "at VIP capacity";

    public const string AtNetworkCapacity = "at network capacity";

    public override string Name => PlacementPolicyNames.Capacity;

    public override PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device)
    {
        var facts = device.Facts;
        return ClaimAdmission.Evaluate(facts.MaxVips, facts.MaxNetworks, device, request.Request.VipNetworkId, request.Request.MemberNetworkId) switch
        {
            ClaimStatus.AtVipCapacity => PlacementVerdict.Reject(AtVipCapacity),
            ClaimStatus.AtNetworkCapacity => PlacementVerdict.Reject(AtNetworkCapacity),
            _ => PlacementVerdict.Accept(),
        };
    }
}
