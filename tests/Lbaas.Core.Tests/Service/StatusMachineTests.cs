using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Service;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Core.Tests.Service;

/// <summary>Octavia's provisioning-status lock: nothing changes while PENDING_*, ERROR is deletable, children lock the load balancer.</summary>
public sealed class StatusMachineTests
{
    [Fact]
    public async Task UpdateLoadBalancerAsync_while_pending_create_throws_immutable_with_octavias_wording()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var gate = host.Driver.Hold();
        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        await gate.Entered;

        var act = async () => await host.Service.UpdateLoadBalancerAsync(LbaasTestHost.Caller, lb.Id, new LoadBalancerUpdateRequest { Name = "x" });

        var error = (await act.Should().ThrowAsync<ImmutableObjectException>()).Which;
        error.Should().BeAssignableTo<ConflictException>();
        error.Message.Should().Be($"Load Balancer {lb.Id} is immutable and cannot be updated.");
        error.ProvisioningStatus.Should().Be(ProvisioningStatus.PendingCreate);
        gate.Release();
        await host.WhenIdleAsync();
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).Name.Should().Be("web");
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("listener")]
    [InlineData("pool")]
    public async Task Mutations_while_pending_create_are_conflicts(string operation)
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var gate = host.Driver.Hold();
        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        await gate.Entered;

        Func<Task> act = operation switch
        {
            "delete" => async () => await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id),
            "listener" => async () => await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "TCP", ProtocolPort = 443 }),
            _ => async () => await host.Service.CreatePoolAsync(LbaasTestHost.Caller, new PoolCreateRequest { LoadBalancerId = lb.Id, Protocol = "TCP" }),
        };

        await act.Should().ThrowAsync<ImmutableObjectException>().WithMessage($"Load Balancer {lb.Id} is immutable and cannot be updated.");
        gate.Release();
        await host.WhenIdleAsync();
        (await host.Service.ListListenersAsync(LbaasTestHost.Admin)).Should().BeEmpty();
        (await host.Service.ListPoolsAsync(LbaasTestHost.Admin)).Should().BeEmpty();
    }

    [Fact]
    public async Task CreateListenerAsync_locks_the_load_balancer_until_the_agent_reports()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        var gate = host.Driver.Hold();

        var listener = await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await gate.Entered;

        listener.ProvisioningStatus.Should().Be(ProvisioningStatus.PendingCreate);
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.PendingUpdate);
        var second = async () => await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 8080 });
        await second.Should().ThrowAsync<ImmutableObjectException>();

        gate.Release();
        await host.WhenIdleAsync();
        (await host.Service.GetListenerAsync(LbaasTestHost.Caller, listener.Id)).Should().Match<Listener>(l =>
            l.ProvisioningStatus == ProvisioningStatus.Active && l.OperatingStatus == OperatingStatus.Online);
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
    }

    [Fact]
    public async Task Child_operation_when_the_driver_fails_child_is_error_and_load_balancer_active_again()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        host.Driver.Fail = call => call.Method == "CreateListener" ? new InvalidOperationException("port 80 taken on the device") : null;

        var listener = await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await host.WhenIdleAsync();

        var failed = await host.Service.GetListenerAsync(LbaasTestHost.Caller, listener.Id);
        failed.ProvisioningStatus.Should().Be(ProvisioningStatus.Error);
        failed.OperatingStatus.Should().Be(OperatingStatus.Offline);
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);

        host.Driver.Fail = null;
        await host.Service.DeleteListenerAsync(LbaasTestHost.Caller, listener.Id);
        await host.WhenIdleAsync();
        (await host.Service.ListListenersAsync(LbaasTestHost.Caller)).Should().BeEmpty();
    }

    [Fact]
    public async Task UpdateListenerAsync_when_it_is_error_retries_the_change()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        host.Driver.Fail = call => call.Method == "CreateListener" ? new InvalidOperationException("boom") : null;
        var listener = await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await host.WhenIdleAsync();
        host.Driver.Fail = null;

        await host.Service.UpdateListenerAsync(LbaasTestHost.Caller, listener.Id, new ListenerUpdateRequest { Name = "again" });
        await host.WhenIdleAsync();

        (await host.Service.GetListenerAsync(LbaasTestHost.Caller, listener.Id)).Should().Match<Listener>(l => l.Name == "again" && l.ProvisioningStatus == ProvisioningStatus.Active);
    }

    [Fact]
    public async Task UpdateLoadBalancerAsync_when_error_is_immutable_but_delete_is_allowed()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        host.Driver.Fail = call => call.Method == "UpdateLoadBalancer" ? new InvalidOperationException("device went away") : null;
        await host.Service.UpdateLoadBalancerAsync(LbaasTestHost.Caller, lb.Id, new LoadBalancerUpdateRequest { Name = "x" });
        await host.WhenIdleAsync();
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Error);
        host.Driver.Fail = null;

        var update = async () => await host.Service.UpdateLoadBalancerAsync(LbaasTestHost.Caller, lb.Id, new LoadBalancerUpdateRequest { Name = "y" });
        var listener = async () => await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await update.Should().ThrowAsync<ImmutableObjectException>();
        await listener.Should().ThrowAsync<ImmutableObjectException>();

        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        await host.WhenIdleAsync();
        (await host.Service.ListLoadBalancersAsync(LbaasTestHost.Caller)).Should().BeEmpty();
        host.Registry.ClaimsOf("dev-1").Should().BeEmpty();
    }

    [Fact]
    public async Task DeleteLoadBalancerAsync_when_the_driver_fails_load_balancer_is_error_and_can_be_deleted_again()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        host.Driver.Fail = call => call.Method == "DeleteLoadBalancer" ? new InvalidOperationException("device busy") : null;

        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        await host.WhenIdleAsync();
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Error);
        host.Registry.ClaimsOf("dev-1").Should().ContainSingle("the load balancer is still on the device");

        host.Driver.Fail = null;
        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        await host.WhenIdleAsync();
        (await host.Service.ListLoadBalancersAsync(LbaasTestHost.Caller)).Should().BeEmpty();
        host.Registry.ClaimsOf("dev-1").Should().BeEmpty();
        host.Driver.CallsOf("DeleteLoadBalancer").Should().HaveCount(2);
    }

    [Fact]
    public async Task DeletePoolAsync_removes_its_members_and_health_monitor()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        var pool = await host.Service.CreatePoolAsync(LbaasTestHost.Caller, new PoolCreateRequest { LoadBalancerId = lb.Id, Protocol = "TCP", LbAlgorithm = "LEAST_CONNECTIONS" });
        await host.WhenIdleAsync();
        var member = await host.Service.CreateMemberAsync(LbaasTestHost.Caller, new MemberCreateRequest { PoolId = pool.Id, Address = "10.1.0.5", ProtocolPort = 22 });
        await host.WhenIdleAsync();
        (await host.Service.GetMemberAsync(LbaasTestHost.Caller, member.Id)).OperatingStatus.Should().Be(OperatingStatus.NoMonitor);
        await host.Service.CreateHealthMonitorAsync(LbaasTestHost.Caller, new HealthMonitorCreateRequest { PoolId = pool.Id, Type = "TCP" });
        await host.WhenIdleAsync();

        await host.Service.DeletePoolAsync(LbaasTestHost.Caller, pool.Id);
        await host.WhenIdleAsync();

        (await host.Service.ListPoolsAsync(LbaasTestHost.Caller)).Should().BeEmpty();
        (await host.Service.ListMembersAsync(LbaasTestHost.Caller)).Should().BeEmpty();
        (await host.Service.ListHealthMonitorsAsync(LbaasTestHost.Caller)).Should().BeEmpty();
        host.Driver.CallsOf("DeletePool").Should().ContainSingle();
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
    }

    [Fact]
    public async Task DeleteLoadBalancerAsync_when_its_device_was_removed_succeeds_without_the_driver()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        host.Driver.Fail = call => call.Method == "CreateLoadBalancer" ? new InvalidOperationException("no") : null;
        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        await host.WhenIdleAsync();
        await host.Registry.RemoveAsync("dev-1");

        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        await host.WhenIdleAsync();

        (await host.Service.ListLoadBalancersAsync(LbaasTestHost.Admin)).Should().BeEmpty();
        host.Driver.CallsOf("DeleteLoadBalancer").Should().BeEmpty();
    }
}
