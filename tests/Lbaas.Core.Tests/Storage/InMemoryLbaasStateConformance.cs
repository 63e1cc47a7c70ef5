using Lbaas.Storage;
using Lbaas.Storage.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lbaas.Core.Tests.Storage;

/// <summary>
/// The in-memory LBaaS stores (what <c>AddLbaas()</c> registers) as a conformance target: a database is one instance
/// of each store, shared by every host over it.
/// </summary>
public sealed class InMemoryLbaasStoreTarget : LbaasStoreTarget<InMemoryLbaasStoreTarget.Stores>
{
    public override Task<Stores> CreateDatabaseAsync() =>
        Task.FromResult(new Stores(new InMemoryLbaasObjectStore(), new InMemoryDeviceStore(), new InMemoryAgentStore(), new InMemoryLeaseStore()));

    public override void Use(ILbaasBuilder builder, Stores database)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton<ILbaasObjectStore>(database.Objects));
        builder.Services.Replace(ServiceDescriptor.Singleton<IDeviceStore>(database.Devices));
        builder.Services.Replace(ServiceDescriptor.Singleton<IAgentStore>(database.Agents));
        builder.Services.Replace(ServiceDescriptor.Singleton<ILeaseStore>(database.Leases));
    }

    /// <summary>One in-memory database: the four stores.</summary>
    public sealed record Stores(ILbaasObjectStore Objects, IDeviceStore Devices, IAgentStore Agents, ILeaseStore Leases);
}

public sealed class InMemoryLbaasStateConformance() : LbaasStateConformanceTests<InMemoryLbaasStoreTarget.Stores>(new InMemoryLbaasStoreTarget());
