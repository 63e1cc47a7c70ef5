using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2;
using Ml2.Drivers;
using Ml2.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds drivers and chooses the store of the ML2 plugin.</summary>
public static class Ml2BuilderExtensions
{
    /// <summary>Adds a mechanism driver (a singleton). Its <see cref="IMechanismDriver.Name"/> must be unique.</summary>
    /// <typeparam name="TDriver">The driver type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMl2Builder AddMechanismDriver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDriver>(this IMl2Builder builder)
        where TDriver : class, IMechanismDriver
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IMechanismDriver, TDriver>());
        return builder;
    }

    /// <summary>Adds a mechanism driver created by <paramref name="factory"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the driver.</param>
    /// <returns>The builder.</returns>
    public static IMl2Builder AddMechanismDriver(this IMl2Builder builder, Func<IServiceProvider, IMechanismDriver> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Adds a mechanism driver instance.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="driver">The driver.</param>
    /// <returns>The builder.</returns>
    public static IMl2Builder AddMechanismDriver(this IMl2Builder builder, IMechanismDriver driver)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(driver);
        builder.Services.AddSingleton(driver);
        return builder;
    }

    /// <summary>Adds a type driver (a singleton); it replaces a built-in of the same network type.</summary>
    /// <typeparam name="TDriver">The driver type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMl2Builder AddTypeDriver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDriver>(this IMl2Builder builder)
        where TDriver : class, ITypeDriver
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ITypeDriver, TDriver>());
        return builder;
    }

    /// <summary>Adds an extension driver (a singleton).</summary>
    /// <typeparam name="TDriver">The driver type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMl2Builder AddExtensionDriver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDriver>(this IMl2Builder builder)
        where TDriver : class, IExtensionDriver
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IExtensionDriver, TDriver>());
        return builder;
    }

    /// <summary>Keeps state in memory (the default): fast, transactional, gone when the process ends.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMl2Builder UseInMemoryStore(this IMl2Builder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IMl2Store, Ml2.Storage.InMemory.InMemoryMl2Store>());
        return builder;
    }

    /// <summary>Uses a store of your own.</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMl2Builder UseStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this IMl2Builder builder)
        where TStore : class, IMl2Store
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IMl2Store, TStore>());
        return builder;
    }

    /// <summary>Uses <paramref name="random"/> for every random choice (segment ids, addresses, MACs), e.g. a seeded source for reproducible runs.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="random">The random source (thread-safe).</param>
    /// <returns>The builder.</returns>
    public static IMl2Builder UseRandomSource(this IMl2Builder builder, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(random);
        builder.Services.Replace(ServiceDescriptor.Singleton(random));
        return builder;
    }
}
