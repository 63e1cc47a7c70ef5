using System.Data.Common;
using System.Text.Json;
using Lbaas.Devices;
using Lbaas.Storage;
using Ml2.Storage.Relational.Sql;

namespace Lbaas.Storage.Relational;

/// <summary>
/// Capacity claims: each claim locks its device row, re-checks VIP and network capacity from the stored claims and
/// bumps the device revision, in one transaction.
/// </summary>
internal sealed partial class RelationalLbaasStateStore
{
    public ValueTask<ClaimResult> TryClaimAsync(string deviceId, LoadBalancerClaim claim, long? expectedDeviceRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(claim);
        return RunAsync(readOnly: false, async session =>
        {
            if (await ReadDeviceAsync(session, deviceId, lockRow: true, cancellationToken, credentials: false).ConfigureAwait(false) is not { } device)
            {
                return new ClaimResult(ClaimStatus.NotFound, 0);
            }

            var revision = device.RevisionNumber;
            if (expectedDeviceRevision is { } expected && expected != revision)
            {
                return new ClaimResult(ClaimStatus.RevisionConflict, revision);
            }

            var claims = await ReadClaimsAsync(session, deviceId, cancellationToken).ConfigureAwait(false);
            if (claims.Any(c => string.Equals(c.LoadBalancerId, claim.LoadBalancerId, StringComparison.Ordinal)))
            {
                return new ClaimResult(ClaimStatus.AlreadyClaimed, revision);
            }

            if (await PlacedOnAsync(session, claim, cancellationToken).ConfigureAwait(false) is { } placedOn)
            {
                return new ClaimResult(ClaimStatus.AlreadyPlaced, revision) { PlacedOnDeviceId = placedOn };
            }

            var networks = claims.SelectMany(NetworksOf).ToHashSet(StringComparer.Ordinal);
            if (ClaimAdmission.Evaluate(device.Capacity, new StoredLoad(claims.Count, networks), claim.VipNetworkId, claim.MemberNetworkId) is var admission and not ClaimStatus.Claimed)
            {
                return new ClaimResult(admission, revision);
            }

            // The unique key (load_balancer_id, slot) settles a race with a claim of the same slot on another device
            // (whose row lock this transaction does not hold): the loser inserts nothing.
            var inserted = await session.ExecuteAsync(
                "INSERT INTO lbaas_claims (device_id, load_balancer_id, slot, body) VALUES (@device, @lb, @slot, @body) ON CONFLICT (load_balancer_id, slot) DO NOTHING",
                cancellationToken,
                new SqlArg("device", deviceId),
                new SqlArg("lb", claim.LoadBalancerId),
                new SqlArg("slot", claim.Slot),
                new SqlArg("body", LbaasJson.Serialize(claim))).ConfigureAwait(false);
            if (inserted == 0)
            {
                return new ClaimResult(ClaimStatus.AlreadyPlaced, revision) { PlacedOnDeviceId = await PlacedOnAsync(session, claim, cancellationToken).ConfigureAwait(false) };
            }

            return new ClaimResult(ClaimStatus.Claimed, await BumpAsync(session, deviceId, cancellationToken).ConfigureAwait(false));
        }, cancellationToken);
    }

    public ValueTask<long?> ReleaseClaimAsync(string deviceId, string loadBalancerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(loadBalancerId);
        return RunAsync<long?>(readOnly: false, async session =>
        {
            if (await ReadDeviceAsync(session, deviceId, lockRow: true, cancellationToken, credentials: false).ConfigureAwait(false) is null)
            {
                return null;
            }

            var deleted = await session.ExecuteAsync(
                "DELETE FROM lbaas_claims WHERE device_id = @device AND load_balancer_id = @lb",
                cancellationToken,
                new SqlArg("device", deviceId),
                new SqlArg("lb", loadBalancerId)).ConfigureAwait(false);
            return deleted == 0 ? null : await BumpAsync(session, deviceId, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public ValueTask<long?> SetClaimVipAddressAsync(string deviceId, string loadBalancerId, string vipAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(loadBalancerId);
        ArgumentNullException.ThrowIfNull(vipAddress);
        return RunAsync<long?>(readOnly: false, async session =>
        {
            if (await ReadDeviceAsync(session, deviceId, lockRow: true, cancellationToken, credentials: false).ConfigureAwait(false) is not { } device)
            {
                return null;
            }

            var claim = (await ReadClaimsAsync(session, deviceId, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(c => string.Equals(c.LoadBalancerId, loadBalancerId, StringComparison.Ordinal));
            if (claim is null)
            {
                return null;
            }

            if (string.Equals(claim.VipAddress, vipAddress, StringComparison.Ordinal))
            {
                return device.RevisionNumber;
            }

            await session.ExecuteAsync(
                "UPDATE lbaas_claims SET body = @body WHERE device_id = @device AND load_balancer_id = @lb",
                cancellationToken,
                new SqlArg("body", LbaasJson.Serialize(claim with { VipAddress = vipAddress })),
                new SqlArg("device", deviceId),
                new SqlArg("lb", loadBalancerId)).ConfigureAwait(false);
            return await BumpAsync(session, deviceId, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public ValueTask<IReadOnlyList<DeviceClaim>> ListClaimsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<DeviceClaim>>(
            readOnly: true,
            async session => await session.QueryAsync("SELECT device_id, body, slot FROM lbaas_claims ORDER BY device_id, load_balancer_id", ReadDeviceClaim, cancellationToken)
                .ConfigureAwait(false),
            cancellationToken);

    /// <summary>The device holding the load balancer's claim in the claim's slot, or null.</summary>
    private static async ValueTask<string?> PlacedOnAsync(SqlSession session, LoadBalancerClaim claim, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync(
            "SELECT device_id FROM lbaas_claims WHERE load_balancer_id = @lb AND slot = @slot",
            r => r.GetString(0),
            cancellationToken,
            new SqlArg("lb", claim.LoadBalancerId),
            new SqlArg("slot", claim.Slot)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static async ValueTask<List<LoadBalancerClaim>> ReadClaimsAsync(SqlSession session, string deviceId, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            "SELECT body, slot FROM lbaas_claims WHERE device_id = @device ORDER BY load_balancer_id",
            r => DeserializeClaim(r.GetString(0), r.GetInt32(1)),
            cancellationToken,
            new SqlArg("device", deviceId)).ConfigureAwait(false);

    private static DeviceClaim ReadDeviceClaim(DbDataReader row) => new(row.GetString(0), DeserializeClaim(row.GetString(1), row.GetInt32(2)));

    // The slot column is the truth (bodies written before schema version 5 carry none).
    private static LoadBalancerClaim DeserializeClaim(string body, int slot) =>
        (LbaasJson.Deserialize<LoadBalancerClaim>(body) ?? throw new InvalidDataException("A row of lbaas_claims holds no claim.")) with { Slot = slot };

    /// <summary>The networks a claim needs: its VIP network and its member network (once when they are the same).</summary>
    private static IEnumerable<string> NetworksOf(LoadBalancerClaim claim)
    {
        yield return claim.VipNetworkId;
        if (claim.MemberNetworkId is { } member && !string.Equals(member, claim.VipNetworkId, StringComparison.Ordinal))
        {
            yield return member;
        }
    }

    private static async ValueTask<long> BumpAsync(SqlSession session, string deviceId, CancellationToken cancellationToken) =>
        await session.Int64Async("UPDATE lbaas_devices SET revision = revision + 1 WHERE id = @id RETURNING revision", cancellationToken, new SqlArg("id", deviceId))
            .ConfigureAwait(false) ?? throw new InvalidOperationException($"Device {deviceId} vanished while locked.");

    /// <summary>A device's stored load, as <see cref="ClaimAdmission"/> reads it.</summary>
    private readonly struct StoredLoad(int claimCount, HashSet<string> networks) : IDeviceLoad
    {
        public int ClaimCount => claimCount;

        public int NetworkCount => networks.Count;

        public bool IsWiredTo(string networkId) => networks.Contains(networkId);
    }
}
