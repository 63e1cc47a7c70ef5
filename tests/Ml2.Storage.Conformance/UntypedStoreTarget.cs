using Microsoft.Extensions.DependencyInjection;

namespace Ml2.Storage.Conformance;

// TEMPORARY: the LBaaS suite (LbaasStateConformanceTests) and the tests over it still take an untyped target and read
// the LBaaS stores from the ML2 conformance host. These adapters keep them compiling while that suite is rewritten for
// the new LBaaS store contract; they go when it moves to Lbaas.Storage.TestKit with a typed target of its own that
// registers through ILbaasBuilder. New code uses Ml2.Storage.TestKit.StoreTarget<TDatabase> and StoreSuite<TDatabase>.

/// <summary>An untyped store target (the database is an <see cref="object"/>), for the LBaaS suite until it has its own kit.</summary>
public abstract class StoreTarget : StoreTarget<object>
{
    /// <summary>A typed target whose database is text (the SQLite and PostgreSQL targets), as an untyped one.</summary>
    public static implicit operator StoreTarget(StoreTarget<string> typed) => new Untyped<string>(typed);

    private sealed class Untyped<TDatabase>(StoreTarget<TDatabase> typed) : StoreTarget
        where TDatabase : notnull
    {
        public override async Task<object> CreateDatabaseAsync() => await typed.CreateDatabaseAsync();

        public override void Use(IMl2Builder builder, object database) => typed.Use(builder, (TDatabase)database);
    }
}

/// <summary>An untyped suite base, for the LBaaS suite until it has its own kit.</summary>
public abstract class StoreSuite(StoreTarget target) : StoreSuite<object>(target);

/// <summary>The LBaaS stores of a conformance host (registered by the store target), for the LBaaS suite until it has its own kit.</summary>
public static class LbaasConformanceHostExtensions
{
    extension(ConformanceHost host)
    {
        /// <summary>The LBaaS object store of this host.</summary>
        public global::Lbaas.Storage.ILbaasObjectStore LbaasObjects => host.Services.GetRequiredService<global::Lbaas.Storage.ILbaasObjectStore>();

        /// <summary>The LBaaS device store of this host.</summary>
        public global::Lbaas.Storage.IDeviceStore LbaasDevices => host.Services.GetRequiredService<global::Lbaas.Storage.IDeviceStore>();

        /// <summary>The LBaaS agent store of this host.</summary>
        public global::Lbaas.Storage.IAgentStore LbaasAgents => host.Services.GetRequiredService<global::Lbaas.Storage.IAgentStore>();

        /// <summary>The LBaaS lease store of this host.</summary>
        public global::Lbaas.Storage.ILeaseStore LbaasLeases => host.Services.GetRequiredService<global::Lbaas.Storage.ILeaseStore>();
    }
}
