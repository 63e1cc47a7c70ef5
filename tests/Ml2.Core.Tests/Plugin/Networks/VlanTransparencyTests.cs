using Microsoft.Extensions.DependencyInjection;
using Ml2.Contexts;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Core.Tests.Plugin.Validation;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Networks;

/// <summary>
/// Neutron's vlan-transparent extension: <c>vlan_transparent</c> is set at create only, stored and returned (false when
/// not requested); every mechanism driver is asked (<c>check_vlan_transparency</c>) before the create precommit
/// hooks, and one refusal fails the create with VlanTransparencyDriverError, changing nothing.
/// </summary>
public sealed class VlanTransparencyTests
{
    [Fact]
    public async Task A_transparent_network_is_stored_and_returned_and_a_plain_one_is_not_transparent()
    {
        var accepting = new TransparencyDriver("accepting", supports: true);
        await using var host = TestHost.Create(drivers: (builder, _) => builder.AddMechanismDriver((IMechanismDriver)accepting));

        var plain = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "plain" });
        accepting.Checks.Should().Be(0, "the drivers are only asked when transparency is requested");
        var transparent = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "qinq", VlanTransparent = true });

        plain.VlanTransparent.Should().BeFalse();
        transparent.VlanTransparent.Should().BeTrue();
        accepting.Checks.Should().Be(1);
        (await host.Plugin.GetNetworkAsync(TestHost.Admin, transparent.Id)).VlanTransparent.Should().BeTrue();
        (await host.Plugin.ListNetworksAsync(TestHost.Admin, ListFilter.Where("vlan_transparent", "true"))).Select(n => n.Id).Should().Equal(transparent.Id);
        (await host.Plugin.ListNetworksAsync(TestHost.Admin, ListFilter.Where("vlan_transparent", "false"))).Select(n => n.Id).Should().Equal(plain.Id);

        var renamed = await host.Plugin.UpdateNetworkAsync(TestHost.Admin, transparent.Id, new NetworkUpdateRequest { Name = "renamed" });
        renamed.VlanTransparent.Should().BeTrue("an update cannot change it");
    }

    [Fact]
    public async Task One_driver_refusing_fails_the_create_with_neutrons_error_before_any_precommit_and_changes_nothing()
    {
        var accepting = new TransparencyDriver("accepting", supports: true);
        var refusing = new TransparencyDriver("refusing", supports: false);
        await using var host = TestHost.Create(drivers: (builder, _) =>
            builder.AddMechanismDriver((IMechanismDriver)accepting).AddMechanismDriver((IMechanismDriver)refusing));
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "existing" });
        var precommitsBefore = accepting.Precommits + refusing.Precommits;

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<VlanTransparencyDriverException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "qinq", VlanTransparent = true }));

        ex.ErrorType.Should().Be("VlanTransparencyDriverError");
        ex.Status.Should().Be(ErrorStatus.InternalError, "Neutron raises it as a plain NeutronException, which its API answers with 500");
        ex.Message.Should().Be("Backend does not support VLAN Transparency.");
        refusing.Checks.Should().Be(1);
        (accepting.Precommits + refusing.Precommits).Should().Be(precommitsBefore, "the check comes before create_network_precommit");
    }

    [Fact]
    public async Task A_driver_that_does_not_override_the_check_refuses_as_in_neutron()
    {
        await using var host = TestHost.WithRecorders(out _, "silent");

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<VlanTransparencyDriverException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { VlanTransparent = true }));

        ex.Message.Should().Be("Backend does not support VLAN Transparency.");
        (await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { VlanTransparent = false })).VlanTransparent.Should().BeFalse();
    }

    private sealed class TransparencyDriver(string name, bool supports) : IMechanismDriver
    {
        public int Checks { get; private set; }

        public int Precommits { get; private set; }

        public string Name => name;

        public bool CheckVlanTransparency(NetworkContext context)
        {
            context.Current.VlanTransparent.Should().BeTrue();
            Checks++;
            return supports;
        }

        public ValueTask CreateNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken)
        {
            Precommits++;
            return default;
        }
    }
}
