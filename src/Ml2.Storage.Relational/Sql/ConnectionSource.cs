namespace Ml2.Storage.Relational.Sql;

/// <summary>Lends open connections to transactions: one for a writer, one for a reader.</summary>
internal abstract class ConnectionSource : IAsyncDisposable
{
    /// <summary>Opens (or reuses) a connection for a read-write transaction; may wait for another writer of this process.</summary>
    public abstract ValueTask<StoreConnection> RentWriterAsync(CancellationToken cancellationToken);

    /// <summary>Opens (or reuses) a connection for a read-only transaction.</summary>
    public abstract ValueTask<StoreConnection> RentReaderAsync(CancellationToken cancellationToken);

    /// <summary>Takes a connection back after its transaction ended.</summary>
    public abstract void Return(StoreConnection connection, bool writer);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}
