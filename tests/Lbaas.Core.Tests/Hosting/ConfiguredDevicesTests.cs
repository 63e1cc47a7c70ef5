using Lbaas.Core.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Core.Tests.Hosting;

/// <summary>
/// Devices on-boarded from configuration (<c>lbaas:devices</c>) at the host's start: a restart with the same
/// configuration succeeds and keeps the claims, changes are applied, and bad entries stop the start with a typed error
/// naming the key and the value before anything is stored.
/// </summary>
public sealed class ConfiguredDevicesTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Second_start_with_the_same_configuration_succeeds_and_keeps_the_claims()
    {
        var settings = HostedLbaas.Settings(HostedLbaas.Device(0, "adc-1"));
        await using var first = HostedLbaas.Create(settings);
        await first.Host.StartAsync();
        var lb = await CreateActiveAsync(first);
        var before = first.Registry.Find("adc-1")!;
        await first.Host.StopAsync();

        await using var second = HostedLbaas.Create(settings, restartOf: first);
        await second.Host.StartAsync();

        var device = second.Registry.Find("adc-1")!;
        device.RevisionNumber.Should().Be(before.RevisionNumber, "nothing changed, so nothing was written");
        device.Capacity.Should().Be(new DeviceCapacity(10, 16));
        second.Registry.ClaimsOf("adc-1").Select(c => c.LoadBalancerId).Should().Equal(lb.Id);
        (await second.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
        second.Logs.WithEvent("DeviceOnboarded").Should().BeEmpty();
        second.Logs.WithEvent("DeviceUpdated").Should().BeEmpty();
        await second.Host.StopAsync();
    }

    [Fact]
    public async Task Next_start_applies_changed_capacity_password_and_address_keeping_the_claims()
    {
        await using var first = HostedLbaas.Create(HostedLbaas.Settings(HostedLbaas.Device(0, "adc-1")));
        await first.Host.StartAsync();
        var lb = await CreateActiveAsync(first);
        var before = first.Registry.Find("adc-1")!;
        await first.Host.StopAsync();

        var changed = HostedLbaas.Settings(
            [.. HostedLbaas.Device(0, "adc-1", maxVips: 32, password: "n3w-Secret-9"), ("lbaas:devices:0:management_address", "https://10.9.9.9")]);
        await using var second = HostedLbaas.Create(changed, restartOf: first);
        await second.Host.StartAsync();

        var device = second.Registry.Find("adc-1")!;
        device.Capacity.Should().Be(new DeviceCapacity(32, 16));
        device.Credentials!.Password.Should().Be("n3w-Secret-9");
        device.ManagementAddress.Should().Be("https://10.9.9.9");
        device.RevisionNumber.Should().Be(before.RevisionNumber + 1);
        device.AgentId.Should().Be(before.AgentId, "runtime state is kept");
        second.Registry.ClaimsOf("adc-1").Select(c => c.LoadBalancerId).Should().Equal(lb.Id);
        var updated = second.Logs.WithEvent("DeviceUpdated").Should().ContainSingle().Subject;
        updated.Message.Should().Contain("capacity").And.Contain("credentials");
        second.Logs.Records.Should().NotContain(r => r.FullText.Contains("n3w-Secret-9", StringComparison.Ordinal));
        await second.Host.StopAsync();
    }

    [Theory]
    [InlineData("max_vips", "0")]
    [InlineData("max_vips", "many")]
    [InlineData("max_networks", "-3")]
    [InlineData("host_id", "lb host")]
    [InlineData("provider", "nope")]
    [InlineData("kind", "container")]
    [InlineData("supports_overlapping_ips", "perhaps")]
    [InlineData("id", "dev-1")]
    public async Task Bad_device_in_configuration_stops_the_start_with_a_typed_error_naming_the_key_and_value_and_stores_nothing(string key, string value)
    {
        var settings = HostedLbaas.Settings([.. HostedLbaas.Device(0, "dev-1"), .. HostedLbaas.Device(1, "dev-2"), ($"lbaas:devices:1:{key}", value)]);
        await using var lbaas = HostedLbaas.Create(settings);

        var start = async () => await lbaas.Host.StartAsync();

        var error = (await start.Should().ThrowAsync<InvalidInputException>()).Which;
        error.Field.Should().Be($"devices[1].{key}");
        error.Value.Should().Be(value);
        (await lbaas.Devices.ListDeviceStatesAsync()).Should().BeEmpty("every device is checked before the first is stored");
    }

    [Theory]
    [InlineData("host_id", "lb-host-2", "cannot change")]
    [InlineData("max_vips", "1", "Below the 2 load balancers")]
    public async Task A_change_the_device_cannot_take_on_the_next_start_is_refused_and_changes_nothing(string key, string value, string reason)
    {
        await using var first = HostedLbaas.Create(HostedLbaas.Settings(HostedLbaas.Device(0, "adc-1")));
        await first.Host.StartAsync();
        await CreateActiveAsync(first);
        await CreateActiveAsync(first);
        var before = first.Registry.Find("adc-1")!;
        await first.Host.StopAsync();

        var changed = HostedLbaas.Settings([.. HostedLbaas.Device(0, "adc-1"), ($"lbaas:devices:0:{key}", value), .. HostedLbaas.Device(1, "adc-2")]);
        await using var second = HostedLbaas.Create(changed, restartOf: first);
        var start = async () => await second.Host.StartAsync();

        var error = (await start.Should().ThrowAsync<InvalidInputException>()).Which;
        error.Field.Should().Be($"devices[0].{key}");
        error.Value.Should().Be(value);
        error.Message.Should().Contain(reason);
        var states = await second.Devices.ListDeviceStatesAsync();
        states.Should().ContainSingle("adc-2, listed after the bad entry, is not stored either");
        states[0].Device.Should().BeEquivalentTo(before, o => o.Excluding(d => d.Credentials));
        states[0].Claims.Should().HaveCount(2);
    }

    private static async Task<LoadBalancer> CreateActiveAsync(HostedLbaas lbaas)
    {
        var lb = await lbaas.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, await lbaas.NewRequestAsync());
        await lbaas.Ledger.WhenIdleAsync().WaitAsync(s_timeout);
        await Task.WhenAll(lbaas.Services.GetRequiredService<Lbaas.Agents.InProcessAgentTransport>().Agents.Select(a => a.WhenIdleAsync())).WaitAsync(s_timeout);
        await lbaas.Ledger.WhenIdleAsync().WaitAsync(s_timeout);
        return await lbaas.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
    }
}
