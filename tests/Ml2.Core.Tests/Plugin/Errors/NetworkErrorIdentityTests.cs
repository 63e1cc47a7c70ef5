using System.Text.Json;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Core.Tests.Plugin.Validation;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Errors;

/// <summary>Network failures carry Neutron's exception type, status class and text.</summary>
public sealed class NetworkErrorIdentityTests
{
    [Fact]
    public async Task CreateNetworkAsync_when_segments_and_provider_attributes_are_both_set_throws_segments_set_in_conjunction_with_providers()
    {
        await using var host = TestHost.Create();

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest
            {
                NetworkType = NetworkTypes.Vxlan,
                Segments = [new ProviderSegment(NetworkTypes.Vlan, "physnet1", 120)],
            }));

        ex.ShouldBeNeutron("SegmentsSetInConjunctionWithProviders", ErrorStatus.BadRequest, "segments", "1", "Segments and provider values cannot both be set.");
    }

    [Fact]
    public async Task CreateNetworkAsync_when_a_segment_is_repeated_throws_segments_contain_duplicate_entry()
    {
        await using var host = TestHost.Create();

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest
            {
                Segments = [new ProviderSegment(NetworkTypes.Vlan, "physnet1", 120), new ProviderSegment(NetworkTypes.Vlan, "physnet1", 120)],
            }));

        ex.ShouldBeNeutron("SegmentsContainDuplicateEntry", ErrorStatus.BadRequest, "segments", "vlan:physnet1:120", "Duplicate segment entry in request.");
    }

    [Fact]
    public async Task CreateNetworkAsync_when_a_non_admin_names_another_project_throws_http_bad_request_not_forbidden()
    {
        await using var host = TestHost.Create();

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(CallerContext.Tenant("demo"), new NetworkCreateRequest { TenantId = "other" }));

        ex.ShouldBeNeutron(
            "HTTPBadRequest", ErrorStatus.BadRequest, "tenant_id", "other",
            "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges");
    }

    [Fact]
    public async Task CreatePortAsync_when_a_non_admin_names_another_project_throws_http_bad_request()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(CallerContext.Tenant("demo"), new NetworkCreateRequest { Name = "net" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreatePortAsync(CallerContext.Tenant("demo"), new PortCreateRequest { NetworkId = network.Id, TenantId = "other" }));

        ex.ErrorType.Should().Be("HTTPBadRequest");
        ex.Status.Should().Be(ErrorStatus.BadRequest);
        ex.Field.Should().Be("tenant_id");
    }

    [Fact]
    public async Task CreateNetworkAsync_when_name_is_too_long_throws_http_bad_request_in_validate_string_words()
    {
        await using var host = TestHost.Create();
        var name = new string('a', 256);

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = name }));

        ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "name", name, $"Invalid input for name. Reason: '{name}' exceeds maximum length of 255.");
    }

    [Fact]
    public async Task CreateNetworkAsync_when_name_is_one_megabyte_keeps_the_message_and_value_short()
    {
        await using var host = TestHost.Create();
        var name = new string('x', 1024 * 1024);

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = name }));

        var quoted = new string('x', ErrorText.MaxQuotedLength) + "...";
        ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "name", quoted, $"Invalid input for name. Reason: '{quoted}' exceeds maximum length of 255.");
        ex.Message.Length.Should().BeLessThan(1024);
        ex.Detail.Length.Should().BeLessThan(1024);
    }

    [Theory]
    [InlineData(-1, "'-1' should be non-negative")]
    [InlineData(67, "'67' is too small - must be at least '68'")]
    public async Task CreateNetworkAsync_when_mtu_is_too_small_throws_http_bad_request(int mtu, string reason)
    {
        await using var host = TestHost.Create();

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Mtu = mtu }));

        ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "mtu", mtu.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Invalid input for mtu. Reason: {reason}.");
    }

    [Fact]
    public async Task CreateNetworkAsync_when_an_attribute_is_unknown_throws_http_bad_request_unrecognized_attribute()
    {
        await using var host = TestHost.Create();
        var attributes = new Dictionary<string, JsonElement> { ["colour"] = JsonSerializer.SerializeToElement("red") };

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { ExtensionAttributes = attributes }));

        ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "colour", "\"red\"", "Unrecognized attribute(s) 'colour'");
    }

    [Fact]
    public async Task ListNetworksAsync_when_filter_attribute_is_unknown_throws_http_bad_request()
    {
        await using var host = TestHost.Create();
        var filter = ListFilter.Where("colour", "red");

        var act = async () => await host.Plugin.ListNetworksAsync(TestHost.Admin, filter);

        var ex = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "colour", "red", "['colour'] is invalid attribute for filtering");
    }

    [Fact]
    public async Task GetNetworkAsync_when_well_formed_id_does_not_exist_throws_network_not_found_in_neutrons_words()
    {
        const string missing = "0198a3c4-0000-7000-8000-0000000000bb";
        await using var host = TestHost.Create();

        var act = async () => await host.Plugin.GetNetworkAsync(TestHost.Admin, missing);

        var ex = (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which;
        ex.ShouldBeNeutron("NetworkNotFound", ErrorStatus.NotFound, null, null, $"Network {missing} could not be found.");
    }

    [Fact]
    public async Task Get_port_and_subnet_async_when_well_formed_id_does_not_exist_throw_port_and_subnet_not_found()
    {
        const string missing = "0198a3c4-0000-7000-8000-0000000000cc";
        await using var host = TestHost.Create();

        var port = (await FluentActions.Awaiting(async () => await host.Plugin.GetPortAsync(TestHost.Admin, missing)).Should().ThrowAsync<ResourceNotFoundException>()).Which;
        var subnet = (await FluentActions.Awaiting(async () => await host.Plugin.GetSubnetAsync(TestHost.Admin, missing)).Should().ThrowAsync<ResourceNotFoundException>()).Which;

        port.ShouldBeNeutron("PortNotFound", ErrorStatus.NotFound, null, null, $"Port {missing} could not be found.");
        subnet.ShouldBeNeutron("SubnetNotFound", ErrorStatus.NotFound, null, null, $"Subnet {missing} could not be found.");
    }
}
