using System.Diagnostics.CodeAnalysis;
using Lbaas.Agents;
using Lbaas.Configuration;
using Lbaas.Placement;
using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Lbaas;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds drivers, providers, placement policies, device provisioners and the agent transport to LBaaS.</summary>
public static class LbaasBuilderExtensions
{
    /// <summary>
    /// Adds a load-balancer driver (a singleton). Providers refer to it by its <see cref="ILoadBalancerDriver.Name"/>,
    /// which must be unique.
    /// </summary>
    /// <typeparam name="TDriver">The driver type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ILbaasBuilder AddLoadBalancerDriver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDriver>(this ILbaasBuilder builder)
        where TDriver : class, ILoadBalancerDriver
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancerDriver, TDriver>());
        return builder;
    }

    /// <summary>Adds a load-balancer driver instance (adding the same instance twice counts once).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="driver">The driver.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="driver"/> is null.</exception>
    public static ILbaasBuilder AddLoadBalancerDriver(this ILbaasBuilder builder, ILoadBalancerDriver driver)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(driver);
        builder.Services.AddSingleton(driver);
        return builder;
    }

    /// <summary>Adds a load-balancer driver created by <paramref name="factory"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the driver.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="factory"/> is null.</exception>
    public static ILbaasBuilder AddLoadBalancerDriver(this ILbaasBuilder builder, Func<IServiceProvider, ILoadBalancerDriver> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>
    /// Configures a provider in code: appends <c>LOADBALANCERV2:<paramref name="name"/>:<paramref name="driverName"/>[:default]</c>
    /// to <see cref="LbaasOptions.Providers"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The provider name users pick.</param>
    /// <param name="driverName">The <see cref="ILoadBalancerDriver.Name"/> of its driver.</param>
    /// <param name="isDefault">Whether it is the default provider (exactly one must be).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="driverName"/> is empty.</exception>
    public static ILbaasBuilder AddProvider(this ILbaasBuilder builder, string name, string driverName, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(driverName);
        var entry = $"{LbaasOptions.ServiceType}:{name}:{driverName}{(isDefault ? ":default" : "")}";
        builder.Services.Configure<LbaasOptions>(o => o.Providers.Add(entry));
        return builder;
    }

    /// <summary>Configures a flavor in code (appended to <see cref="LbaasOptions.Flavors"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="flavor">The flavor.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="flavor"/> is null.</exception>
    public static ILbaasBuilder AddFlavor(this ILbaasBuilder builder, LoadBalancerFlavorOptions flavor)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(flavor);
        builder.Services.Configure<LbaasOptions>(o => o.Flavors.Add(flavor));
        return builder;
    }

    /// <summary>Sets placement options in code (policies, weights, top-k, provisioning); they are validated at start.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is null.</exception>
    public static ILbaasBuilder ConfigurePlacement(this ILbaasBuilder builder, Action<PlacementOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Adds a placement policy (a singleton); its <see cref="IPlacementPolicy.Name"/> must be unique.</summary>
    /// <typeparam name="TPolicy">The policy type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ILbaasBuilder AddPlacementPolicy<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TPolicy>(this ILbaasBuilder builder)
        where TPolicy : class, IPlacementPolicy
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, TPolicy>());
        return builder;
    }

    /// <summary>Adds a placement policy instance.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="policy"/> is null.</exception>
    public static ILbaasBuilder AddPlacementPolicy(this ILbaasBuilder builder, IPlacementPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(policy);
        builder.Services.AddSingleton(policy);
        return builder;
    }

    /// <summary>Adds a device provisioner (a singleton) that spawns virtual devices for its provider when nothing fits.</summary>
    /// <typeparam name="TProvisioner">The provisioner type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ILbaasBuilder AddDeviceProvisioner<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvisioner>(this ILbaasBuilder builder)
        where TProvisioner : class, IDeviceProvisioner
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeviceProvisioner, TProvisioner>());
        return builder;
    }

    /// <summary>Adds a device provisioner instance.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="provisioner">The provisioner.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="provisioner"/> is null.</exception>
    public static ILbaasBuilder AddDeviceProvisioner(this ILbaasBuilder builder, IDeviceProvisioner provisioner)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(provisioner);
        builder.Services.AddSingleton(provisioner);
        return builder;
    }

    /// <summary>
    /// Replaces the in-process agents with another transport (a message bus, gRPC) that reaches agents in other
    /// processes; it delivers their heartbeats and reports to the <see cref="IAgentStatusSink"/> it is connected to.
    /// </summary>
    /// <typeparam name="TTransport">The transport type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ILbaasBuilder UseAgentTransport<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TTransport>(this ILbaasBuilder builder)
        where TTransport : class, ILbaasAgentTransport
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<ILbaasAgentTransport, TTransport>());
        return builder;
    }

    /// <summary>Replaces the in-process agents with a transport instance (see <see cref="UseAgentTransport{TTransport}(ILbaasBuilder)"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="transport">The transport.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="transport"/> is null.</exception>
    public static ILbaasBuilder UseAgentTransport(this ILbaasBuilder builder, ILbaasAgentTransport transport)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(transport);
        builder.Services.Replace(ServiceDescriptor.Singleton(transport));
        return builder;
    }

    /// <summary>
    /// Replaces the in-memory LBaaS stores with one object of <typeparamref name="TStore"/> (a singleton) that serves all
    /// four store contracts (<see cref="ILbaasObjectStore"/>, <see cref="IDeviceStore"/>, <see cref="IAgentStore"/>,
    /// <see cref="ILeaseStore"/>), for example a durable SQL store that several controller instances share. It becomes
    /// the source of truth for load balancers, devices, claims, agents and leases; <c>StartLbaasAsync()</c> loads devices
    /// and claims from it.
    /// </summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ILbaasBuilder UseStateStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this ILbaasBuilder builder)
        where TStore : class, ILbaasObjectStore, IDeviceStore, IAgentStore, ILeaseStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<TStore, TStore>());
        builder.Services.Replace(ServiceDescriptor.Singleton<ILbaasObjectStore>(sp => sp.GetRequiredService<TStore>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IDeviceStore>(sp => sp.GetRequiredService<TStore>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IAgentStore>(sp => sp.GetRequiredService<TStore>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<ILeaseStore>(sp => sp.GetRequiredService<TStore>()));
        return builder;
    }

    /// <summary>
    /// Replaces the LBaaS stores with one instance that serves all four store contracts (see
    /// <see cref="UseStateStore{TStore}(ILbaasBuilder)"/>); the container does not dispose it, so several hosts can share
    /// one instance.
    /// </summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="store">The store.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="store"/> is null.</exception>
    public static ILbaasBuilder UseStateStore<TStore>(this ILbaasBuilder builder, TStore store)
        where TStore : class, ILbaasObjectStore, IDeviceStore, IAgentStore, ILeaseStore =>
        builder.UseStateStore(store, store, store, store);

    /// <summary>
    /// Replaces the LBaaS stores with one instance per contract (they may be the same object); the container does not
    /// dispose them, so several hosts can share them (hosts sharing the in-memory stores of another host, for example).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="objects">Load balancers and their children.</param>
    /// <param name="devices">Devices and their claims.</param>
    /// <param name="agents">Agents.</param>
    /// <param name="leases">Leases.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ILbaasBuilder UseStateStore(this ILbaasBuilder builder, ILbaasObjectStore objects, IDeviceStore devices, IAgentStore agents, ILeaseStore leases)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(leases);
        builder.Services.Replace(ServiceDescriptor.Singleton(objects));
        builder.Services.Replace(ServiceDescriptor.Singleton(devices));
        builder.Services.Replace(ServiceDescriptor.Singleton(agents));
        builder.Services.Replace(ServiceDescriptor.Singleton(leases));
        return builder;
    }

    /// <summary>
    /// Encrypts device passwords at rest with <paramref name="protector"/> instead of the SQL stores' default (ASP.NET
    /// Core Data Protection with the key ring in <see cref="Lbaas.Configuration.LbaasOptions.CredentialKeyRingDirectory"/>).
    /// Every controller instance sharing a database must use a protector that unprotects what the others protected.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="protector">The protector (a singleton; the container does not dispose it).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="protector"/> is null.</exception>
    public static ILbaasBuilder UseSecretProtector(this ILbaasBuilder builder, ISecretProtector protector)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(protector);
        builder.Services.Replace(ServiceDescriptor.Singleton(protector));
        return builder;
    }
}
