using System.Text.Json;
using Lbaas.Core.Tests.Placement.Support;
using Lbaas.Devices;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Exceptions;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Devices;

/// <summary>Device credentials never appear in a log line, a string form, JSON or an exception message.</summary>
public sealed class DeviceSecretTests
{
    [Fact]
    public async Task Registry_when_every_operation_runs_never_logs_credentials()
    {
        var catalog = new FakeProviderCatalog(new Dictionary<string, ILoadBalancerDriver?>(StringComparer.OrdinalIgnoreCase)
        {
            ["acme"] = new RecordingLoadBalancerDriver { Veto = (_, d) => d.Device.Id == "d2" ? "vendor says no" : null },
        });
        using var host = PlacementHost.Create(catalog: catalog, configure: o => o.AllowProvisioning = true, services: s =>
            s.AddSingleton<IDeviceProvisioner>(new FakeProvisioner("acme", (_, n) => Device($"spawned-{n}", withCredentials: true))));

        await host.WithDevicesAsync(Device("d1", maxVips: 1, withCredentials: true), Device("d2", withCredentials: true));
        await host.Registry.UpdateAsync("d1", new DeviceUpdate { Credentials = new DeviceCredentials(SecretUser, Secret + "2"), Name = "renamed" });
        var errors = new List<Exception>();
        await Collect(errors, async () => await host.Registry.UpdateAsync("d1", new DeviceUpdate { ManagementAddress = $"https://{SecretUser}:{Secret}@10.1.1.1" }));
        await Collect(errors, async () => await host.Registry.UpdateAsync("d1", new DeviceUpdate { Credentials = new DeviceCredentials("", Secret) }));
        await Collect(errors, async () => await host.Registry.OnboardAsync(Device("d1", withCredentials: true)));
        var placed = await host.PlaceAsync(Request("lb1"));
        var provisioned = await host.PlaceAsync(Request("lb2"));
        await host.Registry.DrainAsync("d1");
        await Collect(errors, async () => await host.Registry.RemoveAsync("d1"));
        await host.Registry.AssignAgentAsync("d2", "agent-1");
        await host.Registry.RemoveAsync("d2");

        placed.DeviceId.Should().Be("d1");
        provisioned.Provisioned.Should().BeTrue();
        errors.Should().HaveCount(4);
        host.Logs.Records.Should().Contain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Debug);
        AssertNoSecret(host.Logs.AllText());
        AssertNoSecret(errors.Select(e => e.ToString()));
        AssertNoSecret([placed.ToString(), JsonSerializer.Serialize(placed), provisioned.ToString(), JsonSerializer.Serialize(provisioned)]);
    }

    [Fact]
    public void Device_when_printed_or_serialised_masks_credentials()
    {
        var device = Device("d1", withCredentials: true);
        var update = new DeviceUpdate { Credentials = new DeviceCredentials(SecretUser, Secret) };
        var snapshot = Snapshot(device);

        var texts = new[]
        {
            device.ToString(),
            update.ToString(),
            device.Credentials!.ToString(),
            JsonSerializer.Serialize(device),
            JsonSerializer.Serialize(update),
            JsonSerializer.Serialize(snapshot),
            JsonSerializer.Serialize(new[] { device }),
        };

        AssertNoSecret(texts);
        device.ToString().Should().Contain("Credentials = ***");
        JsonSerializer.Serialize(device).Should().Contain("\"Credentials\":null");
        JsonSerializer.Deserialize<Device>(JsonSerializer.Serialize(device))!.Credentials.Should().BeNull();
    }

    [Fact]
    public void Device_when_json_carries_credentials_ignores_them()
    {
        var json = $$$"""{"Id":"d1","Provider":"acme","HostId":"h","Capacity":{"MaxVips":1,"MaxNetworks":1},"Credentials":{"Username":"{{{SecretUser}}}","Password":"{{{Secret}}}"}}""";

        JsonSerializer.Deserialize<Device>(json)!.Credentials.Should().BeNull();
    }

    private static async Task Collect(List<Exception> errors, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Ml2Exception ex)
        {
            errors.Add(ex);
        }
    }

    private static void AssertNoSecret(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            text.Should().NotContain(Secret).And.NotContain(SecretUser);
        }
    }
}
