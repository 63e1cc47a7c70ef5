using System.Data.Common;

namespace Ml2.Storage.Relational.Sql;

/// <summary>An open connection lent to one transaction, with the prepared commands it keeps between uses.</summary>
internal sealed class StoreConnection(DbConnection connection, bool cacheCommands) : IDisposable
{
    /// <summary>The connection.</summary>
    public DbConnection Connection { get; } = connection;

    /// <summary>Commands by SQL text, kept prepared for the life of the connection (null when the provider prepares itself).</summary>
    public Dictionary<string, DbCommand>? Commands { get; } = cacheCommands ? new(StringComparer.Ordinal) : null;

    /// <summary>Whether an error left the connection unusable (it is then closed instead of reused).</summary>
    public bool Broken { get; set; }

    public void Dispose()
    {
        if (Commands is not null)
        {
            foreach (var command in Commands.Values)
            {
                command.Dispose();
            }

            Commands.Clear();
        }

        Connection.Dispose();
    }
}
