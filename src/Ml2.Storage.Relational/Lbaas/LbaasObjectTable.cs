using Lbaas;
using Lbaas.Storage;
using Ml2.Exceptions;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Relational.Lbaas;

/// <summary>
/// The statements of one object table in <c>lbaas_objects</c>: JSON bodies keyed by the table's type key and the
/// object's id; load balancers compare-and-set on their revision.
/// </summary>
/// <typeparam name="T">The stored object type.</typeparam>
/// <param name="key">The value of the <c>type</c> column.</param>
/// <param name="idOf">The id an object is stored under.</param>
internal sealed class LbaasObjectTable<T>(string key, Func<T, string> idOf)
    where T : class
{
    private static string Name => LbaasStoredTypes.ResourceName(typeof(T));

    public async ValueTask<T?> FindAsync(SqlSession session, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var body = await session.ScalarAsync(
            "SELECT body FROM lbaas_objects WHERE type = @type AND id = @id",
            cancellationToken,
            new SqlArg("type", key),
            new SqlArg("id", id)).ConfigureAwait(false);
        return body is string text ? Deserialize(text) : null;
    }

    public async ValueTask<IReadOnlyList<T>> ListAsync(SqlSession session, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"SELECT body FROM lbaas_objects WHERE type = @type ORDER BY {session.Dialect.InsertionOrderColumn}",
            r => Deserialize(r.GetString(0)),
            cancellationToken,
            new SqlArg("type", key)).ConfigureAwait(false);

    public async ValueTask<T> AddAsync(SqlSession session, T value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        var id = idOf(value);
        if (value is LoadBalancer lb)
        {
            value = (T)(object)(lb with { RevisionNumber = 1 });
        }

        var inserted = await session.ExecuteAsync(
            "INSERT INTO lbaas_objects (type, id, revision, body) VALUES (@type, @id, @revision, @body) ON CONFLICT (type, id) DO NOTHING",
            cancellationToken,
            new SqlArg("type", key),
            new SqlArg("id", id),
            new SqlArg("revision", RevisionOf(value)),
            new SqlArg("body", LbaasJson.Serialize(value))).ConfigureAwait(false);
        return inserted == 1 ? value : throw new ConflictException($"{Name} {id} already exists.");
    }

    public async ValueTask<T> UpdateAsync(SqlSession session, T value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        var id = idOf(value);
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
                ? [new SqlArg("body", LbaasJson.Serialize(value)), new SqlArg("type", key), new SqlArg("id", id)]
                : [new SqlArg("body", LbaasJson.Serialize(value)), new SqlArg("revision", expected + 1), new SqlArg("type", key), new SqlArg("id", id), new SqlArg("expected", expected)])
            .ConfigureAwait(false);
        if (changed == 1)
        {
            return value;
        }

        var stored = await session.Int64Async(
            "SELECT revision FROM lbaas_objects WHERE type = @type AND id = @id",
            cancellationToken,
            new SqlArg("type", key),
            new SqlArg("id", id)).ConfigureAwait(false);
        throw stored is { } actual && expected is { } wanted
            ? new ConcurrencyConflictException(Name, id, wanted, actual)
            : new ResourceNotFoundException(Name, id);
    }

    public async ValueTask<bool> RemoveAsync(SqlSession session, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await session.ExecuteAsync(
            "DELETE FROM lbaas_objects WHERE type = @type AND id = @id",
            cancellationToken,
            new SqlArg("type", key),
            new SqlArg("id", id)).ConfigureAwait(false) > 0;
    }

    private static long RevisionOf(T value) => value is LoadBalancer lb ? lb.RevisionNumber : 0;

    private static T Deserialize(string body) => LbaasJson.Deserialize<T>(body)
        ?? throw new InvalidDataException($"A row of lbaas_objects holds no {typeof(T).Name}.");
}

/// <summary>The six object tables and their type keys (the <c>type</c> column; the schema is unchanged).</summary>
internal static class LbaasObjectTables
{
    public static readonly LbaasObjectTable<LoadBalancer> LoadBalancers = new("loadbalancer", static lb => lb.Id);

    public static readonly LbaasObjectTable<Listener> Listeners = new("listener", static l => l.Id);

    public static readonly LbaasObjectTable<LoadBalancerPool> Pools = new("pool", static p => p.Id);

    public static readonly LbaasObjectTable<Member> Members = new("member", static m => m.Id);

    public static readonly LbaasObjectTable<HealthMonitor> HealthMonitors = new("healthmonitor", static h => h.Id);

    public static readonly LbaasObjectTable<LoadBalancerPlacementRecord> Placements = new("placement", static p => p.LoadBalancerId);
}
