namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// An <see cref="ILbaasBuilder"/> over services without the rest of <c>AddLbaas()</c> (no load-balancer service, no
/// options validation): a test registers an LBaaS store with it (<c>UseSqliteStore</c>, <c>UsePostgreSqlStore</c>,
/// yours), alone or next to the ML2 store of the same database. <see cref="Lbaas.Storage.TestKit.LbaasConformanceHost"/>
/// hands one to <see cref="Lbaas.Storage.TestKit.LbaasStoreTarget{TDatabase}.Use"/>.
/// </summary>
/// <param name="services">The services.</param>
public sealed class StoreOnlyLbaasBuilder(IServiceCollection services) : ILbaasBuilder
{
    /// <inheritdoc />
    public IServiceCollection Services { get; } = services;
}
