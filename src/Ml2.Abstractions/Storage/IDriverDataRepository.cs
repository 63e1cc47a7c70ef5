namespace Ml2.Storage;

/// <summary>
/// Rows a vendor driver keeps for itself, in the caller's transaction: written in precommit, they commit or roll
/// back with the operation. A table is a name the driver chooses (prefix it with the driver name); values are text
/// (typically JSON) that the driver serialises itself.
/// </summary>
public interface IDriverDataRepository
{
    /// <summary>Reads one row.</summary>
    /// <param name="table">The driver's table name.</param>
    /// <param name="key">The row key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or null.</returns>
    ValueTask<string?> GetAsync(string table, string key, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces one row.</summary>
    /// <param name="table">The driver's table name.</param>
    /// <param name="key">The row key.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the row is written.</returns>
    ValueTask SetAsync(string table, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Deletes one row.</summary>
    /// <param name="table">The driver's table name.</param>
    /// <param name="key">The row key.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether the row existed.</returns>
    ValueTask<bool> RemoveAsync(string table, string key, CancellationToken cancellationToken = default);

    /// <summary>Lists every row of a table.</summary>
    /// <param name="table">The driver's table name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows, ordered by key.</returns>
    ValueTask<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(string table, CancellationToken cancellationToken = default);
}
