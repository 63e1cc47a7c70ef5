using System.Text.Json;
using Lbaas.Storage;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Storage.Relational.Sql;

namespace Lbaas.Storage.Relational;

/// <summary>Load balancers and their children: JSON bodies keyed by type and id; load balancers compare-and-set on their revision.</summary>
internal sealed partial class RelationalLbaasStateStore
{
    public ValueTask<T?> FindAsync<T>(string id, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync(readOnly: true, session => new ObjectWriter(session).FindAsync<T>(id, cancellationToken), cancellationToken);
    }

    public ValueTask<IReadOnlyList<T>> ListAsync<T>(CancellationToken cancellationToken = default)
        where T : class =>
        RunAsync(readOnly: true, session => new ObjectWriter(session).ListAsync<T>(cancellationToken), cancellationToken);

    public ValueTask<TResult> WriteAsync<TResult>(Func<ILbaasStateWriter, ValueTask<TResult>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunOnceAsync(readOnly: false, session => work(new ObjectWriter(session)), cancellationToken);
    }

    /// <summary>The objects as seen by one transaction.</summary>
    private sealed class ObjectWriter(SqlSession session) : ILbaasStateWriter
    {
        public async ValueTask<T?> FindAsync<T>(string id, CancellationToken cancellationToken = default)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(id);
            var body = await session.ScalarAsync(
                "SELECT body FROM lbaas_objects WHERE type = @type AND id = @id",
                cancellationToken,
                new SqlArg("type", LbaasStoredTypes.KeyOf(typeof(T))),
                new SqlArg("id", id)).ConfigureAwait(false);
            return body is string text ? Deserialize<T>(text) : null;
        }

        public async ValueTask<IReadOnlyList<T>> ListAsync<T>(CancellationToken cancellationToken = default)
            where T : class =>
            await session.QueryAsync(
                $"SELECT body FROM lbaas_objects WHERE type = @type ORDER BY {session.Dialect.InsertionOrderColumn}",
                r => Deserialize<T>(r.GetString(0)),
                cancellationToken,
                new SqlArg("type", LbaasStoredTypes.KeyOf(typeof(T)))).ConfigureAwait(false);

        public async ValueTask<T> InsertAsync<T>(T value, CancellationToken cancellationToken = default)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(value);
            var id = LbaasStoredTypes.IdOf(value);
            if (value is LoadBalancer lb)
            {
                value = (T)(object)(lb with { RevisionNumber = 1 });
            }

            var inserted = await session.ExecuteAsync(
                "INSERT INTO lbaas_objects (type, id, revision, body) VALUES (@type, @id, @revision, @body) ON CONFLICT (type, id) DO NOTHING",
                cancellationToken,
                new SqlArg("type", LbaasStoredTypes.KeyOf(typeof(T))),
                new SqlArg("id", id),
                new SqlArg("revision", RevisionOf(value)),
                new SqlArg("body", Serialize(value))).ConfigureAwait(false);
            return inserted == 1 ? value : throw new ConflictException($"{LbaasStoredTypes.ResourceName(typeof(T))} {id} already exists.");
        }

        public async ValueTask<T> UpdateAsync<T>(T value, CancellationToken cancellationToken = default)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(value);
            var id = LbaasStoredTypes.IdOf(value);
            var type = LbaasStoredTypes.KeyOf(typeof(T));
            long? expected = null;
            if (value is LoadBalancer lb)
            {
                expected = lb.RevisionNumber;
                value = (T)(object)(lb with { RevisionNumber = lb.RevisionNumber + 1 });
            }

            var changed = await session.ExecuteAsync(
                expected is null
                    ? "UPDATE lbaas_objects SET body = @body WHERE type = @type AND id = @id"
                    : "UPDATE lbaas_objects SET body = @body, revision = @revision WHERE type = @type AND id = @id AND revision = @expected",
                cancellationToken,
                expected is null
                    ? [new SqlArg("body", Serialize(value)), new SqlArg("type", type), new SqlArg("id", id)]
                    : [new SqlArg("body", Serialize(value)), new SqlArg("revision", expected + 1), new SqlArg("type", type), new SqlArg("id", id), new SqlArg("expected", expected)])
                .ConfigureAwait(false);
            if (changed == 1)
            {
                return value;
            }

            var stored = await session.Int64Async(
                "SELECT revision FROM lbaas_objects WHERE type = @type AND id = @id",
                cancellationToken,
                new SqlArg("type", type),
                new SqlArg("id", id)).ConfigureAwait(false);
            throw stored is { } actual && expected is { } wanted
                ? new ConcurrencyConflictException(LbaasStoredTypes.ResourceName(typeof(T)), id, wanted, actual)
                : new ResourceNotFoundException(LbaasStoredTypes.ResourceName(typeof(T)), id);
        }

        public async ValueTask<bool> DeleteAsync<T>(string id, CancellationToken cancellationToken = default)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(id);
            return await session.ExecuteAsync(
                "DELETE FROM lbaas_objects WHERE type = @type AND id = @id",
                cancellationToken,
                new SqlArg("type", LbaasStoredTypes.KeyOf(typeof(T))),
                new SqlArg("id", id)).ConfigureAwait(false) > 0;
        }

        private static long RevisionOf(object value) => value is LoadBalancer lb ? lb.RevisionNumber : 0;

        private static string Serialize<T>(T value) => LbaasJson.Serialize(value);

        private static T Deserialize<T>(string body) => LbaasJson.Deserialize<T>(body)
            ?? throw new InvalidDataException($"A row of lbaas_objects holds no {typeof(T).Name}.");
    }
}
