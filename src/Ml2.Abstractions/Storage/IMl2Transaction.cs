namespace Ml2.Storage;

/// <summary>
/// An open store transaction: the repositories and <see cref="CommitAsync"/>. Disposing without committing rolls
/// every change back, including pool allocations and driver-owned data written through <see cref="DriverData"/>.
/// Precommit hooks receive the open transaction through their context.
/// </summary>
public interface IMl2Transaction : IAsyncDisposable
{
    /// <summary>Whether this transaction only reads.</summary>
    bool IsReadOnly { get; }

    /// <summary>Networks (with their segments).</summary>
    INetworkRepository Networks { get; }

    /// <summary>Subnets.</summary>
    ISubnetRepository Subnets { get; }

    /// <summary>Ports (with their bindings).</summary>
    IPortRepository Ports { get; }

    /// <summary>Id pools: segment ids, IP addresses and MAC addresses, stored as ranges plus the ids in use.</summary>
    IIdPoolRepository Pools { get; }

    /// <summary>Rows that vendor drivers keep for themselves, in the same transaction.</summary>
    IDriverDataRepository DriverData { get; }

    /// <summary>
    /// The journal of changes for journaled mechanism drivers (<see cref="Journal.IJournaledMechanismDriver"/>): the
    /// plugin appends to it in the operation's transaction; the journal worker moves entries through their states.
    /// </summary>
    IJournalRepository Journal { get; }

    /// <summary>Makes every change of this transaction durable and visible. The transaction cannot be used afterwards.</summary>
    /// <param name="cancellationToken">Cancels the commit (before it starts).</param>
    /// <returns>A task that completes when the changes are committed.</returns>
    ValueTask CommitAsync(CancellationToken cancellationToken = default);
}
