namespace Ml2.Storage.Relational.Repositories;

/// <summary>The statements of one resource table (built once per store: the ordering column depends on the dialect).</summary>
internal sealed class ResourceSql
{
    public ResourceSql(string table, bool grouped, string insertionOrder)
    {
        Find = $"SELECT body FROM {table} WHERE id = @id";
        List = $"SELECT body FROM {table} ORDER BY {insertionOrder}";
        Insert = grouped
            ? $"INSERT INTO {table} (id, network_id, revision, body) VALUES (@id, @group, @revision, @body) ON CONFLICT (id) DO NOTHING"
            : $"INSERT INTO {table} (id, revision, body) VALUES (@id, @revision, @body) ON CONFLICT (id) DO NOTHING";
        Update = grouped
            ? $"UPDATE {table} SET network_id = @group, revision = @revision, body = @body WHERE id = @id AND revision = @expected"
            : $"UPDATE {table} SET revision = @revision, body = @body WHERE id = @id AND revision = @expected";
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
}
