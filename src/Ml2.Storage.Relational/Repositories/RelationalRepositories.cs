using Ml2.Model;
using Ml2.Storage.Relational.Serialization;

namespace Ml2.Storage.Relational.Repositories;

/// <summary>The networks table (segments travel in the network's body).</summary>
internal sealed class RelationalNetworkRepository(RelationalTransaction transaction, ResourceSql sql)
    : RelationalResourceRepository<Network>(transaction, RowCodecs.Networks, sql), INetworkRepository;

/// <summary>The subnets table.</summary>
internal sealed class RelationalSubnetRepository(RelationalTransaction transaction, ResourceSql sql)
    : RelationalResourceRepository<Subnet>(transaction, RowCodecs.Subnets, sql), ISubnetRepository
{
    public ValueTask<IReadOnlyList<Subnet>> ListByNetworkAsync(string networkId, CancellationToken cancellationToken = default) =>
        ListByGroupAsync(networkId, cancellationToken);
}

/// <summary>The ports table.</summary>
internal sealed class RelationalPortRepository(RelationalTransaction transaction, ResourceSql sql)
    : RelationalResourceRepository<Port>(transaction, RowCodecs.Ports, sql), IPortRepository
{
    public ValueTask<IReadOnlyList<Port>> ListByNetworkAsync(string networkId, CancellationToken cancellationToken = default) =>
        ListByGroupAsync(networkId, cancellationToken);

    public ValueTask<int> CountByNetworkAsync(string networkId, CancellationToken cancellationToken = default) =>
        CountByGroupAsync(networkId, cancellationToken);

    public ValueTask<IReadOnlyList<Port>> ListByMacAddressAsync(string macAddress, CancellationToken cancellationToken = default) =>
        ListByLookupAsync(macAddress, cancellationToken);

    public ValueTask<bool> AnyWithMacAddressAsync(string macAddress, string? networkId = null, string? exceptPortId = null, CancellationToken cancellationToken = default) =>
        AnyByLookupAsync(macAddress, networkId, exceptPortId, cancellationToken);
}
