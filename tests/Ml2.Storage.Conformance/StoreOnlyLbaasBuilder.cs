using Microsoft.Extensions.DependencyInjection;

namespace Ml2.Storage.Conformance;

/// <summary>
/// An <see cref="ILbaasBuilder"/> over a host's services without the rest of <c>AddLbaas()</c>: a store target
/// registers the LBaaS state store of its database with it (<c>UseSqliteStore</c>, <c>UsePostgreSqlStore</c>) next to
/// the ML2 store, as the conformance hosts need no load-balancer service.
/// </summary>
/// <param name="services">The host's services.</param>
public sealed class StoreOnlyLbaasBuilder(IServiceCollection services) : ILbaasBuilder
{
    /// <inheritdoc />
    public IServiceCollection Services { get; } = services;
}
