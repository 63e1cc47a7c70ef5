using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2.Storage;
using Ml2.Storage.Conformance;
using Ml2.Storage.InMemory;

namespace Ml2.Core.Tests.Storage.Conformance;

/// <summary>The in-memory store as a conformance target: a "database" is one store instance that every host over it shares.</summary>
public sealed class InMemoryStoreTarget : StoreTarget
{
    public override Task<object> CreateDatabaseAsync() => Task.FromResult<object>(new InMemoryMl2Store(new TestRandom(99)));

    public override void Use(IMl2Builder builder, object database) =>
        builder.Services.Replace(ServiceDescriptor.Singleton<IMl2Store>((InMemoryMl2Store)database));
}

public sealed class InMemoryResourceConformance() : ResourceConformanceTests(new InMemoryStoreTarget());

public sealed class InMemoryTransactionConformance() : TransactionConformanceTests(new InMemoryStoreTarget());

public sealed class InMemoryPoolConformance() : PoolConformanceTests(new InMemoryStoreTarget());

public sealed class InMemoryRangeChangeConformance() : RangeChangeConformanceTests(new InMemoryStoreTarget());

public sealed class InMemoryPluginConformance() : PluginConformanceTests(new InMemoryStoreTarget());

public sealed class InMemoryJournalConformance() : JournalConformanceTests(new InMemoryStoreTarget());
