using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Drivers;
using Ml2.TypeDrivers;
using Xunit;

namespace Ml2.Core.Tests.TypeDrivers;

public sealed class BuiltInTypeDriversTests
{
    [Fact]
    public void ByNetworkType_always_lists_every_built_in_type() =>
        BuiltInTypeDrivers.ByNetworkType.Keys.Should().BeEquivalentTo("local", "flat", "vlan", "gre", "vxlan", "geneve");

    [Fact]
    public void ByNetworkType_when_activated_from_container_each_driver_owns_its_type()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IOptions<Ml2Options>>(new ThrowingOptions());
        using var provider = services.BuildServiceProvider();

        foreach (var (type, driverType) in BuiltInTypeDrivers.ByNetworkType)
        {
            var driver = (ITypeDriver)ActivatorUtilities.CreateInstance(provider, driverType);
            driver.NetworkType.Should().Be(type);
        }
    }
}
