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
        if (grouped)
        {
            (columns, values, sets) = (columns + ", network_id", values + ", @group", sets + ", network_id = @group");
        }

        if (lookupColumn is not null)
        {
            (columns, values, sets) = (columns + $", {lookupColumn}", values + ", @lookup", sets + $", {lookupColumn} = @lookup");
            ListByLookup = $"SELECT body FROM {table} WHERE {lookupColumn} = @lookup ORDER BY {insertionOrder}";
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

    public string Revision { get; }

    public string Delete { get; }

    public string DeleteRevision { get; }

    public string ListByGroup { get; }

    public string CountByGroup { get; }

    /// <summary>The rows with one value in the lookup column, or null when the table has none.</summary>
    public string? ListByLookup { get; }
}
