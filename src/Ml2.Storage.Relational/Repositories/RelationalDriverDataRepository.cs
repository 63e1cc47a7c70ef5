using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Relational.Repositories;

/// <summary>Driver-owned rows in the <c>ml2_driver_data</c> table, in the operation's transaction.</summary>
internal sealed class RelationalDriverDataRepository(RelationalTransaction transaction) : IDriverDataRepository
{
    public async ValueTask<string?> GetAsync(string table, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(key);
        return await transaction.Session.ScalarAsync(
            "SELECT value FROM ml2_driver_data WHERE tbl = @tbl AND key = @key",
            cancellationToken,
            new SqlArg("tbl", table),
            new SqlArg("key", key)).ConfigureAwait(false) as string;
    }

    public async ValueTask SetAsync(string table, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        await transaction.WriteSession().ExecuteAsync(
            "INSERT INTO ml2_driver_data (tbl, key, value) VALUES (@tbl, @key, @value) ON CONFLICT (tbl, key) DO UPDATE SET value = excluded.value",
            cancellationToken,
            new SqlArg("tbl", table),
            new SqlArg("key", key),
            new SqlArg("value", value)).ConfigureAwait(false);
    }

    public async ValueTask<bool> RemoveAsync(string table, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(key);
        return await transaction.WriteSession().ExecuteAsync(
            "DELETE FROM ml2_driver_data WHERE tbl = @tbl AND key = @key",
            cancellationToken,
            new SqlArg("tbl", table),
            new SqlArg("key", key)).ConfigureAwait(false) > 0;
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(string table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return await transaction.Session.QueryAsync(
            "SELECT key, value FROM ml2_driver_data WHERE tbl = @tbl ORDER BY key",
            r => KeyValuePair.Create(r.GetString(0), r.GetString(1)),
            cancellationToken,
            new SqlArg("tbl", table)).ConfigureAwait(false);
    }
}
