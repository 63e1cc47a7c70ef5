using Lbaas.Agents;
using Lbaas.Storage;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Plugin;

namespace Lbaas.Service;

internal sealed partial class LoadBalancerService
{
    private static readonly ChildKind<Member> MemberKind = new(
        s => s.Members,
        w => w.Members,
        "Member",
        LoadBalancerObjectType.Member,
        m => m.Id,
        m => m.TenantId,
        m => m.ProvisioningStatus,
        async (w, m) => (await ParentPoolAsync(w, m.PoolId).ConfigureAwait(false)).LoadBalancerId,
        (m, status, now) => m with { ProvisioningStatus = status, UpdatedAt = now });

    public async ValueTask<Member> CreateMemberAsync(CallerContext caller, MemberCreateRequest request, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        LbaasInput.Id("pool_id", request.PoolId);
        var pool = await VisibleAsync(_store.Pools, caller, request.PoolId, p => p.TenantId, cancellationToken).ConfigureAwait(false);
        var address = LbaasInput.IpAddress("address", request.Address);
        var port = LbaasInput.Range("protocol_port", request.ProtocolPort, 1, 65535);
        var weight = LbaasInput.Range("weight", request.Weight ?? 1, 0, 256);
        if (request.SubnetId is not null)
        {
            LbaasInput.Id("subnet_id", request.SubnetId);
            try
            {
                await _ml2.GetSubnetAsync(caller, request.SubnetId, cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceNotFoundException ex)
            {
                throw new InvalidInputException("subnet_id", request.SubnetId, $"Subnet {request.SubnetId} not found", ex);
            }
        }

        return await CreateChildAsync(
            MemberKind,
            pool.LoadBalancerId,
            now => new Member
            {
                Id = NewId(),
                TenantId = pool.TenantId,
                PoolId = pool.Id,
                Address = address,
                ProtocolPort = port,
                SubnetId = request.SubnetId,
                Weight = weight,
                AdminStateUp = request.AdminStateUp ?? true,
                ProvisioningStatus = ProvisioningStatus.PendingCreate,
                OperatingStatus = OperatingStatus.Offline,
                UpdatedAt = now,
            },
            async (w, _) =>
            {
                if ((await w.Members.ListWhereAsync(m => m.PoolId == pool.Id && m.Address == address && m.ProtocolPort == port).ConfigureAwait(false)).Count > 0)
                {
                    throw new ConflictException($"Another member on this pool is already using ip {address} on protocol_port {port}");
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Member> GetMemberAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await VisibleAsync(_store.Members, caller, id, m => m.TenantId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Member>> ListMembersAsync(CallerContext caller, string? poolId = null, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await ListVisibleAsync(_store.Members, caller, m => m.TenantId, m => poolId is null || m.PoolId == poolId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Member> UpdateMemberAsync(CallerContext caller, string id, MemberUpdateRequest request, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        await VisibleAsync(_store.Members, caller, id, m => m.TenantId, cancellationToken).ConfigureAwait(false);
        var weight = request.Weight is { } w0 ? LbaasInput.Range("weight", w0, 0, 256) : (int?)null;
        return await UpdateChildAsync(
            MemberKind,
            id,
            (_, before) => ValueTask.FromResult(before with
            {
                Weight = weight ?? before.Weight,
                AdminStateUp = request.AdminStateUp ?? before.AdminStateUp,
            }),
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DeleteMemberAsync(CallerContext caller, string id, CancellationToken cancellationToken = default) =>
        DeleteChildAsync(caller, MemberKind, id, null, cancellationToken);
}
