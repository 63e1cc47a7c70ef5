using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Service;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Plugin;

namespace Lbaas.Core.Tests.Service;

/// <summary>Scoped like ML2: another project's objects do not exist for a non-admin; an admin sees all.</summary>
public sealed class TenantIsolationTests
{
    private static readonly CallerContext s_other = CallerContext.Tenant(LbaasTestHost.OtherTenant);

    [Fact]
    public async Task Reads_by_another_project_are_not_found_and_lists_are_empty()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        var listener = await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await host.WhenIdleAsync();

        var getLb = async () => await host.Service.GetLoadBalancerAsync(s_other, lb.Id);
        var getListener = async () => await host.Service.GetListenerAsync(s_other, listener.Id);

        await getLb.Should().ThrowAsync<ResourceNotFoundException>().WithMessage($"Load Balancer {lb.Id} could not be found.");
        await getListener.Should().ThrowAsync<ResourceNotFoundException>().WithMessage($"Listener {listener.Id} could not be found.");
        (await host.Service.ListLoadBalancersAsync(s_other)).Should().BeEmpty();
        (await host.Service.ListListenersAsync(s_other)).Should().BeEmpty();
        (await host.Service.ListLoadBalancersAsync(LbaasTestHost.Admin)).Should().ContainSingle();
    }

    [Fact]
    public async Task Mutations_by_another_project_are_not_found_and_change_nothing()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();

        var update = async () => await host.Service.UpdateLoadBalancerAsync(s_other, lb.Id, new LoadBalancerUpdateRequest { Name = "mine" });
        var delete = async () => await host.Service.DeleteLoadBalancerAsync(s_other, lb.Id);
        var child = async () => await host.Service.CreateListenerAsync(s_other, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });

        await update.Should().ThrowAsync<ResourceNotFoundException>();
        await delete.Should().ThrowAsync<ResourceNotFoundException>();
        await child.Should().ThrowAsync<ResourceNotFoundException>();
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).Should().Match<LoadBalancer>(l => l.Name == "web" && l.ProvisioningStatus == ProvisioningStatus.Active);
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_on_another_projects_network_is_invalid_input()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");

        var act = async () => await host.Service.CreateLoadBalancerAsync(s_other, host.NewRequest() with { VipSubnetId = null, MemberNetworkId = null });

        var error = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        error.Field.Should().Be("vip_network_id");
        error.Detail.Should().Be($"Network {host.VipNetwork.Id} not found");
        (await host.Service.ListLoadBalancersAsync(LbaasTestHost.Admin)).Should().BeEmpty();
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_for_another_project_is_admin_only()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");

        var asTenant = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest() with { TenantId = LbaasTestHost.OtherTenant });
        await asTenant.Should().ThrowAsync<NotAuthorizedException>();

        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Admin, host.NewRequest() with { TenantId = LbaasTestHost.Tenant });
        await host.WhenIdleAsync();
        lb.TenantId.Should().Be(LbaasTestHost.Tenant);
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
    }

    [Fact]
    public async Task Devices_and_placement_are_admin_only()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();

        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).DeviceIds.Should().BeEmpty();
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Admin, lb.Id)).DeviceIds.Should().Equal("dev-1");
        var placement = async () => await host.Service.GetPlacementAsync(LbaasTestHost.Caller, lb.Id);
        await placement.Should().ThrowAsync<NotAuthorizedException>();
        (await host.Service.GetPlacementAsync(LbaasTestHost.Admin, lb.Id)).Should().ContainSingle().Which.DeviceId.Should().Be("dev-1");
    }

    [Fact]
    public async Task Children_belong_to_the_load_balancers_project_even_when_an_admin_creates_them()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();

        var pool = await host.Service.CreatePoolAsync(LbaasTestHost.Admin, new PoolCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP" });
        await host.WhenIdleAsync();

        pool.TenantId.Should().Be(LbaasTestHost.Tenant);
        (await host.Service.ListPoolsAsync(LbaasTestHost.Caller, lb.Id)).Should().ContainSingle();
    }
}
