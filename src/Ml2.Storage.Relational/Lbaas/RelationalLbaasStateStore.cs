using Lbaas.Storage;
using Ml2.Exceptions;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Relational.Lbaas;

/// <summary>
/// The LBaaS state in the same SQL database as the ML2 state (tables <c>lbaas_objects</c>, <c>lbaas_devices</c>,
/// <c>lbaas_claims</c>, <c>lbaas_agents</c>). Every method is one database transaction; claims lock the device row
/// (PostgreSQL) or run under the single writer (SQLite) and re-check capacity from the stored claims, so controller
/// instances sharing the database can never overcommit a device. Split by concern: .Objects, .Devices, .Claims, .Agents.
/// </summary>
internal sealed partial class RelationalLbaasStateStore(RelationalDatabase database, CredentialProtection credentials) : ILbaasStateStore
{
    /// <summary>How often a single-method transaction is re-run after the database reported a conflict.</summary>
    private const int MaxConflictRetries = 10;

    private readonly CredentialProtection _credentials = credentials;

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed unless it throws; re-runs it on a database conflict.
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

    private async ValueTask<T> RunCoreAsync<T>(bool readOnly, Func<SqlSession, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(readOnly, work, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreConflictException) when (attempt < MaxConflictRetries)
            {
            }
        }
    }

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
