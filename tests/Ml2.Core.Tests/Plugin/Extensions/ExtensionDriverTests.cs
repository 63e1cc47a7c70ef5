using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Contexts;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Extensions;

public sealed class ExtensionDriverTests
{
    /// <summary>Owns "acme:qos_tag" (0..7) on every resource and keeps an audit row per resource in the transaction.</summary>
    private sealed class QosExtensionDriver : IExtensionDriver
    {
        public string Alias => "acme-qos";

        public IReadOnlyCollection<string> AttributeNames { get; } = ["acme:qos_tag"];

        public async ValueTask<IReadOnlyDictionary<string, JsonElement>> ProcessAsync(ExtensionContext context, IReadOnlyDictionary<string, JsonElement> requested, CancellationToken cancellationToken)
        {
            if (!requested.TryGetValue("acme:qos_tag", out var tag))
            {
                return context.IsCreate ? ExtensionAttributes.From(("acme:qos_tag", 0)) : requested;
            }

            if (tag.ValueKind != JsonValueKind.Number || tag.GetInt32() is < 0 or > 7)
            {
                throw new InvalidInputException("acme:qos_tag", tag.GetRawText(), "qos tag must be 0 through 7");
            }

            await context.Transaction.DriverData.SetAsync("acme_qos_audit", $"{context.Kind}/{context.ResourceId}", tag.GetRawText(), cancellationToken);
            return requested;
        }
    }

    private static TestHost Host() => TestHost.Create(drivers: (builder, _) => builder.AddExtensionDriver<QosExtensionDriver>());

    [Fact]
    public async Task CreateNetworkAsync_stores_owned_attribute_and_defaults_it()
    {
        await using var host = Host();

        var tagged = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { ExtensionAttributes = ExtensionAttributes.From(("acme:qos_tag", 5)) });
        var plain = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest());

        (await host.Plugin.GetNetworkAsync(TestHost.Admin, tagged.Id)).ExtensionAttributes["acme:qos_tag"].GetInt32().Should().Be(5);
        plain.ExtensionAttributes["acme:qos_tag"].GetInt32().Should().Be(0);
        await using var read = await host.Store.BeginReadOnlyTransactionAsync();
        (await read.DriverData.GetAsync("acme_qos_audit", $"Network/{tagged.Id}")).Should().Be("5");
    }

    [Fact]
    public async Task UpdatePortAsync_when_driver_rejects_value_throws_its_error_unchanged_and_rolls_back()
    {
        await using var host = Host();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest());
        var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, ExtensionAttributes = ExtensionAttributes.From(("acme:qos_tag", 3)) });
        var before = StoreSnapshot.Capture(host.Store);

        var act = () => host.Plugin.UpdatePortAsync(TestHost.Admin, port.Id, new PortUpdateRequest { Name = "x", ExtensionAttributes = ExtensionAttributes.From(("acme:qos_tag", 9)) }).AsTask();

        var error = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        error.Field.Should().Be("acme:qos_tag");
        error.Value.Should().Be("9");
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task CreateSubnetAsync_with_attribute_no_driver_owns_is_rejected_before_anything_changes()
    {
        await using var host = Host();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest());
        var before = StoreSnapshot.Capture(host.Store);

        var act = () => host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest
        {
            NetworkId = network.Id, Cidr = "10.1.0.0/24", ExtensionAttributes = ExtensionAttributes.From(("other:thing", true)),
        }).AsTask();

        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Message.Should().Contain("other:thing");
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }
}
