using Ml2.Storage.Relational.Sql;

namespace Lbaas.Storage.Relational;

/// <summary>Leases: a named lock with an owner and an expiry, taken and renewed in one statement.</summary>
internal sealed partial class RelationalLbaasStateStore
{
    public ValueTask<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return RunAsync(readOnly: false, async session => await session.ExecuteAsync(
            "INSERT INTO lbaas_leases (name, owner, expires_at) VALUES (@name, @owner, @expires) ON CONFLICT (name) DO UPDATE " +
            "SET owner = excluded.owner, expires_at = excluded.expires_at WHERE lbaas_leases.expires_at <= @now OR lbaas_leases.owner = @owner",
            cancellationToken,
            new SqlArg("name", name),
            new SqlArg("owner", owner),
            new SqlArg("expires", (now + duration).UtcTicks),
            new SqlArg("now", now.UtcTicks)).ConfigureAwait(false) == 1, cancellationToken);
    }

    public ValueTask<bool> ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(owner);
        return RunAsync(readOnly: false, async session => await session.ExecuteAsync(
            "DELETE FROM lbaas_leases WHERE name = @name AND owner = @owner",
            cancellationToken,
            new SqlArg("name", name),
            new SqlArg("owner", owner)).ConfigureAwait(false) > 0, cancellationToken);
    }
}
