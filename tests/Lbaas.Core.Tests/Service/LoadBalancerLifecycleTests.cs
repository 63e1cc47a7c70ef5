using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Service;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Core.Tests.Service;

/// <summary>End-to-end through AddLbaas(): create, update and delete of load balancers and the status they go through.</summary>
public sealed class LoadBalancerLifecycleTests
{
    [Fact]
    public async Task CreateLoadBalancerAsync_when_device_fits_returns_pending_create_then_active_online()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var gate = host.Driver.Hold();

        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());

        lb.ProvisioningStatus.Should().Be(ProvisioningStatus.PendingCreate);
        lb.OperatingStatus.Should().Be(OperatingStatus.Offline);
        lb.TenantId.Should().Be(LbaasTestHost.Tenant);
        lb.Provider.Should().Be(LbaasTestHost.Provider);
        lb.VipAddress.Should().StartWith("10.0.0.");
        lb.VipPortId.Should().NotBeNullOrEmpty();
        (await gate.Entered).Method.Should().Be("CreateLoadBalancer");

        gate.Release();
        await host.WhenIdleAsync();

        var active = await host.Service.GetLoadBalancerAsync(LbaasTestHost.Admin, lb.Id);
        active.ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
        active.OperatingStatus.Should().Be(OperatingStatus.Online);
        active.DeviceIds.Should().Equal("dev-1");
        host.Driver.CallsOf("CreateLoadBalancer").Should().ContainSingle()
            .Which.Should().Be(new DriverCall("CreateLoadBalancer", lb.Id, "dev-1", lb.Id, HadCredentials: true));
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_no_device_fits_throws_explained_and_persists_nothing()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1", maxVips: 1);
        await host.CreateActiveLoadBalancerAsync();

        var act = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());

        var error = (await act.Should().ThrowAsync<NoEligibleDeviceException>()).Which;
        error.Message.Should().Be(error.Result.Summary).And.StartWith("0/1 devices available");
        error.Result.Rejections.Should().ContainSingle().Which.DeviceId.Should().Be("dev-1");
        (await host.Service.ListLoadBalancersAsync(LbaasTestHost.Admin)).Should().ContainSingle();
        host.Registry.ClaimsOf("dev-1").Should().ContainSingle();
        host.Driver.CallsOf("CreateLoadBalancer").Should().ContainSingle();
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_active_standby_places_on_two_devices_in_different_clusters()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-a1", clusterId: "a");
        await host.OnboardAsync("dev-a2", clusterId: "a");
        await host.OnboardAsync("dev-b1", clusterId: "b");

        var lb = await host.CreateActiveLoadBalancerAsync(topology: LoadBalancerTopologies.ActiveStandby);

        lb.ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
        lb.DeviceIds.Should().HaveCount(2);
        lb.DeviceIds.Select(d => host.Registry.Find(d)!.ClusterId).Should().OnlyHaveUniqueItems();
        host.Driver.CallsOf("CreateLoadBalancer").Select(c => c.DeviceId).Should().BeEquivalentTo(lb.DeviceIds);
        var placement = await host.Service.GetPlacementAsync(LbaasTestHost.Admin, lb.Id);
        placement.Should().HaveCount(2);
        placement.Select(p => p.DeviceId).Should().Equal(lb.DeviceIds);
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_standby_has_no_device_releases_the_first_claim_and_persists_nothing()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-a1", clusterId: "a");
        await host.OnboardAsync("dev-a2", clusterId: "a");

        var act = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest(LoadBalancerTopologies.ActiveStandby));

        var error = (await act.Should().ThrowAsync<NoEligibleDeviceException>()).Which;
        error.Results.Should().HaveCount(2);
        error.Results[0].Succeeded.Should().BeTrue();
        error.Result.Succeeded.Should().BeFalse();
        host.Registry.ClaimsOf("dev-a1").Should().BeEmpty();
        host.Registry.ClaimsOf("dev-a2").Should().BeEmpty();
        (await host.Service.ListLoadBalancersAsync(LbaasTestHost.Admin)).Should().BeEmpty();
    }

    [Fact]
    public async Task UpdateLoadBalancerAsync_when_active_goes_pending_update_then_active_with_the_change()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();

        var pending = await host.Service.UpdateLoadBalancerAsync(LbaasTestHost.Caller, lb.Id, new LoadBalancerUpdateRequest { Name = "renamed", AdminStateUp = false });
        pending.ProvisioningStatus.Should().Be(ProvisioningStatus.PendingUpdate);
        await host.WhenIdleAsync();

        var updated = await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        updated.Name.Should().Be("renamed");
        updated.ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
        updated.OperatingStatus.Should().Be(OperatingStatus.Offline);
        updated.RevisionNumber.Should().BeGreaterThan(lb.RevisionNumber);
        host.Driver.CallsOf("UpdateLoadBalancer").Should().ContainSingle();
    }

    [Fact]
    public async Task DeleteLoadBalancerAsync_when_active_deletes_on_device_unwires_releases_and_removes()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        (await host.Ml2.ListPortsAsync(LbaasTestHost.Admin)).Should().NotBeEmpty();

        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        await host.WhenIdleAsync();

        host.Driver.CallsOf("DeleteLoadBalancer").Should().ContainSingle().Which.DeviceId.Should().Be("dev-1");
        host.Registry.ClaimsOf("dev-1").Should().BeEmpty();
        (await host.Ml2.ListPortsAsync(LbaasTestHost.Admin)).Should().BeEmpty();
        var get = async () => await host.Service.GetLoadBalancerAsync(LbaasTestHost.Admin, lb.Id);
        await get.Should().ThrowAsync<ResourceNotFoundException>().WithMessage($"Load Balancer {lb.Id} could not be found.");
        host.Logs.WithEvent("ObjectDeleted").Should().Contain(r => r.Message.Contains(lb.Id) && r.Message.Contains("DELETED"));
    }

    [Fact]
    public async Task DeleteLoadBalancerAsync_when_it_has_children_without_cascade_throws_octavias_validation_error()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await host.WhenIdleAsync();

        var act = async () => await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);

        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Detail.Should().Be($"Cannot delete Load Balancer {lb.Id} - it has children");
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
    }

    [Fact]
    public async Task DeleteLoadBalancerAsync_when_cascading_removes_every_child()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        var listener = await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await host.WhenIdleAsync();
        var pool = await host.Service.CreatePoolAsync(LbaasTestHost.Caller, new PoolCreateRequest { ListenerId = listener.Id, Protocol = "HTTP" });
        await host.WhenIdleAsync();
        await host.Service.CreateMemberAsync(LbaasTestHost.Caller, new MemberCreateRequest { PoolId = pool.Id, Address = "10.1.0.10", ProtocolPort = 8080 });
        await host.WhenIdleAsync();

        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id, cascade: true);
        await host.WhenIdleAsync();

        (await host.Service.ListLoadBalancersAsync(LbaasTestHost.Admin)).Should().BeEmpty();
        (await host.Service.ListListenersAsync(LbaasTestHost.Admin)).Should().BeEmpty();
        (await host.Service.ListPoolsAsync(LbaasTestHost.Admin)).Should().BeEmpty();
        (await host.Service.ListMembersAsync(LbaasTestHost.Admin)).Should().BeEmpty();
        host.Registry.ClaimsOf("dev-1").Should().BeEmpty();
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_wiring_fails_releases_claim_and_leaves_deletable_error()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var tiny = await host.Ml2.CreateNetworkAsync(LbaasTestHost.Caller, new Ml2.Plugin.NetworkCreateRequest { Name = "tiny" });
        var full = await host.Ml2.CreateSubnetAsync(LbaasTestHost.Caller, new Ml2.Plugin.SubnetCreateRequest
        {
            NetworkId = tiny.Id,
            Cidr = "10.9.0.0/29",
            AllocationPools = [new Ml2.Model.AllocationPool("10.9.0.2", "10.9.0.2")],
        });
        await host.Ml2.CreatePortAsync(LbaasTestHost.Caller, new Ml2.Plugin.PortCreateRequest { NetworkId = tiny.Id });

        var act = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest() with { VipNetworkId = tiny.Id, VipSubnetId = full.Id });

        var error = (await act.Should().ThrowAsync<LoadBalancerWiringException>()).Which;
        error.DeviceId.Should().Be("dev-1");
        error.InnerException.Should().BeOfType<IpAddressGenerationFailureException>();
        host.Registry.ClaimsOf("dev-1").Should().BeEmpty();
        var failed = await host.Service.GetLoadBalancerAsync(LbaasTestHost.Admin, error.LoadBalancerId);
        failed.ProvisioningStatus.Should().Be(ProvisioningStatus.Error);
        failed.DeviceIds.Should().BeEmpty();
        failed.VipPortId.Should().BeNull();
        (await host.Ml2.ListPortsAsync(LbaasTestHost.Admin, Ml2.Plugin.ListFilter.Where("device_owner", Ml2.Model.DeviceOwners.LoadBalancer))).Should().BeEmpty();
        host.Driver.Calls.Should().BeEmpty();

        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, failed.Id);
        await host.WhenIdleAsync();
        (await host.Service.ListLoadBalancersAsync(LbaasTestHost.Admin)).Should().BeEmpty();
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_the_driver_fails_and_its_ports_cannot_be_removed_keeps_its_devices_and_vip_port_for_the_delete()
    {
        var ports = new RefusingPortDeletes();
        await using var host = await LbaasTestHost.CreateAsync(mechanismDriver: ports);
        await host.OnboardAsync("dev-1");
        host.Driver.Fail = call => call.Method == "CreateLoadBalancer" ? new InvalidOperationException("device rejected the VIP") : null;
        ports.Refuse = true;

        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        await host.WhenIdleAsync();

        var failed = await host.Service.GetLoadBalancerAsync(LbaasTestHost.Admin, lb.Id);
        failed.ProvisioningStatus.Should().Be(ProvisioningStatus.Error);
        failed.DeviceIds.Should().Equal("dev-1");
        failed.VipPortId.Should().Be(lb.VipPortId, "its VIP port is still there");
        host.Logs.WithEvent("UnwireFailed").Should().ContainSingle();

        // Its delete goes to the device again and, the ports deletable again, gives everything back.
        ports.Refuse = false;
        host.Driver.Fail = null;
        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        await host.WhenIdleAsync();
        host.Driver.CallsOf("DeleteLoadBalancer").Should().ContainSingle();
        (await host.Ml2.ListPortsAsync(LbaasTestHost.Admin)).Should().BeEmpty();
        (await host.Service.ListLoadBalancersAsync(LbaasTestHost.Admin)).Should().BeEmpty();
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_the_driver_fails_load_balancer_is_error_and_its_capacity_is_given_back()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        host.Driver.Fail = call => call.Method == "CreateLoadBalancer" ? new InvalidOperationException("device rejected the VIP") : null;

        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        await host.WhenIdleAsync();

        var failed = await host.Service.GetLoadBalancerAsync(LbaasTestHost.Admin, lb.Id);
        failed.ProvisioningStatus.Should().Be(ProvisioningStatus.Error);
        failed.OperatingStatus.Should().Be(OperatingStatus.Offline);
        host.Registry.ClaimsOf("dev-1").Should().BeEmpty();
        host.Logs.WithEvent("ObjectFailed").Should().ContainSingle()
            .Which.Message.Should().Contain($"Provider '{LbaasTestHost.Provider}' reports error: device rejected the VIP");
        // Its claim and ports were given back, so it is on no device and has no VIP port any more.
        lb.VipPortId.Should().NotBeNull();
        failed.DeviceIds.Should().BeEmpty();
        failed.VipPortId.Should().BeNull();
        (await host.Objects.LoadBalancers.FindAsync(lb.Id))!.Should().Match<LoadBalancer>(s => s.DeviceIds.Count == 0 && s.VipPortId == null);
        (await host.Ml2.ListPortsAsync(LbaasTestHost.Admin)).Should().BeEmpty("the VIP port and the device ports are gone");

        host.Driver.Fail = null;
        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        await host.WhenIdleAsync();
        host.Driver.CallsOf("DeleteLoadBalancer").Should().BeEmpty("on no device, its delete needs no agent");
        (await host.Service.ListLoadBalancersAsync(LbaasTestHost.Admin)).Should().BeEmpty();
    }

    /// <summary>A mechanism driver that refuses port deletes (in precommit, so the delete fails) while <see cref="Refuse"/> is set.</summary>
    private sealed class RefusingPortDeletes : Ml2.Drivers.IMechanismDriver
    {
        public volatile bool Refuse;

        public string Name => "refusing-deletes";

        public ValueTask DeletePortPrecommitAsync(Ml2.Contexts.PortContext context, CancellationToken cancellationToken) =>
            Refuse ? throw new InvalidOperationException("the switch refuses to remove the port") : default;
    }
}
