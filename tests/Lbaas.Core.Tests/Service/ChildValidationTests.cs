using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Service;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Core.Tests.Service;

/// <summary>Listener, pool, member and health monitor input checks, with Octavia's duplicate wording; bad input changes nothing.</summary>
public sealed class ChildValidationTests
{
    private static async Task<(LbaasTestHost Host, LoadBalancer Lb)> CreateAsync()
    {
        var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        return (host, await host.CreateActiveLoadBalancerAsync());
    }

    [Theory]
    [InlineData("FTP", 80, "protocol")]
    [InlineData("HTTP", 0, "protocol_port")]
    [InlineData("HTTP", 65536, "protocol_port")]
    public async Task CreateListenerAsync_when_input_is_bad_throws_and_leaves_the_load_balancer_active(string protocol, int port, string field)
    {
        var (host, lb) = await CreateAsync();
        await using var _ = host;

        var act = async () => await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = protocol, ProtocolPort = port });

        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Field.Should().Be(field);
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
    }

    [Fact]
    public async Task CreateListenerAsync_when_the_port_is_taken_throws_octavias_duplicate_and_releases_the_lock()
    {
        var (host, lb) = await CreateAsync();
        await using var _ = host;
        await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await host.WhenIdleAsync();

        var act = async () => await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "TCP", ProtocolPort = 80 });

        await act.Should().ThrowAsync<ConflictException>().WithMessage("Another Listener on this Load Balancer is already using protocol_port 80");
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active, "a refused change rolls back the lock");
    }

    [Fact]
    public async Task CreatePoolAsync_on_a_listener_with_a_default_pool_throws_duplicate_pool()
    {
        var (host, lb) = await CreateAsync();
        await using var _ = host;
        var listener = await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await host.WhenIdleAsync();
        var pool = await host.Service.CreatePoolAsync(LbaasTestHost.Caller, new PoolCreateRequest { ListenerId = listener.Id, Protocol = "HTTP" });
        await host.WhenIdleAsync();
        (await host.Service.GetListenerAsync(LbaasTestHost.Caller, listener.Id)).DefaultPoolId.Should().Be(pool.Id);

        var act = async () => await host.Service.CreatePoolAsync(LbaasTestHost.Caller, new PoolCreateRequest { ListenerId = listener.Id, Protocol = "HTTP" });

        await act.Should().ThrowAsync<ConflictException>().WithMessage("This listener already has a default pool");
    }

    [Fact]
    public async Task CreateMemberAsync_when_address_and_port_are_taken_throws_duplicate_member()
    {
        var (host, lb) = await CreateAsync();
        await using var _ = host;
        var pool = await host.Service.CreatePoolAsync(LbaasTestHost.Caller, new PoolCreateRequest { LoadBalancerId = lb.Id, Protocol = "TCP" });
        await host.WhenIdleAsync();
        await host.Service.CreateMemberAsync(LbaasTestHost.Caller, new MemberCreateRequest { PoolId = pool.Id, Address = "10.1.0.7", ProtocolPort = 80 });
        await host.WhenIdleAsync();

        var duplicate = async () => await host.Service.CreateMemberAsync(LbaasTestHost.Caller, new MemberCreateRequest { PoolId = pool.Id, Address = "10.1.0.7", ProtocolPort = 80 });
        var badAddress = async () => await host.Service.CreateMemberAsync(LbaasTestHost.Caller, new MemberCreateRequest { PoolId = pool.Id, Address = "10.1.0.300", ProtocolPort = 80 });
        var badWeight = async () => await host.Service.CreateMemberAsync(LbaasTestHost.Caller, new MemberCreateRequest { PoolId = pool.Id, Address = "10.1.0.8", ProtocolPort = 80, Weight = 257 });

        await duplicate.Should().ThrowAsync<ConflictException>().WithMessage("Another member on this pool is already using ip 10.1.0.7 on protocol_port 80");
        (await badAddress.Should().ThrowAsync<InvalidInputException>()).Which.Field.Should().Be("address");
        (await badWeight.Should().ThrowAsync<InvalidInputException>()).Which.Field.Should().Be("weight");
    }

    [Fact]
    public async Task CreateHealthMonitorAsync_checks_timings_and_one_per_pool()
    {
        var (host, lb) = await CreateAsync();
        await using var _ = host;
        var pool = await host.Service.CreatePoolAsync(LbaasTestHost.Caller, new PoolCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP" });
        await host.WhenIdleAsync();

        var timing = async () => await host.Service.CreateHealthMonitorAsync(LbaasTestHost.Caller, new HealthMonitorCreateRequest { PoolId = pool.Id, Type = "HTTP", Delay = 2, Timeout = 5 });
        (await timing.Should().ThrowAsync<InvalidInputException>()).Which.Detail.Should().Be("'delay' must be greater than or equal to 'timeout'");

        var monitor = await host.Service.CreateHealthMonitorAsync(LbaasTestHost.Caller, new HealthMonitorCreateRequest { PoolId = pool.Id, Type = "HTTP" });
        await host.WhenIdleAsync();
        var second = async () => await host.Service.CreateHealthMonitorAsync(LbaasTestHost.Caller, new HealthMonitorCreateRequest { PoolId = pool.Id, Type = "PING" });
        await second.Should().ThrowAsync<ConflictException>().WithMessage("This pool already has a health monitor");

        var updated = await host.Service.UpdateHealthMonitorAsync(LbaasTestHost.Caller, monitor.Id, new HealthMonitorUpdateRequest { Delay = 10, MaxRetries = 5 });
        await host.WhenIdleAsync();
        updated.Should().Match<HealthMonitor>(h => h.Delay == 10 && h.Timeout == 5 && h.MaxRetries == 5 && h.ProvisioningStatus == ProvisioningStatus.PendingUpdate);
        (await host.Service.GetHealthMonitorAsync(LbaasTestHost.Caller, monitor.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_vip_subnet_is_not_on_vip_network_is_invalid_input()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        var memberSubnet = (await host.Ml2.ListSubnetsAsync(LbaasTestHost.Caller, Ml2.Plugin.ListFilter.Where("network_id", host.MemberNetwork.Id))).Single();

        var act = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest() with { VipSubnetId = memberSubnet.Id });

        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Message.Should().Be($"Subnet {memberSubnet.Id} not found.", "Octavia's InvalidSubresource");
    }

    [Fact]
    public async Task Update_and_delete_of_every_child_reach_the_driver_and_settle()
    {
        var (host, lb) = await CreateAsync();
        await using var _ = host;
        var listener = await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await host.WhenIdleAsync();
        var pool = await host.Service.CreatePoolAsync(LbaasTestHost.Caller, new PoolCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP" });
        await host.WhenIdleAsync();
        var member = await host.Service.CreateMemberAsync(LbaasTestHost.Caller, new MemberCreateRequest { PoolId = pool.Id, Address = "10.1.0.9", ProtocolPort = 80 });
        await host.WhenIdleAsync();

        await host.Service.UpdateListenerAsync(LbaasTestHost.Caller, listener.Id, new ListenerUpdateRequest { DefaultPoolId = pool.Id });
        await host.WhenIdleAsync();
        await host.Service.UpdatePoolAsync(LbaasTestHost.Caller, pool.Id, new PoolUpdateRequest { LbAlgorithm = "SOURCE_IP" });
        await host.WhenIdleAsync();
        await host.Service.UpdateMemberAsync(LbaasTestHost.Caller, member.Id, new MemberUpdateRequest { Weight = 0, AdminStateUp = false });
        await host.WhenIdleAsync();

        (await host.Service.GetListenerAsync(LbaasTestHost.Caller, listener.Id)).DefaultPoolId.Should().Be(pool.Id);
        (await host.Service.GetPoolAsync(LbaasTestHost.Caller, pool.Id)).LbAlgorithm.Should().Be("SOURCE_IP");
        (await host.Service.GetMemberAsync(LbaasTestHost.Caller, member.Id)).Should().Match<Member>(m => m.Weight == 0 && m.OperatingStatus == OperatingStatus.Offline && m.ProvisioningStatus == ProvisioningStatus.Active);

        await host.Service.DeleteMemberAsync(LbaasTestHost.Caller, member.Id);
        await host.WhenIdleAsync();
        await host.Service.DeletePoolAsync(LbaasTestHost.Caller, pool.Id);
        await host.WhenIdleAsync();
        (await host.Service.GetListenerAsync(LbaasTestHost.Caller, listener.Id)).DefaultPoolId.Should().BeNull("a deleted pool is no listener's default pool");
        await host.Service.DeleteListenerAsync(LbaasTestHost.Caller, listener.Id);
        await host.WhenIdleAsync();

        host.Driver.Calls.Select(c => c.Method).Should().Contain(["UpdateListener", "UpdatePool", "UpdateMember", "DeleteMember", "DeletePool", "DeleteListener"]);
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
    }
}
