using Npgsql;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.PostgreSql;

/// <summary>Connections from an <see cref="NpgsqlDataSource"/> (Npgsql pools and auto-prepares statements).</summary>
internal sealed class PostgreSqlConnectionSource(NpgsqlDataSource dataSource, bool ownsDataSource) : ConnectionSource
{
    public override ValueTask<StoreConnection> RentWriterAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    public override ValueTask<StoreConnection> RentReaderAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    public override void Return(StoreConnection connection, bool writer) => connection.Dispose();

    public override ValueTask DisposeAsync() => ownsDataSource ? dataSource.DisposeAsync() : default;

    private async ValueTask<StoreConnection> OpenAsync(CancellationToken cancellationToken) =>
        new(await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false), cacheCommands: false);
}
