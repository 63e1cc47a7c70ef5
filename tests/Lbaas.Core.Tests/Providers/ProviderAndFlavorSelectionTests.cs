using Lbaas.Configuration;
using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Service;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Core.Tests.Providers;

/// <summary>Octavia's provider choice at create time: flavor, explicit provider, default; topology support.</summary>
public sealed class ProviderAndFlavorSelectionTests
{
    private static Task<LbaasTestHost> CreateAsync() => LbaasTestHost.CreateAsync(
        o =>
        {
            o.Providers.Add("LOADBALANCERV2:other:single-only");
            o.Flavors =
            [
                new LoadBalancerFlavorOptions { Id = "ha", Name = "HA", Provider = LbaasTestHost.Provider, Metadata = """{"loadbalancer_topology": "ACTIVE_STANDBY"}""" },
                new LoadBalancerFlavorOptions { Id = "retired", Provider = LbaasTestHost.Provider, Enabled = false },
                new LoadBalancerFlavorOptions { Id = "small", Provider = "other" },
            ];
        },
        b => b.AddLoadBalancerDriver(new RecordingLoadBalancerDriver("single-only", LoadBalancerTopologies.Single)));

    [Fact]
    public async Task CreateLoadBalancerAsync_when_flavor_and_provider_disagree_throws_octavias_mismatch()
    {
        await using var host = await CreateAsync();

        var act = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest(flavorId: "small", provider: LbaasTestHost.Provider));

        var error = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        error.Detail.Should().Be($"Flavor 'small' is not compatible with provider '{LbaasTestHost.Provider}'");
        error.Field.Should().Be("provider");
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_flavor_is_disabled_throws_octavias_disabled_option()
    {
        await using var host = await CreateAsync();

        var act = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest(flavorId: "retired"));

        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Detail.Should().Be("The selected flavor is not allowed in this deployment: retired");
    }

    [Theory]
    [InlineData("nope", null, "flavor_id", "Validation failure: Invalid flavor_id")]
    [InlineData(null, "nowhere", "provider", "Provider 'nowhere' is not enabled")]
    public async Task CreateLoadBalancerAsync_when_flavor_or_provider_is_unknown_throws_invalid_input(string? flavor, string? provider, string field, string detail)
    {
        await using var host = await CreateAsync();

        var act = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest(flavorId: flavor, provider: provider));

        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Should().Match<InvalidInputException>(e => e.Field == field && e.Detail == detail);
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_flavor_sets_topology_uses_flavor_provider_and_topology()
    {
        await using var host = await CreateAsync();
        await host.OnboardAsync("dev-1", clusterId: "x");
        await host.OnboardAsync("dev-2", clusterId: "y");

        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest(flavorId: "ha"));
        await host.WhenIdleAsync();

        lb.Provider.Should().Be(LbaasTestHost.Provider);
        lb.FlavorId.Should().Be("ha");
        lb.Topology.Should().Be(LoadBalancerTopologies.ActiveStandby);
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Admin, lb.Id)).DeviceIds.Should().HaveCount(2);
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_the_driver_lacks_the_topology_throws_unsupported_option()
    {
        await using var host = await CreateAsync();

        var act = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest(LoadBalancerTopologies.ActiveStandby, provider: "OTHER"));

        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Detail.Should().Be("Provider 'other' does not support a requested option: topology ACTIVE_STANDBY");
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_topology_is_unknown_or_contradicts_the_flavor_throws_invalid_input()
    {
        await using var host = await CreateAsync();

        var unknown = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest("RING"));
        var contradicting = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest(LoadBalancerTopologies.Single, flavorId: "ha"));

        (await unknown.Should().ThrowAsync<InvalidInputException>()).Which.Detail.Should().Be("Invalid topology specified: RING");
        (await contradicting.Should().ThrowAsync<InvalidInputException>()).Which.Detail.Should().Be("Flavor 'ha' sets loadbalancer_topology ACTIVE_STANDBY");
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_without_provider_or_flavor_uses_the_default_provider()
    {
        await using var host = await CreateAsync();
        await host.OnboardAsync("dev-1");

        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());

        lb.Provider.Should().Be(LbaasTestHost.Provider);
        host.Service.ListProviders().Should().HaveCount(2).And.ContainSingle(p => p.IsDefault);
        host.Service.ListFlavors().Select(f => f.Id).Should().Equal("ha", "retired", "small");
        await host.WhenIdleAsync();
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_no_device_of_the_provider_explains_wrong_provider()
    {
        await using var host = await CreateAsync();
        await host.OnboardAsync("dev-1");

        var act = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest(provider: "other"));

        var error = (await act.Should().ThrowAsync<NoEligibleDeviceException>()).Which;
        error.Message.Should().Contain("wrong provider");
        host.Services.GetRequiredService<ILoadBalancerService>().Should().BeSameAs(host.Service);
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_the_driver_now_fails_to_validate_the_flavor_throws_provider_reports_error()
    {
        var driver = new RecordingLoadBalancerDriver();
        await using var host = await LbaasTestHost.CreateAsync(
            o => o.Flavors = [new LoadBalancerFlavorOptions { Id = "gold", Provider = LbaasTestHost.Provider, Metadata = """{"compute_flavor": "m1"}""" }],
            driver: driver);
        driver.FlavorFailure = new TimeoutException("flavor service unreachable");

        var act = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest(flavorId: "gold"));

        var error = (await act.Should().ThrowAsync<LoadBalancerDriverException>()).Which;
        error.Message.Should().Be($"Provider '{LbaasTestHost.Provider}' reports error: flavor service unreachable");
        error.Provider.Should().Be(LbaasTestHost.Provider);
        error.InnerException.Should().BeOfType<TimeoutException>();
    }
}
