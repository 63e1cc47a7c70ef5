using System.Net;
using FluentAssertions;
using Ml2.Exceptions;
using Ml2.Ipam;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;
using Xunit;

namespace Ml2.Core.Tests.Ipam;

public sealed class IpPoolMappingTests
{
    [Fact]
    public void RangesFor_when_ipv_4_uses_address_values()
    {
        var subnet = Subnet("10.0.0.0/24", [new("10.0.0.10", "10.0.0.20"), new("10.0.0.100", "10.0.0.100")]);

        IpPoolMapping.RangesFor(subnet).Should().Equal(new IdRange(0x0A00000A, 0x0A000014), new IdRange(0x0A000064, 0x0A000064));
        IpPoolMapping.PoolName(subnet.Id).Should().Be("ip:s1");
    }

    [Fact]
    public void To_id_and_to_address_when_ipv_4_round_trip()
    {
        var subnet = Subnet("10.0.0.0/24");

        var id = IpPoolMapping.ToId(subnet, IPAddress.Parse("10.0.0.77"));

        id.Should().Be(0x0A00004D);
        IpPoolMapping.ToAddress(subnet, id).Should().Be("10.0.0.77");
    }

    [Fact]
    public void RangesFor_when_ipv_6_slash_120_uses_offsets_from_network_address()
    {
        var subnet = Subnet("2001:db8::100/120");

        IpPoolMapping.RangesFor(subnet).Should().Equal(new IdRange(1, 255));
        IpPoolMapping.ToId(subnet, IPAddress.Parse("2001:db8::1ff")).Should().Be(255);
        IpPoolMapping.ToAddress(subnet, 16).Should().Be("2001:db8::110");
    }

    [Fact]
    public void RangesFor_when_ipv_6_slash_64_clamps_to_first_two_power_twenty_four_addresses()
    {
        var subnet = Subnet("2001:db8::/64");

        var ranges = IpPoolMapping.RangesFor(subnet);

        ranges.Should().Equal(new IdRange(1, IpPoolMapping.MaxIpv6RangeAddresses));
        ranges.Sum(r => r.Count).Should().Be(IpPoolMapping.MaxIpv6RangeAddresses);
    }

    [Fact]
    public void RangesFor_when_ipv_6_pools_exceed_budget_clamps_in_pool_order()
    {
        var subnet = Subnet("2001:db8::/64", [new("2001:db8::1:0:0", "2001:db8::1:ff:ffff"), new("2001:db8::10", "2001:db8::1f")]);

        var ranges = IpPoolMapping.RangesFor(subnet);

        ranges.Should().Equal(new IdRange(0x1_0000_0000, 0x1_0000_0000 + IpPoolMapping.MaxIpv6RangeAddresses - 1));
    }

    [Fact]
    public void RangesFor_when_ipv_6_pool_in_upper_half_of_slash_64_maps_to_negative_ids_and_round_trips()
    {
        var subnet = Subnet("2001:db8::/64", [new("2001:db8::7fff:ffff:ffff:fffe", "2001:db8::8000:0:0:1")]);

        var ranges = IpPoolMapping.RangesFor(subnet);

        ranges.Should().Equal(new IdRange(long.MaxValue - 1, long.MaxValue), new IdRange(long.MinValue, long.MinValue + 1));
        IpPoolMapping.ToAddress(subnet, long.MinValue).Should().Be("2001:db8:0:0:8000::");
        IpPoolMapping.ToAddress(subnet, -1).Should().Be("2001:db8::ffff:ffff:ffff:ffff");
        IpPoolMapping.ToId(subnet, IPAddress.Parse("2001:db8::ffff:ffff:ffff:ffff")).Should().Be(-1);
    }

    [Fact]
    public void ToId_when_address_beyond_first_two_power_sixty_four_of_large_subnet_throws_invalid_input()
    {
        var subnet = Subnet("2001:db8::/48", [new("2001:db8::1", "2001:db8::ff")]);

        IpPoolMapping.ToId(subnet, IPAddress.Parse("2001:db8:0:0:ffff::1")).Should().BeNegative();
        var act = () => IpPoolMapping.ToId(subnet, IPAddress.Parse("2001:db8:0:1::1"));

        act.Should().Throw<InvalidInputException>().Which.Field.Should().Be("fixed_ips");
    }

    [Fact]
    public void ToId_when_address_outside_subnet_throws_argument_exception()
    {
        var act = () => IpPoolMapping.ToId(Subnet("10.0.0.0/24"), IPAddress.Parse("10.0.1.1"));

        act.Should().Throw<ArgumentException>();
    }

    private static Subnet Subnet(string cidr, IReadOnlyList<AllocationPool>? pools = null) => SubnetBuilder.Build(
        new SubnetCreateRequest { NetworkId = "net", Cidr = cidr, AllocationPools = pools },
        "s1",
        "tenant",
        DateTimeOffset.UnixEpoch);
}
