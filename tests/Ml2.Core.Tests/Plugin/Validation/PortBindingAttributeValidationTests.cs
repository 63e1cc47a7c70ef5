using System.Text.Json;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Validation;

/// <summary>binding:vnic_type and binding:profile.</summary>
public sealed class PortBindingAttributeValidationTests
{
    [Theory]
    [InlineData("bogus")]
    [InlineData("NORMAL")]
    [InlineData("")]
    public async Task CreatePortAsync_when_vnic_type_is_unknown_throws_invalid_input_naming_it_and_store_unchanged(string vnicType)
    {
        var (host, network) = await CreateNetworkAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, VnicType = vnicType }));

            ex.Field.Should().Be("binding:vnic_type");
            ex.Value.Should().Be(vnicType);
            ex.ErrorType.Should().Be("HTTPBadRequest");
            ex.Message.Should().Be($"Invalid input for binding:vnic_type. Reason: {vnicType} is not in valid_values.");
        }
    }

    [Fact]
    public async Task UpdatePortAsync_when_vnic_type_is_unknown_throws_invalid_input_and_store_unchanged()
    {
        var (host, network) = await CreateNetworkAsync();
        await using (host)
        {
            var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id });

            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.UpdatePortAsync(TestHost.Admin, port.Id, new PortUpdateRequest { VnicType = "bogus" }));

            ex.ShouldName("binding:vnic_type", "bogus");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_profile_json_is_4096_characters_throws_invalid_input_value_too_large_and_store_unchanged()
    {
        var (host, network) = await CreateNetworkAsync();
        await using (host)
        {
            var profile = ProfileOfJsonLength(4096);

            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "compute-1", Profile = profile }));

            ex.Field.Should().Be("binding:profile");
            ex.Detail.Should().Be("binding:profile value too large");
            ex.Message.Should().Contain("binding:profile value too large");
            ex.Value.Should().Contain("4096");
        }
    }

    [Fact]
    public async Task UpdatePortAsync_when_profile_json_is_too_large_throws_invalid_input_and_store_unchanged()
    {
        var (host, network) = await CreateNetworkAsync();
        await using (host)
        {
            var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id });

            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.UpdatePortAsync(TestHost.Admin, port.Id, new PortUpdateRequest { Profile = ProfileOfJsonLength(5000) }));

            ex.Field.Should().Be("binding:profile");
            ex.Detail.Should().Be("binding:profile value too large");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_profile_json_is_4095_characters_stores_the_profile()
    {
        var (host, network) = await CreateNetworkAsync();
        await using (host)
        {
            var profile = ProfileOfJsonLength(4095);

            var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, Profile = profile });

            ExtensionAttributes.ToJson(port.Binding.Profile).Should().HaveLength(4095);
        }
    }

    private static IReadOnlyDictionary<string, JsonElement> ProfileOfJsonLength(int length)
    {
        // {"blob":"xxx"} is the payload plus 11 characters.
        var profile = ExtensionAttributes.From(("blob", new string('x', length - 11)));
        ExtensionAttributes.ToJson(profile).Should().HaveLength(length);
        return profile;
    }

    private static async Task<(TestHost Host, Network Network)> CreateNetworkAsync()
    {
        var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });
        await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        return (host, network);
    }
}
