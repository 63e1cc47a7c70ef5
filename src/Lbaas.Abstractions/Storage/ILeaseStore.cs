namespace Lbaas.Storage;

/// <summary>
/// Named leases shared by every controller instance (SQL table <c>lbaas_leases(name, owner, expires_at)</c>): controller
/// instances use them to serialise work that spans several transactions (wiring a device's ports). Each method is
/// atomic on its own.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes or renews a named lease, atomically: it is granted when nobody holds it, when the holder's lease expired
    /// (<c>expires_at &lt;= now</c>), or when <paramref name="owner"/> already holds it (a renewal); it then expires at
    /// <paramref name="now"/> + <paramref name="duration"/>. In SQL: <c>INSERT INTO lbaas_leases ... ON CONFLICT (name)
    /// DO UPDATE SET owner, expires_at WHERE lbaas_leases.expires_at &lt;= @now OR lbaas_leases.owner = @owner</c>.
    /// </summary>
    /// <param name="name">The lease, e.g. <c>device-wiring:adc-1</c>.</param>
    /// <param name="owner">Who takes it (one id per controller instance).</param>
    /// <param name="now">The current time.</param>
    /// <param name="duration">How long the lease holds without renewal (positive).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when <paramref name="owner"/> holds the lease now.</returns>
    ValueTask<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Gives a lease back (<c>DELETE ... WHERE name = @name AND owner = @owner</c>).</summary>
    /// <param name="name">The lease.</param>
    /// <param name="owner">Who held it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when <paramref name="owner"/> did not hold it (e.g. it expired and another took it).</returns>
    ValueTask<bool> ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken = default);
}
