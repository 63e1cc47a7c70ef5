using Ml2.Contexts;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Core.Tests.Plugin.Validation;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Binding;

/// <summary>Neutron's update_port_binding: an inactive binding is bound again when its inputs change or it is unbound; the active one is updated like the port.</summary>
public sealed class UpdatePortBindingTests
{
    private static readonly CallerContext Admin = TestHost.Admin;

    private static async Task<(TestHost Host, RecordingMechanismDriver Agent, Port Port)> PortWithInactiveBindingAsync()
    {
        var host = TestHost.WithRecorders(out var d, "agent");
        d[0].Bind = (context, _) =>
        {
            if (context.Host is "h1" or "h2" && context.VnicType != VnicTypes.Macvtap)
            {
                context.SetBinding(context.SegmentsToBind![0].Id, VifTypes.Ovs, ExtensionAttributes.From(("vnic", context.VnicType)), ResourceStatus.Active);
            }

            return default;
        };
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        await host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1", DeviceOwner = "compute:nova" });
        await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });
        host.Log.Clear();
        return (host, d[0], port);
    }

    [Fact]
    public async Task UpdatePortBindingAsync_of_an_inactive_binding_binds_it_again_with_the_new_inputs_and_calls_no_port_hook()
    {
        var (host, _, port) = await PortWithInactiveBindingAsync();
        await using var _ = host;

        var updated = await host.Plugin.UpdatePortBindingAsync(Admin, port.Id, "h2", new PortBindingUpdateRequest
        {
            VnicType = VnicTypes.Direct, Profile = ExtensionAttributes.From(("pci_slot", "0000:05:00.1")),
        });

        host.Log.Calls.Should().Equal("agent:bind_port");
        updated.Status.Should().Be(PortBindingStatus.Inactive);
        updated.Binding.VnicType.Should().Be(VnicTypes.Direct);
        updated.Binding.VifDetails["vnic"].GetString().Should().Be(VnicTypes.Direct, "the drivers bound it again for the new vnic type");
        updated.Binding.Profile["pci_slot"].GetString().Should().Be("0000:05:00.1");
        var after = await host.Plugin.GetPortAsync(Admin, port.Id);
        after.Binding.Should().Be(port.Binding);
        after.InactiveBindings.Should().ContainSingle().Which.Should().Be(updated.Binding);
    }

    [Fact]
    public async Task UpdatePortBindingAsync_of_the_source_binding_after_an_activation_binds_it_again_so_it_can_be_activated_back()
    {
        var (host, _, port) = await PortWithInactiveBindingAsync();
        await using var _ = host;
        await host.Plugin.ActivatePortBindingAsync(Admin, port.Id, "h2");
        (await host.Plugin.GetPortBindingAsync(Admin, port.Id, "h1")).Binding.VifType.Should().Be(VifTypes.Unbound);

        var rebound = await host.Plugin.UpdatePortBindingAsync(Admin, port.Id, "h1", new PortBindingUpdateRequest());

        rebound.Binding.VifType.Should().Be(VifTypes.Ovs);
        rebound.Binding.Levels.Should().Equal(port.Binding.Levels);
        await host.Plugin.ActivatePortBindingAsync(Admin, port.Id, "h1");
        (await host.Plugin.GetPortAsync(Admin, port.Id)).Binding.Levels.Should().Equal(port.Binding.Levels);
    }

    [Fact]
    public async Task UpdatePortBindingAsync_of_the_active_binding_updates_the_ports_binding_through_the_update_hooks()
    {
        var (host, _, port) = await PortWithInactiveBindingAsync();
        await using var _ = host;

        var updated = await host.Plugin.UpdatePortBindingAsync(Admin, port.Id, "h1", new PortBindingUpdateRequest { Profile = ExtensionAttributes.From(("k", "v")) });

        updated.Status.Should().Be(PortBindingStatus.Active);
        updated.Binding.Profile["k"].GetString().Should().Be("v");
        host.Log.Calls.Should().Equal("agent:update_port_precommit", "agent:update_port_postcommit", "agent:bind_port", "agent:update_port_precommit", "agent:update_port_postcommit");
        (await host.Plugin.GetPortAsync(Admin, port.Id)).Binding.Should().Be(updated.Binding);
    }

    [Fact]
    public async Task UpdatePortBindingAsync_when_no_driver_binds_the_new_inputs_throws_port_binding_error_and_store_unchanged()
    {
        var (host, _, port) = await PortWithInactiveBindingAsync();
        await using var _ = host;

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<PortBindingException>(
            async () => await host.Plugin.UpdatePortBindingAsync(Admin, port.Id, "h2", new PortBindingUpdateRequest { VnicType = VnicTypes.Macvtap }));

        ex.ErrorType.Should().Be("PortBindingError");
    }

    [Fact]
    public async Task UpdatePortBindingAsync_errors_not_found_non_admin_and_bad_vnic_type_leave_the_store_unchanged()
    {
        var (host, _, port) = await PortWithInactiveBindingAsync();
        await using var _ = host;

        (await host.ThrowsAndLeavesStoreUnchangedAsync<ResourceNotFoundException>(
            async () => await host.Plugin.UpdatePortBindingAsync(Admin, port.Id, "h9", new PortBindingUpdateRequest()))).ErrorType.Should().Be("PortBindingNotFound");
        (await host.ThrowsAndLeavesStoreUnchangedAsync<NotAuthorizedException>(
            async () => await host.Plugin.UpdatePortBindingAsync(CallerContext.Tenant(port.TenantId), port.Id, "h2", new PortBindingUpdateRequest()))).Rule.Should().Be("update_port_binding");
        (await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.UpdatePortBindingAsync(Admin, port.Id, "h2", new PortBindingUpdateRequest { VnicType = "bogus" }))).ShouldName("vnic_type", "bogus");
        host.Log.Calls.Should().BeEmpty();
    }
}
