using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Validation;

/// <summary>Extension attributes must be owned by a loaded extension driver.</summary>
public sealed class ExtensionAttributeValidationTests
{
    private static readonly IReadOnlyDictionary<string, System.Text.Json.JsonElement> s_unowned = ExtensionAttributes.From(("vendor:colour", "red"));

    [Theory]
    [InlineData(ResourceKind.Network)]
    [InlineData(ResourceKind.Subnet)]
    [InlineData(ResourceKind.Port)]
    public async Task CreateAsync_when_extension_attribute_has_no_owning_driver_throws_invalid_input_naming_it_and_store_unchanged(ResourceKind kind)
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });
        await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        Func<Task> act = kind switch
        {
            ResourceKind.Network => async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { ExtensionAttributes = s_unowned }),
            ResourceKind.Subnet => async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.1.0.0/24", ExtensionAttributes = s_unowned }),
            _ => async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, ExtensionAttributes = s_unowned }),
        };

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(act);

        ex.Field.Should().Be("vendor:colour");
        ex.Value.Should().Contain("red");
        ex.Field.Should().Be("vendor:colour");
        ex.Value.Should().Be("\"red\"");
    }

    [Fact]
    public async Task UpdatePortAsync_when_extension_attribute_has_no_owning_driver_throws_invalid_input_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });
        var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.UpdatePortAsync(TestHost.Admin, port.Id, new PortUpdateRequest { Name = "renamed", ExtensionAttributes = s_unowned }));

        ex.Field.Should().Be("vendor:colour");
    }
}
