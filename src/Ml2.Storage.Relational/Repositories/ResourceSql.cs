namespace Ml2.Storage.Relational.Repositories;

/// <summary>
/// The statements of one resource table (built once per store: the ordering column depends on the dialect). A grouped
/// table has a <c>network_id</c> column; a table with a lookup column (ports: <c>mac_address</c>) is also read by it.
/// </summary>
internal sealed class ResourceSql
{
    public ResourceSql(string table, bool grouped, string insertionOrder, string? lookupColumn = null)
    {
        var columns = "id, revision, body";
        var values = "@id, @revision, @body";
        var sets = "revision = @revision, body = @body";
        UpdateKeepingKeys = $"UPDATE {table} SET {sets} WHERE id = @id AND revision = @expected";
        if (grouped)
        {
            (columns, values, sets) = (columns + ", network_id", values + ", @group", sets + ", network_id = @group");
        }

        if (lookupColumn is not null)
        {
            (columns, values, sets) = (columns + $", {lookupColumn}", values + ", @lookup", sets + $", {lookupColumn} = @lookup");
            ListByLookup = $"SELECT body FROM {table} WHERE {lookupColumn} = @lookup ORDER BY {insertionOrder}";
            AnyByLookup = $"SELECT 1 FROM {table} WHERE {lookupColumn} = @lookup LIMIT 1";
            AnyByLookupInGroup = $"SELECT 1 FROM {table} WHERE {lookupColumn} = @lookup AND network_id = @group LIMIT 1";
            AnyByLookupExcept = $"SELECT 1 FROM {table} WHERE {lookupColumn} = @lookup AND id <> @id LIMIT 1";
            AnyByLookupInGroupExcept = $"SELECT 1 FROM {table} WHERE {lookupColumn} = @lookup AND network_id = @group AND id <> @id LIMIT 1";
        }

        Find = $"SELECT body FROM {table} WHERE id = @id";
        List = $"SELECT body FROM {table} ORDER BY {insertionOrder}";
        Insert = $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT (id) DO NOTHING";
        Update = $"UPDATE {table} SET {sets} WHERE id = @id AND revision = @expected";
        Revision = $"SELECT revision FROM {table} WHERE id = @id";
        Delete = $"DELETE FROM {table} WHERE id = @id";
        DeleteRevision = $"DELETE FROM {table} WHERE id = @id AND revision = @expected";
        ListByGroup = $"SELECT body FROM {table} WHERE network_id = @group ORDER BY {insertionOrder}";
        CountByGroup = $"SELECT COUNT(*) FROM {table} WHERE network_id = @group";
    }

    public string Find { get; }

    public string List { get; }

    public string Insert { get; }

    public string Update { get; }

    /// <summary>
    /// The update of a row whose network and lookup column keep their values: only the revision and the body are set, so
    /// the indexes on the other columns are not written (SQLite rewrites an index entry whenever an UPDATE sets one of
    /// its columns, even to the same value).
    /// </summary>
    public string UpdateKeepingKeys { get; }

    public string Revision { get; }

    public string Delete { get; }

    public string DeleteRevision { get; }

    public string ListByGroup { get; }

    public string CountByGroup { get; }

    /// <summary>The rows with one value in the lookup column, or null when the table has none.</summary>
    public string? ListByLookup { get; }

    /// <summary>Whether a row has the value in the lookup column (1 or nothing).</summary>
    public string? AnyByLookup { get; }

    /// <summary>Whether a row of one network has the value in the lookup column.</summary>
    public string? AnyByLookupInGroup { get; }

    /// <summary>Whether a row other than <c>@id</c> has the value in the lookup column.</summary>
    public string? AnyByLookupExcept { get; }

    /// <summary>Whether a row of one network other than <c>@id</c> has the value in the lookup column.</summary>
    public string? AnyByLookupInGroupExcept { get; }
}
