using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Validation;

/// <summary>Names are at most 255 characters (Neutron's NAME_MAX_LEN).</summary>
public sealed class NameLengthValidationTests
{
    private static readonly string s_tooLong = new('n', 256);

    [Fact]
    public async Task CreateNetworkAsync_when_name_is_256_characters_throws_invalid_input_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "existing" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = s_tooLong }));

        ex.ShouldName("name", s_tooLong);
        ex.Message.Should().Contain("255");
    }

    [Fact]
    public async Task CreateNetworkAsync_when_name_is_255_characters_creates_the_network()
    {
        await using var host = TestHost.Create();
        var name = new string('n', 255);

        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = name });

        network.Name.Should().Be(name);
    }

    [Fact]
    public async Task CreateSubnetAsync_when_name_is_256_characters_throws_invalid_input_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24", Name = s_tooLong }));

        ex.ShouldName("name", s_tooLong);
    }

    [Fact]
    public async Task CreatePortAsync_when_name_is_256_characters_throws_invalid_input_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });
        await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, Name = s_tooLong }));

        ex.ShouldName("name", s_tooLong);
    }

    [Fact]
    public async Task UpdateAsync_when_name_is_256_characters_throws_invalid_input_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });
        var subnet = await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id });

        (await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.UpdateNetworkAsync(TestHost.Admin, network.Id, new NetworkUpdateRequest { Name = s_tooLong }))).ShouldName("name", s_tooLong);
        (await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.UpdateSubnetAsync(TestHost.Admin, subnet.Id, new SubnetUpdateRequest { Name = s_tooLong }))).ShouldName("name", s_tooLong);
        (await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.UpdatePortAsync(TestHost.Admin, port.Id, new PortUpdateRequest { Name = s_tooLong }))).ShouldName("name", s_tooLong);
    }
}
