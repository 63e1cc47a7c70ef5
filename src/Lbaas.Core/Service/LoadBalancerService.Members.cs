using Lbaas.Agents;
using Ml2.Exceptions;
using Ml2.Lbaas;
using Ml2.Plugin;

namespace Lbaas.Service;

internal sealed partial class LoadBalancerService
{
    public async ValueTask<Member> CreateMemberAsync(CallerContext caller, MemberCreateRequest request, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        LbaasInput.Id("pool_id", request.PoolId);
        var pool = await VisibleAsync<LoadBalancerPool>(caller, request.PoolId, p => p.TenantId, cancellationToken).ConfigureAwait(false);
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

        await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var member = new Member
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
        };
        var lb = await _store.WriteAsync(
            w =>
            {
                var locked = ObjectGraph.TestAndSetStatus(w, pool.LoadBalancerId, ProvisioningStatus.PendingUpdate, now);
                if (w.List<Member>(m => m.PoolId == pool.Id && m.Address == address && m.ProtocolPort == port).Count > 0)
                {
                    throw new ConflictException($"Another member on this pool is already using ip {address} on protocol_port {port}");
                }

                w.Insert(member);
                return locked;
            },
            cancellationToken).ConfigureAwait(false);
        await SubmitAsync(AgentOperationAction.Create, lb, member, null, member.Id, cancellationToken).ConfigureAwait(false);
        return member;
    }

    public async ValueTask<Member> GetMemberAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await VisibleAsync<Member>(caller, id, m => m.TenantId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Member>> ListMembersAsync(CallerContext caller, string? poolId = null, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await ListVisibleAsync<Member>(caller, m => m.TenantId, m => poolId is null || m.PoolId == poolId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Member> UpdateMemberAsync(CallerContext caller, string id, MemberUpdateRequest request, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        await VisibleAsync<Member>(caller, id, m => m.TenantId, cancellationToken).ConfigureAwait(false);
        var weight = request.Weight is { } w0 ? LbaasInput.Range("weight", w0, 0, 256) : (int?)null;
        await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var (lb, original, updated) = await _store.WriteAsync(
            w =>
            {
                var before = w.Find<Member>(id) ?? throw new ResourceNotFoundException("Member", id);
                var pool = w.Find<LoadBalancerPool>(before.PoolId) ?? throw new ResourceNotFoundException("Pool", before.PoolId);
                var locked = ObjectGraph.TestAndSetStatus(w, pool.LoadBalancerId, ProvisioningStatus.PendingUpdate, now);
                ObjectGraph.EnsureNotPending(LoadBalancerObjectType.Member, id, before.ProvisioningStatus);
                var after = w.Update(before with
                {
                    Weight = weight ?? before.Weight,
                    AdminStateUp = request.AdminStateUp ?? before.AdminStateUp,
                    ProvisioningStatus = ProvisioningStatus.PendingUpdate,
                    UpdatedAt = now,
                });
                return (locked, before, after);
            },
            cancellationToken).ConfigureAwait(false);
        await SubmitAsync(AgentOperationAction.Update, lb, updated, original, id, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    public async ValueTask DeleteMemberAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        await VisibleAsync<Member>(caller, id, m => m.TenantId, cancellationToken).ConfigureAwait(false);
        await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var (lb, member) = await _store.WriteAsync(
            w =>
            {
                var current = w.Find<Member>(id) ?? throw new ResourceNotFoundException("Member", id);
                var pool = w.Find<LoadBalancerPool>(current.PoolId) ?? throw new ResourceNotFoundException("Pool", current.PoolId);
                var locked = ObjectGraph.TestAndSetStatus(w, pool.LoadBalancerId, ProvisioningStatus.PendingUpdate, now);
                ObjectGraph.EnsureNotPending(LoadBalancerObjectType.Member, id, current.ProvisioningStatus);
                return (locked, w.Update(current with { ProvisioningStatus = ProvisioningStatus.PendingDelete, UpdatedAt = now }));
            },
            cancellationToken).ConfigureAwait(false);
        await SubmitAsync(AgentOperationAction.Delete, lb, member, null, id, cancellationToken).ConfigureAwait(false);
    }
}
