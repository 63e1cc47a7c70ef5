using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Service;
using Lbaas.Storage;
using Lbaas;

namespace Lbaas.Core.Tests.Storage;

/// <summary>
/// The LBaaS state store as the source of truth: a controller restarted over the same store, and two controllers
/// sharing one store (each with its own device cache), placing at the same time.
/// </summary>
public sealed class SharedStateStoreTests
{
    [Fact]
    public async Task Restart_on_the_same_state_store_keeps_devices_claims_and_load_balancers()
    {
        await using var first = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero);
        await first.OnboardAsync("dev-1", maxVips: 5);
        var lb = await first.CreateActiveLoadBalancerAsync();
        var device = first.Registry.Find("dev-1")!;
        var claims = first.Registry.ClaimsOf("dev-1");
        claims.Should().ContainSingle().Which.VipAddress.Should().NotBeNull();

        // A new container (new caches, new agents) over the same stores, as after a controller restart.
        await using var second = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero, shareStoresWith: first);

        var reloaded = second.Registry.Find("dev-1")!;
        reloaded.Should().BeEquivalentTo(device, o => o.Excluding(d => d.Credentials));
        reloaded.Credentials!.Password.Should().Be(LbaasTestHost.Password, "the store keeps the credentials so the restarted controller can reach the device");
        second.Registry.ClaimsOf("dev-1").Should().Equal(claims);
        second.Registry.FindSnapshot("dev-1")!.VipAddresses.Should().Equal(claims[0].VipAddress);
        (await second.Service.GetLoadBalancerAsync(LbaasTestHost.Admin, lb.Id)).Should().BeEquivalentTo(lb);
        (await second.Service.GetPlacementAsync(LbaasTestHost.Admin, lb.Id)).Should().ContainSingle().Which.DeviceId.Should().Be("dev-1");

        var another = await second.CreateActiveLoadBalancerAsync();
        another.ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
        another.DeviceIds.Should().Equal("dev-1");
        second.Driver.CallsOf("CreateLoadBalancer").Should().ContainSingle().Which.HadCredentials.Should().BeTrue();
        await second.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        await second.WhenIdleAsync();

        (await first.Devices.ListClaimsAsync()).Select(c => c.Claim.LoadBalancerId).Should().Equal(another.Id);
        (await first.Objects.LoadBalancers.ListAsync()).Select(l => l.Id).Should().Equal(another.Id);
        (await first.Objects.Placements.FindAsync(lb.Id)).Should().BeNull();
    }

    [Fact]
    public async Task Two_hosts_placing_concurrently_on_one_store_never_overcommit_a_device()
    {
        await using var a = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero);
        await a.OnboardAsync("dev-1", maxVips: 3);
        await using var b = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero, seed: 12, shareStoresWith: a);
        b.Registry.FindSnapshot("dev-1")!.FreeVips.Should().Be(3, "each host judges from its own cache, loaded at start");
        using var start = new ManualResetEventSlim();

        var creates = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            var host = i % 2 == 0 ? a : b;
            start.Wait();
            try
            {
                return (object)await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
            }
            catch (Exception ex)
            {
                return ex;
            }
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(creates);
        await a.WhenIdleAsync();
        await b.WhenIdleAsync();

        outcomes.OfType<LoadBalancer>().Should().HaveCount(3);
        outcomes.OfType<Exception>().Should().HaveCount(17).And.AllBeOfType<NoEligibleDeviceException>();
        (await a.Devices.FindDeviceStateAsync("dev-1"))!.Claims.Should().HaveCount(3);
        (await a.Objects.LoadBalancers.ListAsync()).Should().HaveCount(3).And.OnlyContain(lb => lb.ProvisioningStatus == ProvisioningStatus.Active);
        await a.Registry.ReloadAsync();
        await b.Registry.ReloadAsync();
        a.Registry.FindSnapshot("dev-1")!.LoadBalancerCount.Should().Be(3);
        b.Registry.FindSnapshot("dev-1")!.LoadBalancerCount.Should().Be(3);
    }

    [Fact]
    public async Task ReloadAsync_sees_devices_another_host_onboarded_and_removed()
    {
        await using var a = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero);
        await using var b = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero, shareStoresWith: a);
        await a.OnboardAsync("dev-1");
        await a.OnboardAsync("dev-2");
        b.Registry.Find("dev-1").Should().BeNull("b's cache was loaded before");

        (await b.Registry.ReloadAsync()).Should().Be(2);
        b.Registry.List().Select(d => d.Id).Should().Equal("dev-1", "dev-2");

        var drained = await b.Registry.DrainAsync("dev-1");
        await a.Registry.RemoveAsync("dev-2");
        await a.Registry.UpdateAsync("dev-1", new Lbaas.Devices.DeviceUpdate { Name = "renamed" });
        drained.RevisionNumber.Should().Be(2);
        a.Registry.Find("dev-1")!.Draining.Should().BeTrue("a stale cache reloads the device and recomputes the change over it");
        await b.Registry.ReloadAsync();
        b.Registry.List().Select(d => (d.Id, d.Name, d.Draining)).Should().Equal(("dev-1", "renamed", true));
    }
}
