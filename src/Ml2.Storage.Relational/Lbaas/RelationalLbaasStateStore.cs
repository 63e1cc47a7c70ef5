using Lbaas.Storage;
using Ml2.Exceptions;
using Ml2.Resilience;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Relational.Lbaas;

/// <summary>
/// The LBaaS state in the same SQL database as the ML2 state (tables <c>lbaas_objects</c>, <c>lbaas_devices</c>,
/// <c>lbaas_claims</c>, <c>lbaas_agents</c>, <c>lbaas_leases</c>): one object serving the four LBaaS store contracts.
/// Every method is one database transaction (objects change in an <see cref="ILbaasTransaction"/>); claims lock the device row
/// (PostgreSQL) or run under the single writer (SQLite) and re-check capacity from the stored claims, so controller
/// instances sharing the database can never overcommit a device. Split by concern: .Objects, .Devices, .Claims, .Agents, .Leases.
/// </summary>
internal sealed partial class RelationalLbaasStateStore(RelationalDatabase database, CredentialProtection credentials, ConflictRetry retry) : ILbaasObjectStore, IDeviceStore, IAgentStore, ILeaseStore
{
    /// <summary>The <c>ml2.operation</c> under which re-run store transactions are counted in <c>ml2.retries</c>.</summary>
    internal const string RetryOperation = "lbaas_store";

    private readonly CredentialProtection _credentials = credentials;

    /// <summary>The database every method runs in.</summary>
    private RelationalDatabase Database => database;

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed unless it throws; re-runs it when the database refused
    /// it because of a concurrent one (<see cref="StoreConflictException"/>), through the SDK's retry policy (bounded,
    /// exponential backoff with jitter); a revision conflict or any other error surfaces at once.
    /// The first call of this instance first encrypts passwords left in plain text (see .Devices).
    /// </summary>
    private async ValueTask<T> RunAsync<T>(bool readOnly, Func<SqlSession, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        if (!_credentialsChecked)
        {
            await EnsureCredentialsProtectedAsync(cancellationToken).ConfigureAwait(false);
        }

        return await RunCoreAsync(readOnly, work, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<T> RunCoreAsync<T>(bool readOnly, Func<SqlSession, ValueTask<T>> work, CancellationToken cancellationToken) =>
        retry.ExecuteOnStoreConflictAsync(
            RetryOperation, static (s, ct) => s.Self.RunOnceAsync(s.ReadOnly, s.Work, ct), (Self: this, ReadOnly: readOnly, Work: work), cancellationToken);

    private async ValueTask<T> RunOnceAsync<T>(bool readOnly, Func<SqlSession, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        var session = await database.BeginAsync(readOnly, cancellationToken).ConfigureAwait(false);
        T result;
        try
        {
            result = await work(session).ConfigureAwait(false);
        }
        catch
        {
            await database.CompleteAsync(session, commit: false, readOnly, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await database.CompleteAsync(session, commit: !readOnly, readOnly, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
