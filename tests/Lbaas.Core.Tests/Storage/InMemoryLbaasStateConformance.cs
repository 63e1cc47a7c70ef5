using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2.Storage.Conformance;

namespace Lbaas.Core.Tests.Storage;

/// <summary>The in-memory LBaaS stores as a conformance target: a database is one instance of each store, shared by every host.</summary>
public sealed class InMemoryLbaasStoreTarget : StoreTarget
{
    public override Task<object> CreateDatabaseAsync() =>
        Task.FromResult<object>(new Database(new InMemoryLbaasObjectStore(), new InMemoryDeviceStore(), new InMemoryAgentStore(), new InMemoryLeaseStore()));

    public override void Use(IMl2Builder builder, object database)
    {
        var stores = (Database)database;
        builder.Services.Replace(ServiceDescriptor.Singleton<ILbaasObjectStore>(stores.Objects));
        builder.Services.Replace(ServiceDescriptor.Singleton<IDeviceStore>(stores.Devices));
        builder.Services.Replace(ServiceDescriptor.Singleton<IAgentStore>(stores.Agents));
        builder.Services.Replace(ServiceDescriptor.Singleton<ILeaseStore>(stores.Leases));
    }

    private sealed record Database(InMemoryLbaasObjectStore Objects, InMemoryDeviceStore Devices, InMemoryAgentStore Agents, InMemoryLeaseStore Leases);
}

public sealed class InMemoryLbaasStateConformance() : LbaasStateConformanceTests(new InMemoryLbaasStoreTarget());
