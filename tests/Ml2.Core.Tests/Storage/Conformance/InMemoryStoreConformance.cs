using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2.Storage;
using Ml2.Storage.InMemory;
using Ml2.Storage.TestKit;

namespace Ml2.Core.Tests.Storage.Conformance;

/// <summary>The in-memory store as a conformance target: a "database" is one store instance that every host over it shares.</summary>
public sealed class InMemoryStoreTarget : StoreTarget<IMl2Store>
{
    public override Task<IMl2Store> CreateDatabaseAsync() => Task.FromResult<IMl2Store>(new InMemoryMl2Store(new TestRandom(99)));

    public override void Use(IMl2Builder builder, IMl2Store database) =>
        builder.Services.Replace(ServiceDescriptor.Singleton<IMl2Store>(database));
}

public sealed class InMemoryResourceConformance() : ResourceConformanceTests<IMl2Store>(new InMemoryStoreTarget());

public sealed class InMemoryTransactionConformance() : TransactionConformanceTests<IMl2Store>(new InMemoryStoreTarget());

public sealed class InMemoryPoolConformance() : PoolConformanceTests<IMl2Store>(new InMemoryStoreTarget());

public sealed class InMemoryRangeChangeConformance() : RangeChangeConformanceTests<IMl2Store>(new InMemoryStoreTarget());

public sealed class InMemoryPluginConformance() : PluginConformanceTests<IMl2Store>(new InMemoryStoreTarget());

public sealed class InMemoryJournalConformance() : JournalConformanceTests<IMl2Store>(new InMemoryStoreTarget());
