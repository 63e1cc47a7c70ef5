using Ml2.Model;

namespace Ml2.Storage.InMemory;

/// <summary>The networks table of an in-memory transaction.</summary>
internal sealed class InMemoryNetworkRepository(InMemoryTable<Network> table, InMemoryTransaction transaction)
    : InMemoryResourceRepository<Network>(table, transaction, "Network"), INetworkRepository;

/// <summary>The subnets table of an in-memory transaction.</summary>
internal sealed class InMemorySubnetRepository(InMemoryTable<Subnet> table, InMemoryTransaction transaction)
    : InMemoryResourceRepository<Subnet>(table, transaction, "Subnet"), ISubnetRepository
{
    public ValueTask<IReadOnlyList<Subnet>> ListByNetworkAsync(string networkId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ListGroup(networkId));
}

/// <summary>The ports table of an in-memory transaction.</summary>
internal sealed class InMemoryPortRepository(InMemoryTable<Port> table, InMemoryTransaction transaction)
    : InMemoryResourceRepository<Port>(table, transaction, "Port"), IPortRepository
{
    public ValueTask<IReadOnlyList<Port>> ListByNetworkAsync(string networkId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ListGroup(networkId));

    public ValueTask<int> CountByNetworkAsync(string networkId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ListGroup(networkId).Count);

    public ValueTask<IReadOnlyList<Port>> ListByMacAddressAsync(string macAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(macAddress);
        return ValueTask.FromResult(ListLookup(macAddress));
    }

    public ValueTask<bool> AnyWithMacAddressAsync(string macAddress, string? networkId = null, string? exceptPortId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(macAddress);
        return ValueTask.FromResult(AnyLookup(macAddress, (networkId, exceptPortId), static (port, filter) =>
            (filter.networkId is null || string.Equals(port.NetworkId, filter.networkId, StringComparison.Ordinal))
            && !string.Equals(port.Id, filter.exceptPortId, StringComparison.Ordinal)));
    }
}
