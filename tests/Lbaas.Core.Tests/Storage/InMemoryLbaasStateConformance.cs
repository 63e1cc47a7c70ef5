using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2.Storage.Conformance;

namespace Lbaas.Core.Tests.Storage;

/// <summary>The in-memory LBaaS state store as a conformance target: a database is one store instance every host shares.</summary>
public sealed class InMemoryLbaasStoreTarget : StoreTarget
{
    public override Task<object> CreateDatabaseAsync() => Task.FromResult<object>(new InMemoryLbaasStateStore());

    public override void Use(IMl2Builder builder, object database) =>
        builder.Services.Replace(ServiceDescriptor.Singleton<ILbaasStateStore>((InMemoryLbaasStateStore)database));
}

public sealed class InMemoryLbaasStateConformance() : LbaasStateConformanceTests(new InMemoryLbaasStoreTarget());
