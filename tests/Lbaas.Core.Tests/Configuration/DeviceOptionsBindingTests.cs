using Lbaas.Configuration;
using Microsoft.Extensions.Configuration;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Core.Tests.Configuration;

/// <summary>Binding <c>lbaas:devices</c>: every key, the defaults, and typed errors for values that do not parse.</summary>
public sealed class DeviceOptionsBindingTests
{
    private static LbaasOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new LbaasOptions();
        LbaasConfigurationBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), options);
        return options;
    }

    [Fact]
    public void Bind_reads_every_device_key()
    {
        var options = Bind(new()
        {
            ["devices:0:id"] = "adc-1",
            ["devices:0:name"] = "Appliance 1",
            ["devices:0:provider"] = "adc",
            ["devices:0:kind"] = "Virtual",
            ["devices:0:host_id"] = "lb-host-1",
            ["devices:0:management_address"] = "https://adc-1",
            ["devices:0:username"] = "admin",
            ["devices:0:password"] = "pw-1",
            ["devices:0:max_vips"] = "64",
            ["devices:0:max_networks"] = "16",
            ["devices:0:cluster_id"] = "rack-a",
            ["devices:0:tenant_id"] = "t1",
            ["devices:0:supports_overlapping_ips"] = "true",
            ["devices:1:id"] = "adc-2",
        });

        options.Devices.Should().HaveCount(2);
        var device = options.Devices[0].ToDevice();
        device.Should().BeEquivalentTo(
            new Device
            {
                Id = "adc-1", Name = "Appliance 1", Provider = "adc", Kind = DeviceKind.Virtual, HostId = "lb-host-1",
                ManagementAddress = "https://adc-1", Capacity = new DeviceCapacity(64, 16), ClusterId = "rack-a", TenantId = "t1",
                SupportsOverlappingIps = true,
            },
            o => o.Excluding(d => d.Credentials));
        device.Credentials!.Username.Should().Be("admin");
        device.Credentials.Password.Should().Be("pw-1");
        var defaults = options.Devices[1].ToDevice();
        defaults.Name.Should().Be("adc-2", "the name defaults to the id");
        defaults.Kind.Should().Be(DeviceKind.Physical);
        defaults.Credentials.Should().BeNull();
        defaults.Capacity.Should().Be(new DeviceCapacity(0, 0), "a missing capacity is refused when the device is on-boarded");
    }

    [Theory]
    [InlineData("max_vips", "64x", "Not an integer")]
    [InlineData("max_networks", "", "Not an integer")]
    [InlineData("kind", "2", "Not a device kind")]
    [InlineData("supports_overlapping_ips", "yes", "Not a Boolean")]
    public void Bind_when_a_value_does_not_parse_throws_invalid_input_naming_the_entry_key_and_value(string key, string value, string reason)
    {
        var bind = () => Bind(new() { ["devices:0:id"] = "adc-1", ["devices:1:id"] = "adc-2", [$"devices:1:{key}"] = value });

        var error = bind.Should().Throw<InvalidInputException>().Which;
        error.Field.Should().Be($"devices[1].{key}");
        error.Value.Should().Be(value);
        error.Message.Should().Contain(reason);
    }
}
