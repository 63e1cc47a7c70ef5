using System.Net;
using FluentAssertions;
using Ml2.Exceptions;
using Ml2.Ipam;
using Ml2.Model;
using Ml2.Plugin;
using Xunit;

namespace Ml2.Core.Tests.Ipam;

public sealed class IpAllocatorTests : IDisposable
{
    private const string Net = "net-1";
    private readonly IpamTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task AllocateAsync_when_nothing_requested_gives_one_address_from_first_v_4_and_first_v_6_subnet()
    {
        var v4a = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");
        var v4b = await _bed.AddSubnetAsync(Net, "10.0.1.0/24");
        var v6a = await _bed.AddSubnetAsync(Net, "2001:db8::/64");
        var v6b = await _bed.AddSubnetAsync(Net, "2001:db8:1::/64");

        var ips = await _bed.AllocateAsync(Net, [v6a, v4a, v6b, v4b], null);

        ips.Should().HaveCount(2);
        ips[0].SubnetId.Should().Be(v4a.Id);
        IpCidr.Parse(v4a.Cidr).Contains(IPAddress.Parse(ips[0].IpAddress)).Should().BeTrue();
        ips[0].IpAddress.Should().NotBe("10.0.0.1");
        ips[1].SubnetId.Should().Be(v6a.Id);
        IpCidr.Parse(v6a.Cidr).Contains(IPAddress.Parse(ips[1].IpAddress)).Should().BeTrue();
        ips[1].IpAddress.Should().Be(ips[1].IpAddress.ToLowerInvariant());
    }

    [Fact]
    public async Task AllocateAsync_when_first_v_4_subnet_full_uses_next_one()
    {
        var full = await _bed.AddSubnetAsync(Net, "10.0.0.0/30");
        var next = await _bed.AddSubnetAsync(Net, "10.0.1.0/24");
        await _bed.AllocateAsync(Net, [full, next], [new FixedIpRequest(full.Id)]);

        var ips = await _bed.AllocateAsync(Net, [full, next], null);

        ips.Should().ContainSingle().Which.SubnetId.Should().Be(next.Id);
    }

    [Fact]
    public async Task AllocateAsync_when_network_has_no_subnets_gives_no_addresses()
    {
        (await _bed.AllocateAsync(Net, [], null)).Should().BeEmpty();
        (await _bed.AllocateAsync(Net, [], [])).Should().BeEmpty();
    }

    [Fact]
    public async Task AllocateAsync_when_empty_list_requested_gives_no_addresses()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");

        (await _bed.AllocateAsync(Net, [subnet], [])).Should().BeEmpty();
    }

    [Fact]
    public async Task AllocateAsync_when_slash_29_pool_used_up_throws_ip_address_generation_failure()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/29");
        var seen = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var ip = (await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(subnet.Id)])).Should().ContainSingle().Subject;
            seen.Add(ip.IpAddress).Should().BeTrue();
        }

        seen.Should().BeEquivalentTo("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6");

        var subnetOnly = () => _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(subnet.Id)]);
        (await subnetOnly.Should().ThrowAsync<IpAddressGenerationFailureException>())
            .Which.Message.Should().Be($"No more IP addresses available on network {Net}.");
        var byDefault = () => _bed.AllocateAsync(Net, [subnet], null);
        await byDefault.Should().ThrowAsync<IpAddressGenerationFailureException>();
    }

    [Fact]
    public async Task AllocateAsync_when_explicit_address_requested_reserves_exactly_it()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");

        var ips = await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(subnet.Id, "10.0.0.50"), new FixedIpRequest(IpAddress: "10.0.0.51")]);

        ips.Should().Equal(new FixedIp(subnet.Id, "10.0.0.50"), new FixedIp(subnet.Id, "10.0.0.51"));
        (await _bed.UsageAsync(IpPoolMapping.PoolName(subnet.Id)))!.AllocatedInRanges.Should().Be(2);
    }

    [Fact]
    public async Task AllocateAsync_when_address_outside_pools_but_in_cidr_is_allowed()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24", [new("10.0.0.10", "10.0.0.20")]);

        var ips = await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "10.0.0.200")]);

        ips.Should().Equal(new FixedIp(subnet.Id, "10.0.0.200"));
        (await _bed.UsageAsync(IpPoolMapping.PoolName(subnet.Id)))!.AllocatedOutsideRanges.Should().Be(1);
    }

    [Fact]
    public async Task AllocateAsync_when_ipv_6_address_given_non_canonically_returns_canonical()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "2001:db8::/64");

        var ips = await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "2001:DB8:0::00AB")]);

        ips.Should().Equal(new FixedIp(subnet.Id, "2001:db8::ab"));
    }

    [Fact]
    public async Task AllocateAsync_when_ipv_6_address_in_upper_half_of_slash_64_round_trips()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "2001:db8::/64");

        var ips = await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "2001:db8::ffff:ffff:ffff:ffff")]);
        ips.Should().Equal(new FixedIp(subnet.Id, "2001:db8::ffff:ffff:ffff:ffff"));

        var again = () => _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "2001:db8::ffff:ffff:ffff:ffff")]);
        await again.Should().ThrowAsync<ConflictException>();
    }

    [Fact]
    public async Task AllocateAsync_when_address_in_use_throws_ip_address_already_allocated()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");
        await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "10.0.0.7")]);

        var act = () => _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(subnet.Id, "10.0.0.7")]);

        var ex = (await act.Should().ThrowAsync<ConflictException>()).Which;
        ex.ErrorType.Should().Be("IpAddressAlreadyAllocated");
        ex.Status.Should().Be(ErrorStatus.Conflict);
        ex.Field.Should().Be("fixed_ips");
        ex.Value.Should().Be("10.0.0.7");
        ex.Message.Should().Be($"IP address 10.0.0.7 already allocated in subnet {subnet.Id}");
    }

    [Fact]
    public async Task AllocateAsync_when_one_address_in_use_reserves_nothing_else()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");
        await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "10.0.0.9")]);

        var act = () => _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(subnet.Id), new FixedIpRequest(IpAddress: "10.0.0.8"), new FixedIpRequest(IpAddress: "10.0.0.9")]);

        await act.Should().ThrowAsync<ConflictException>();
        (await _bed.UsageAsync(IpPoolMapping.PoolName(subnet.Id)))!.Allocated.Should().Be(1);
    }

    [Fact]
    public async Task AllocateAsync_when_later_subnet_full_releases_earlier_reservations_of_the_call()
    {
        var big = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");
        var small = await _bed.AddSubnetAsync(Net, "10.0.1.0/30");
        await _bed.AllocateAsync(Net, [big, small], [new FixedIpRequest(small.Id)]);

        await _bed.InTransactionAsync(async tx =>
        {
            var act = () => _bed.Allocator.AllocateAsync(tx, Net, [big, small], [new FixedIpRequest(big.Id, "10.0.0.5"), new FixedIpRequest(big.Id), new FixedIpRequest(small.Id)]).AsTask();
            await act.Should().ThrowAsync<IpAddressGenerationFailureException>();

            // Still inside the same transaction: nothing of the failed call is left.
            (await tx.Pools.GetUsageAsync(IpPoolMapping.PoolName(big.Id)))!.Allocated.Should().Be(0);
            (await tx.Pools.GetUsageAsync(IpPoolMapping.PoolName(small.Id)))!.Allocated.Should().Be(1);
        });
    }

    [Theory]
    [InlineData("10.0.1.5", "IP address 10.0.1.5 is not a valid IP for the specified subnet.")]
    [InlineData("10.0.0.0", "IP address 10.0.0.0 is not a valid IP for the specified subnet.")]
    [InlineData("10.0.0.255", "IP address 10.0.0.255 is not a valid IP for the specified subnet.")]
    [InlineData("2001:db8::5", "IP address 2001:db8::5 is not a valid IP for the specified subnet.")]
    public async Task AllocateAsync_when_address_not_valid_on_named_subnet_throws_invalid_ip_for_subnet(string ip, string detail)
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");

        var act = () => _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(subnet.Id, ip)]);

        var ex = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        ex.ErrorType.Should().Be("InvalidIpForSubnet");
        ex.Field.Should().Be("fixed_ips");
        ex.Value.Should().Be(ip);
        ex.Message.Should().Be(detail);
    }

    [Fact]
    public async Task AllocateAsync_when_address_outside_every_subnet_throws_invalid_ip_for_network()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");

        var act = () => _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "192.168.0.5")]);

        var ex = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        ex.Field.Should().Be("fixed_ips");
        ex.Value.Should().Be("192.168.0.5");
        ex.ErrorType.Should().Be("InvalidIpForNetwork");
        ex.Message.Should().Be("IP address 192.168.0.5 is not a valid IP for any of the subnets on the specified network.");
    }

    [Fact]
    public async Task AllocateAsync_when_gateway_requested_throws_unless_router_port()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");

        var act = () => _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(subnet.Id, "10.0.0.1")], "compute:nova");

        var ex = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        ex.Field.Should().Be("fixed_ips");
        ex.Value.Should().Be("10.0.0.1");
        ex.Detail.Should().Contain("gateway");

        var router = await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(subnet.Id, "10.0.0.1")], DeviceOwners.RouterInterface);
        router.Should().Equal(new FixedIp(subnet.Id, "10.0.0.1"));
    }

    [Fact]
    public async Task AllocateAsync_when_ipv_6_subnet_router_anycast_requested_only_router_ports_may_take_it()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "2001:db8::/64", gateway: "2001:db8::1");

        var act = () => _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(subnet.Id, "2001:db8::")]);
        (await act.Should().ThrowAsync<InvalidInputException>())
            .Which.Detail.Should().Be("IP address 2001:db8:: is not a valid IP for the specified subnet.");

        (await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(subnet.Id, "2001:db8::")], "network:router_gateway"))
            .Should().Equal(new FixedIp(subnet.Id, "2001:db8::"));
    }

    [Fact]
    public async Task AllocateAsync_when_slash_31_any_address_but_the_gateway_is_valid()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.4/31", noGateway: true);

        (await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(subnet.Id, "10.0.0.4"), new FixedIpRequest(subnet.Id, "10.0.0.5")]))
            .Should().HaveCount(2);
    }

    [Fact]
    public async Task AllocateAsync_when_subnet_of_another_network_throws_on_subnet_id()
    {
        var mine = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");
        var other = await _bed.AddSubnetAsync("net-2", "10.0.1.0/24");
        await _bed.InTransactionAsync(tx => tx.Subnets.AddAsync(other).AsTask());

        var act = () => _bed.AllocateAsync(Net, [mine], [new FixedIpRequest(other.Id)]);

        var ex = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        ex.Field.Should().Be("fixed_ips");
        ex.Value.Should().Be(other.Id);
        ex.Detail.Should().Be($"Failed to create port on network {Net}, because fixed_ips included invalid subnet {other.Id}");
    }

    [Fact]
    public async Task AllocateAsync_when_duplicate_address_throws_on_fixed_ips()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "2001:db8::/64");

        var act = () => _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "2001:db8::5"), new FixedIpRequest(subnet.Id, "2001:DB8::5")]);

        var ex = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        ex.Field.Should().Be("fixed_ips");
        ex.Detail.Should().Be("Duplicate IP address '2001:DB8::5'");
        (await _bed.UsageAsync(IpPoolMapping.PoolName(subnet.Id)))!.Allocated.Should().Be(0);
    }

    [Fact]
    public async Task AllocateAsync_when_request_has_neither_subnet_nor_address_throws()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");

        var act = () => _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest()]);

        (await act.Should().ThrowAsync<InvalidInputException>())
            .Which.Detail.Should().Be("IP allocation requires subnet_id or ip_address");
    }

    [Fact]
    public async Task AllocateAsync_when_network_has_no_subnets_but_ips_requested_throws()
    {
        var act = () => _bed.AllocateAsync(Net, [], [new FixedIpRequest(IpAddress: "10.0.0.5")]);

        (await act.Should().ThrowAsync<InvalidInputException>())
            .Which.Detail.Should().Be("IP allocation requires subnets for network");
    }

    [Fact]
    public async Task AllocateAsync_when_address_malformed_throws_on_ip_address()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");

        var act = () => _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(subnet.Id, "10.0.0.999")]);

        var ex = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        ex.Field.Should().Be("fixed_ips");
        ex.Detail.Should().Be("'10.0.0.999' is not a valid IP address");
    }

    [Fact]
    public async Task AllocateAsync_when_specific_and_any_requested_on_tiny_subnet_specific_wins()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/29");
        for (var round = 0; round < 20; round++)
        {
            var ips = await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(subnet.Id), new FixedIpRequest(subnet.Id, "10.0.0.3")]);
            ips[1].IpAddress.Should().Be("10.0.0.3");
            ips[0].IpAddress.Should().NotBe("10.0.0.3");
            await _bed.InTransactionAsync(tx => _bed.Allocator.ReleaseAsync(tx, [subnet], ips).AsTask());
        }
    }

    [Fact]
    public async Task ReleaseAsync_when_addresses_released_can_be_allocated_again()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "2001:db8::/120");
        var ips = await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "2001:db8::10"), new FixedIpRequest(subnet.Id)]);

        await _bed.InTransactionAsync(tx => _bed.Allocator.ReleaseAsync(tx, [subnet], [.. ips, new FixedIp("gone", "10.9.9.9")]).AsTask());

        (await _bed.UsageAsync(IpPoolMapping.PoolName(subnet.Id)))!.Allocated.Should().Be(0);
        (await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "2001:db8::10")])).Should().ContainSingle();
    }

    [Fact]
    public async Task UpdateAsync_when_request_changes_keeps_releases_and_adds()
    {
        var v4 = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");
        var v6 = await _bed.AddSubnetAsync(Net, "2001:db8::/64");
        var current = await _bed.AllocateAsync(Net, [v4, v6], [new FixedIpRequest(IpAddress: "10.0.0.10"), new FixedIpRequest(IpAddress: "10.0.0.11"), new FixedIpRequest(v6.Id)]);

        var updated = await _bed.InTransactionAsync(tx => _bed.Allocator.UpdateAsync(
            tx,
            Net,
            [v4, v6],
            current,
            [new FixedIpRequest(v4.Id, "10.0.0.10"), new FixedIpRequest(v6.Id), new FixedIpRequest(IpAddress: "10.0.0.12"), new FixedIpRequest(v4.Id, "10.0.0.13")]).AsTask());

        updated.Should().Equal(
            new FixedIp(v4.Id, "10.0.0.10"),
            current[2],
            new FixedIp(v4.Id, "10.0.0.12"),
            new FixedIp(v4.Id, "10.0.0.13"));
        var usage = await _bed.UsageAsync(IpPoolMapping.PoolName(v4.Id));
        usage!.Allocated.Should().Be(3);

        // 10.0.0.11 was released: another port can have it now.
        (await _bed.AllocateAsync(Net, [v4, v6], [new FixedIpRequest(IpAddress: "10.0.0.11")])).Should().ContainSingle();
    }

    [Fact]
    public async Task UpdateAsync_when_subnet_only_requests_exceed_current_reuses_then_allocates()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");
        var current = await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "10.0.0.30")]);

        var updated = await _bed.InTransactionAsync(tx => _bed.Allocator.UpdateAsync(tx, Net, [subnet], current, [new FixedIpRequest(subnet.Id), new FixedIpRequest(subnet.Id)]).AsTask());

        updated.Should().HaveCount(2);
        updated[0].Should().Be(current[0]);
        updated[1].SubnetId.Should().Be(subnet.Id);
        updated[1].IpAddress.Should().NotBe("10.0.0.30");
        (await _bed.UsageAsync(IpPoolMapping.PoolName(subnet.Id)))!.Allocated.Should().Be(2);
    }

    [Fact]
    public async Task UpdateAsync_when_subnet_only_request_matches_current_address_reuses_it()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");
        var current = await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "10.0.0.40")]);

        var updated = await _bed.InTransactionAsync(tx => _bed.Allocator.UpdateAsync(tx, Net, [subnet], current, [new FixedIpRequest(subnet.Id)]).AsTask());

        updated.Should().Equal(current);
        (await _bed.UsageAsync(IpPoolMapping.PoolName(subnet.Id)))!.Allocated.Should().Be(1);
    }

    [Fact]
    public async Task UpdateAsync_when_null_requested_keeps_everything()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");
        var current = await _bed.AllocateAsync(Net, [subnet], null);

        var updated = await _bed.InTransactionAsync(tx => _bed.Allocator.UpdateAsync(tx, Net, [subnet], current, null).AsTask());

        updated.Should().Equal(current);
    }

    [Fact]
    public async Task UpdateAsync_when_empty_list_requested_releases_everything()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");
        var current = await _bed.AllocateAsync(Net, [subnet], null);

        var updated = await _bed.InTransactionAsync(tx => _bed.Allocator.UpdateAsync(tx, Net, [subnet], current, []).AsTask());

        updated.Should().BeEmpty();
        (await _bed.UsageAsync(IpPoolMapping.PoolName(subnet.Id)))!.Allocated.Should().Be(0);
    }

    [Fact]
    public async Task UpdateAsync_when_new_address_in_use_changes_nothing()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");
        var current = await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "10.0.0.20")]);
        await _bed.AllocateAsync(Net, [subnet], [new FixedIpRequest(IpAddress: "10.0.0.21")]);

        await _bed.InTransactionAsync(async tx =>
        {
            var act = () => _bed.Allocator.UpdateAsync(tx, Net, [subnet], current, [new FixedIpRequest(subnet.Id), new FixedIpRequest(IpAddress: "10.0.0.21")]).AsTask();
            await act.Should().ThrowAsync<ConflictException>();
            (await tx.Pools.IsAllocatedAsync(IpPoolMapping.PoolName(subnet.Id), IpPoolMapping.ToId(subnet, IPAddress.Parse("10.0.0.20")))).Should().BeTrue();
            (await tx.Pools.GetUsageAsync(IpPoolMapping.PoolName(subnet.Id)))!.Allocated.Should().Be(2);
        });
    }

    [Fact]
    public async Task AllocateAsync_when_ipv_6_slash_64_by_default_hands_out_distinct_addresses_inside_pool()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "2001:db8::/64");
        var cidr = IpCidr.Parse(subnet.Cidr);
        var seen = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var ip = (await _bed.AllocateAsync(Net, [subnet], null)).Should().ContainSingle().Subject;
            seen.Add(ip.IpAddress).Should().BeTrue();
            var value = IpAddressMath.ToUInt128(IPAddress.Parse(ip.IpAddress));
            value.Should().BeGreaterThan(cidr.First);
            cidr.Contains(value).Should().BeTrue();
        }
    }
}
