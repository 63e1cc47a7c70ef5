using Ml2.Exceptions;
using Ml2.Storage.Relational.Serialization;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Relational.Repositories;

/// <summary>
/// One resource table in SQL: the row is the id, the revision (and the network for subnets and ports) plus the JSON
/// body. Updates are a compare-and-set on the revision column, so a concurrent writer can never be overwritten.
/// Removes are one too for a row this transaction has read: at READ COMMITTED (PostgreSQL) two transactions can both
/// read a row and both delete it - the second delete waits for the first, then removes nothing - so without the check
/// both operations would commit as successful deletes, and the loser would release the ids (VNI, MAC, IPs) it read,
/// which by then may belong to another resource. The loser gets a <see cref="ConcurrencyConflictException"/> instead
/// and its retry sees the row gone, as with the serialised in-memory store.
/// </summary>
internal class RelationalResourceRepository<T>(RelationalTransaction transaction, RowCodec<T> codec, ResourceSql sql)
    : IResourceRepository<T>
    where T : class
{
    // The revision of every row this (read-write) transaction read or wrote, by id: what RemoveAsync compares with.
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    // The network and lookup-column value (ports: the MAC) of the rows this transaction read or wrote, by id: an update
    // that keeps both leaves those columns (and their indexes) alone.
    private readonly Dictionary<string, (string? Group, string? Lookup)>? _seenKeys =
        codec.GroupOf is null && codec.LookupOf is null ? null : new(StringComparer.Ordinal);

    public async ValueTask<T?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var body = await transaction.Session.ScalarAsync(sql.Find, cancellationToken, new SqlArg("id", id)).ConfigureAwait(false);
        return body is string text ? Seen(codec.Deserialize(text)) : null;
    }

    public async ValueTask<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfCompleted();
        return await transaction.Session.QueryAsync(sql.List, r => Seen(codec.Deserialize(r.GetString(0))), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask AddAsync(T resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var session = transaction.WriteSession();
        var id = codec.IdOf(resource);
        var inserted = await session.ExecuteAsync(sql.Insert, cancellationToken, Row(resource, id)).ConfigureAwait(false);
        if (inserted == 0)
        {
            throw new ConflictException($"{codec.ResourceType} {id} already exists.");
        }

        Seen(resource);
    }

    public async ValueTask UpdateAsync(T resource, long expectedRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var session = transaction.WriteSession();
        var id = codec.IdOf(resource);
        var args = Row(resource, id);
        Array.Resize(ref args, args.Length + 1);
        args[^1] = new SqlArg("expected", expectedRevision);
        var statement = _seenKeys is null || (_seenKeys.TryGetValue(id, out var stored) && stored == KeysOf(resource))
            ? sql.UpdateKeepingKeys
            : sql.Update;
        if (await session.ExecuteAsync(statement, cancellationToken, args).ConfigureAwait(false) == 0)
        {
            var actual = await session.Int64Async(sql.Revision, cancellationToken, new SqlArg("id", id)).ConfigureAwait(false);
            throw new ConcurrencyConflictException(codec.ResourceType, id, expectedRevision, actual);
        }

        Seen(resource);
    }

    public async ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var session = transaction.WriteSession();
        if (!_seen.Remove(id, out var expected))
        {
            return await session.ExecuteAsync(sql.Delete, cancellationToken, new SqlArg("id", id)).ConfigureAwait(false) > 0;
        }

        if (await session.ExecuteAsync(sql.DeleteRevision, cancellationToken, new SqlArg("id", id), new SqlArg("expected", expected)).ConfigureAwait(false) == 0)
        {
            // Read by this transaction, then deleted or changed by a concurrent one before this delete.
            var actual = await session.Int64Async(sql.Revision, cancellationToken, new SqlArg("id", id)).ConfigureAwait(false);
            throw new ConcurrencyConflictException(codec.ResourceType, id, expected, actual);
        }

        return true;
    }

    /// <summary>The rows of one network, in insertion order.</summary>
    protected async ValueTask<IReadOnlyList<T>> ListByGroupAsync(string group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        transaction.ThrowIfCompleted();
        return await transaction.Session.QueryAsync(sql.ListByGroup, r => Seen(codec.Deserialize(r.GetString(0))), cancellationToken, new SqlArg("group", group))
            .ConfigureAwait(false);
    }

    /// <summary>The number of rows of one network.</summary>
    protected async ValueTask<int> CountByGroupAsync(string group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        transaction.ThrowIfCompleted();
        return (int)(await transaction.Session.Int64Async(sql.CountByGroup, cancellationToken, new SqlArg("group", group)).ConfigureAwait(false) ?? 0);
    }

    /// <summary>The rows with one value in the lookup column, in insertion order.</summary>
    protected async ValueTask<IReadOnlyList<T>> ListByLookupAsync(string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        transaction.ThrowIfCompleted();
        var statement = sql.ListByLookup ?? throw new InvalidOperationException($"{codec.Table} has no lookup column.");
        return await transaction.Session.QueryAsync(statement, r => Seen(codec.Deserialize(r.GetString(0))), cancellationToken, new SqlArg("lookup", value))
            .ConfigureAwait(false);
    }

    /// <summary>Whether a row has the value in the lookup column, of one network and other than one row when given.</summary>
    protected async ValueTask<bool> AnyByLookupAsync(string value, string? group, string? exceptId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        transaction.ThrowIfCompleted();
        var statement = (group, exceptId) switch
        {
            (null, null) => sql.AnyByLookup,
            (not null, null) => sql.AnyByLookupInGroup,
            (null, not null) => sql.AnyByLookupExcept,
            _ => sql.AnyByLookupInGroupExcept,
        } ?? throw new InvalidOperationException($"{codec.Table} has no lookup column.");
        var args = new List<SqlArg>(3) { new("lookup", value) };
        if (group is not null)
        {
            args.Add(new SqlArg("group", group));
        }

        if (exceptId is not null)
        {
            args.Add(new SqlArg("id", exceptId));
        }

        return await transaction.Session.ScalarAsync(statement, cancellationToken, [.. args]).ConfigureAwait(false) is not null and not DBNull;
    }

    /// <summary>Remembers the revision of a row a read-write transaction read or wrote.</summary>
    private T Seen(T resource)
    {
        if (!transaction.IsReadOnly)
        {
            _seen[codec.IdOf(resource)] = codec.RevisionOf(resource);
            if (_seenKeys is not null)
            {
                _seenKeys[codec.IdOf(resource)] = KeysOf(resource);
            }
        }

        return resource;
    }

    private (string? Group, string? Lookup) KeysOf(T resource) => (codec.GroupOf?.Invoke(resource), codec.LookupOf?.Invoke(resource));

    private SqlArg[] Row(T resource, string id)
    {
        var args = new List<SqlArg>(5)
        {
            new("id", id), new("revision", codec.RevisionOf(resource)), new("body", codec.Serialize(resource)),
        };
        if (codec.GroupOf is { } group)
        {
            args.Add(new SqlArg("group", group(resource)));
        }

        if (codec.LookupOf is { } lookup)
        {
            args.Add(new SqlArg("lookup", lookup(resource)));
        }

        return [.. args];
    }
}
