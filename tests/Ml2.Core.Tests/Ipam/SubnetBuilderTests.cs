using FluentAssertions;
using Ml2.Exceptions;
using Ml2.Ipam;
using Ml2.Model;
using Ml2.Plugin;
using Xunit;

namespace Ml2.Core.Tests.Ipam;

public sealed class SubnetBuilderTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Build_when_ipv_4_slash_24_with_defaults_uses_first_host_as_gateway_and_rest_as_pool()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", Name = "s" });

        subnet.Id.Should().Be("sub-1");
        subnet.TenantId.Should().Be("tenant");
        subnet.NetworkId.Should().Be("net");
        subnet.Name.Should().Be("s");
        subnet.IpVersion.Should().Be(4);
        subnet.Cidr.Should().Be("10.0.0.0/24");
        subnet.GatewayIp.Should().Be("10.0.0.1");
        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.2", "10.0.0.254"));
        subnet.EnableDhcp.Should().BeTrue();
        subnet.CreatedAt.Should().Be(s_now);
        subnet.UpdatedAt.Should().Be(s_now);
    }

    [Fact]
    public void Build_when_cidr_has_host_bits_normalises_it()
    {
        Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.77/24" }).Cidr.Should().Be("10.0.0.0/24");
    }

    [Fact]
    public void Build_when_ipv_4_slash_30_has_one_pool_address()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.4/30" });

        subnet.GatewayIp.Should().Be("10.0.0.5");
        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.6", "10.0.0.6"));
    }

    [Fact]
    public void Build_when_ipv_4_slash_31_without_dhcp_uses_both_addresses()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.4/31", EnableDhcp = false });

        subnet.GatewayIp.Should().Be("10.0.0.5");
        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.4", "10.0.0.4"));
    }

    [Fact]
    public void Build_when_ipv_4_slash_31_no_gateway_pools_both_addresses()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.4/31", EnableDhcp = false, NoGateway = true });

        subnet.GatewayIp.Should().BeNull();
        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.4", "10.0.0.5"));
    }

    [Fact]
    public void Build_when_ipv_4_slash_32_without_dhcp_has_no_gateway_and_the_one_address()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.9/32", EnableDhcp = false });

        subnet.GatewayIp.Should().BeNull();
        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.9", "10.0.0.9"));
    }

    [Fact]
    public void Build_when_ipv_6_slash_64_uses_subnet_router_anycast_gateway_like_neutron()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001:DB8::/64", IpVersion = 6 });

        subnet.IpVersion.Should().Be(6);
        subnet.Cidr.Should().Be("2001:db8::/64");
        subnet.GatewayIp.Should().Be("2001:db8::");
        subnet.AllocationPools.Should().Equal(new AllocationPool("2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff"));
    }

    [Fact]
    public void Build_when_ipv_6_slash_120_pools_everything_but_the_network_address()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001:db8::100/120" });

        subnet.IpVersion.Should().Be(6);
        subnet.GatewayIp.Should().Be("2001:db8::100");
        subnet.AllocationPools.Should().Equal(new AllocationPool("2001:db8::101", "2001:db8::1ff"));
    }

    [Fact]
    public void Build_when_ipv_6_explicit_first_host_gateway_splits_nothing_and_starts_pool_after_it()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001::/64", GatewayIp = "2001::1" });

        subnet.GatewayIp.Should().Be("2001::1");
        subnet.AllocationPools.Should().Equal(new AllocationPool("2001::2", "2001::ffff:ffff:ffff:ffff"));
    }

    [Fact]
    public void Build_when_gateway_in_the_middle_splits_default_pool_around_it()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", GatewayIp = "10.0.0.100" });

        subnet.GatewayIp.Should().Be("10.0.0.100");
        subnet.AllocationPools.Should().Equal(
            new AllocationPool("10.0.0.1", "10.0.0.99"),
            new AllocationPool("10.0.0.101", "10.0.0.254"));
    }

    [Fact]
    public void Build_when_gateway_is_last_host_pool_ends_before_it()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", GatewayIp = "10.0.0.254" });

        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.1", "10.0.0.253"));
    }

    [Fact]
    public void Build_when_no_gateway_pools_every_host()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", NoGateway = true });

        subnet.GatewayIp.Should().BeNull();
        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.1", "10.0.0.254"));
    }

    [Fact]
    public void Build_when_explicit_pools_keeps_them_canonical_and_in_order()
    {
        var subnet = Build(new SubnetCreateRequest
        {
            NetworkId = "net",
            Cidr = "10.0.0.0/24",
            AllocationPools = [new("10.0.0.100", "10.0.0.200"), new("10.0.0.10", "10.0.0.20")],
        });

        subnet.GatewayIp.Should().Be("10.0.0.1");
        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.100", "10.0.0.200"), new AllocationPool("10.0.0.10", "10.0.0.20"));
    }

    [Fact]
    public void Build_when_explicit_ipv_6_pools_not_canonical_canonicalises_them()
    {
        var subnet = Build(new SubnetCreateRequest
        {
            NetworkId = "net",
            Cidr = "2001:db8::/64",
            AllocationPools = [new("2001:DB8:0::10", "2001:db8::00ff")],
        });

        subnet.AllocationPools.Should().Equal(new AllocationPool("2001:db8::10", "2001:db8::ff"));
    }

    [Fact]
    public void Build_when_empty_pool_list_has_no_pools()
    {
        Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", AllocationPools = [] })
            .AllocationPools.Should().BeEmpty();
    }

    [Fact]
    public void Build_when_dhcp_disabled_keeps_it()
    {
        Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", EnableDhcp = false }).EnableDhcp.Should().BeFalse();
    }

    [Theory]
    [InlineData("10.0.0.0/33", "10.0.0.0/33 is not in a CIDR format")]
    [InlineData("bogus", "bogus is not in a CIDR format")]
    [InlineData("10.0.0.0", "Subnet has a prefix length that is incompatible with DHCP service enabled")]
    [InlineData("0.0.0.0/0", "0 is not allowed as CIDR prefix length")]
    [InlineData("10.0.0.0/31", "Subnet has a prefix length that is incompatible with DHCP service enabled")]
    [InlineData("10.0.0.0/32", "Subnet has a prefix length that is incompatible with DHCP service enabled")]
    [InlineData("2001:db8::/127", "Subnet has a prefix length that is incompatible with DHCP service enabled")]
    [InlineData("224.0.0.0/24", "Multicast IP subnet is not supported if enable_dhcp is True")]
    [InlineData("ff02::/64", "Multicast IP subnet is not supported if enable_dhcp is True")]
    [InlineData("127.0.0.0/24", "Loopback IP subnet is not supported if enable_dhcp is True")]
    [InlineData("0.0.0.0/24", "First IP '0.0.0.0' of network is not supported if enable_dhcp is True.")]
    public void Build_when_cidr_invalid_throws_invalid_input_on_cidr(string cidr, string detail)
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = cidr });

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("cidr");
        ex.Detail.Should().Be(detail);
        ex.Field.Should().Be("cidr");
        ex.Message.Should().Contain(detail);
    }

    [Fact]
    public void Build_when_small_subnet_without_dhcp_is_accepted()
    {
        Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "224.0.0.0/24", EnableDhcp = false }).Cidr.Should().Be("224.0.0.0/24");
        Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001:db8::/127", EnableDhcp = false })
            .AllocationPools.Should().Equal(new AllocationPool("2001:db8::1", "2001:db8::1"));
    }

    [Theory]
    [InlineData(6, "10.0.0.0/24")]
    [InlineData(4, "2001:db8::/64")]
    public void Build_when_ip_version_does_not_match_cidr_throws_on_ip_version(int version, string cidr)
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = cidr, IpVersion = version });

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("ip_version");
        ex.Value.Should().Be(version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ex.Detail.Should().Be($"cidr '{cidr}' does not match the ip_version '{version}'");
    }

    [Fact]
    public void Build_when_ip_version_unknown_throws_on_ip_version()
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", IpVersion = 5 });

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("ip_version");
        ex.Value.Should().Be("5");
        ex.ErrorType.Should().Be("HTTPBadRequest");
        ex.Message.Should().Be("Invalid input for ip_version. Reason: 5 is not in valid_values.");
    }

    [Theory]
    [InlineData("10.0.0.0", "Gateway is not valid on subnet")]
    [InlineData("10.0.0.255", "Gateway is not valid on subnet")]
    [InlineData("10.0.1.1", "Gateway is not valid on subnet")]
    [InlineData("2001:db8::1", "gateway_ip '2001:db8::1' does not match the ip_version '4'")]
    [InlineData("10.0.0.300", "'10.0.0.300' is not a valid IP address")]
    [InlineData("10.0.0.01", "'10.0.0.01' is not an accepted IP address, '10.0.0.1' is recommended")]
    public void Build_when_gateway_invalid_throws_on_gateway_ip(string gateway, string detail)
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", GatewayIp = gateway });

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("gateway_ip");
        ex.Value.Should().Be(gateway);
        ex.Detail.Should().Be(detail);
    }

    [Fact]
    public void Build_when_gateway_and_no_gateway_both_given_throws()
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", GatewayIp = "10.0.0.1", NoGateway = true });

        act.Should().Throw<InvalidInputException>().Which.Field.Should().Be("gateway_ip");
    }

    [Fact]
    public void Build_when_ipv_6_gateway_is_network_address_is_accepted()
    {
        Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001:db8::/64", GatewayIp = "2001:db8::" }).GatewayIp.Should().Be("2001:db8::");
    }

    [Fact]
    public void Build_when_slash_31_gateway_is_either_address_is_accepted()
    {
        Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.4/31", EnableDhcp = false, GatewayIp = "10.0.0.4" })
            .AllocationPools.Should().Equal(new AllocationPool("10.0.0.5", "10.0.0.5"));
    }

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.2", "The allocation pool {'start': '10.0.0.5', 'end': '10.0.0.2'} is not valid.")]
    [InlineData("10.0.0.0", "10.0.0.10", "The allocation pool 10.0.0.0-10.0.0.10 spans beyond the subnet cidr 10.0.0.0/24.")]
    [InlineData("10.0.0.5", "10.0.0.255", "The allocation pool 10.0.0.5-10.0.0.255 spans beyond the subnet cidr 10.0.0.0/24.")]
    [InlineData("10.0.0.250", "10.0.1.2", "The allocation pool 10.0.0.250-10.0.1.2 spans beyond the subnet cidr 10.0.0.0/24.")]
    [InlineData("2001:db8::1", "2001:db8::5", "The allocation pool 2001:db8::1-2001:db8::5 is not valid.")]
    [InlineData("10.0.0.5", "2001:db8::5", "The allocation pool {'start': '10.0.0.5', 'end': '2001:db8::5'} is not valid.")]
    [InlineData("10.0.0.x", "10.0.0.5", "'10.0.0.x' is not a valid IP address")]
    public void Build_when_pool_invalid_throws_on_allocation_pools(string start, string end, string detail)
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", AllocationPools = [new(start, end)] });

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("allocation_pools");
        ex.Detail.Should().Be(detail);
        ex.Field.Should().Be("allocation_pools");
    }

    [Fact]
    public void Build_when_ipv_6_pool_includes_network_address_spans_beyond()
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001:db8::/64", AllocationPools = [new("2001:db8::", "2001:db8::10")] });

        act.Should().Throw<InvalidInputException>()
            .Which.Detail.Should().Be("The allocation pool 2001:db8::-2001:db8::10 spans beyond the subnet cidr 2001:db8::/64.");
    }

    [Fact]
    public void Build_when_pools_overlap_throws_with_both_pools()
    {
        var act = () => Build(new SubnetCreateRequest
        {
            NetworkId = "net",
            Cidr = "10.0.0.0/24",
            AllocationPools = [new("10.0.0.10", "10.0.0.20"), new("10.0.0.30", "10.0.0.40"), new("10.0.0.20", "10.0.0.25")],
        });

        var ex = act.Should().Throw<ConflictException>().Which;
        ex.ErrorType.Should().Be("OverlappingAllocationPools");
        ex.Field.Should().Be("allocation_pools");
        ex.Message.Should().Be("Found overlapping allocation pools: 10.0.0.10-10.0.0.20 10.0.0.20-10.0.0.25 for subnet 10.0.0.0/24.");
    }

    [Fact]
    public void Build_when_explicit_gateway_inside_pool_throws_conflict()
    {
        var act = () => Build(new SubnetCreateRequest
        {
            NetworkId = "net",
            Cidr = "10.0.0.0/24",
            GatewayIp = "10.0.0.15",
            AllocationPools = [new("10.0.0.10", "10.0.0.20")],
        });

        var ex = act.Should().Throw<ConflictException>().Which;
        ex.ErrorType.Should().Be("GatewayConflictWithAllocationPools");
        ex.Status.Should().Be(ErrorStatus.Conflict);
        ex.Field.Should().Be("gateway_ip");
        ex.Value.Should().Be("10.0.0.15");
        ex.Message.Should().Be("Gateway ip 10.0.0.15 conflicts with allocation pool 10.0.0.10-10.0.0.20.");
    }

    [Fact]
    public void Build_when_default_gateway_inside_explicit_pool_throws_conflict_like_neutron()
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", AllocationPools = [new("10.0.0.1", "10.0.0.20")] });

        act.Should().Throw<ConflictException>()
            .Which.Message.Should().Be("Gateway ip 10.0.0.1 conflicts with allocation pool 10.0.0.1-10.0.0.20.");
    }

    [Fact]
    public void Build_when_pool_misses_end_throws()
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", AllocationPools = [new("10.0.0.5", null!)] });

        act.Should().Throw<InvalidInputException>().Which.Field.Should().Be("allocation_pools");
    }

    [Fact]
    public void CheckOverlap_when_cidr_overlaps_subnet_of_network_throws_neutron_wording()
    {
        var existing = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/16" }, "sub-a");
        var candidate = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.5.0/24" }, "sub-b");

        var act = () => SubnetBuilder.CheckOverlap(candidate, [existing]);

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("cidr");
        ex.Value.Should().Be("10.0.5.0/24");
        ex.Detail.Should().Be("Requested subnet with cidr: 10.0.5.0/24 for network: net overlaps with another subnet");
    }

    [Fact]
    public void CheckOverlap_when_disjoint_or_other_version_or_self_passes()
    {
        var candidate = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.5.0/24" }, "sub-b");
        var others = new[]
        {
            Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.6.0/24" }, "sub-a"),
            Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001:db8::/64" }, "sub-c"),
            candidate,
        };

        var act = () => SubnetBuilder.CheckOverlap(candidate, others);

        act.Should().NotThrow();
    }

    [Fact]
    public void ApplyUpdate_when_gateway_moves_outside_pools_applies_it()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", AllocationPools = [new("10.0.0.10", "10.0.0.20")] });

        var updated = SubnetBuilder.ApplyUpdate(subnet, new SubnetUpdateRequest { GatewayIp = "10.0.0.254", EnableDhcp = false });

        updated.GatewayIp.Should().Be("10.0.0.254");
        updated.EnableDhcp.Should().BeFalse();
        updated.AllocationPools.Should().Equal(subnet.AllocationPools);
    }

    [Fact]
    public void ApplyUpdate_when_gateway_moves_into_pool_throws_conflict()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24" });

        var act = () => SubnetBuilder.ApplyUpdate(subnet, new SubnetUpdateRequest { GatewayIp = "10.0.0.50" });

        act.Should().Throw<ConflictException>()
            .Which.Message.Should().Be("Gateway ip 10.0.0.50 conflicts with allocation pool 10.0.0.2-10.0.0.254.");
    }

    [Fact]
    public void ValidateGatewayUpdate_when_valid_returns_canonical_gateway()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001:db8::/64", AllocationPools = [new("2001:db8::10", "2001:db8::20")] });

        SubnetBuilder.ValidateGatewayUpdate(subnet, "2001:DB8::1").Should().Be("2001:db8::1");
        var act = () => SubnetBuilder.ValidateGatewayUpdate(subnet, "2001:db9::1");
        act.Should().Throw<InvalidInputException>().Which.Detail.Should().Be("Gateway is not valid on subnet");
    }

    [Fact]
    public void ApplyUpdate_when_dhcp_enabled_on_slash_31_throws()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/31", EnableDhcp = false });

        var act = () => SubnetBuilder.ApplyUpdate(subnet, new SubnetUpdateRequest { EnableDhcp = true });

        act.Should().Throw<InvalidInputException>()
            .Which.Detail.Should().Be("Subnet has a prefix length that is incompatible with DHCP service enabled");
    }

    private static Subnet Build(SubnetCreateRequest request, string id = "sub-1") => SubnetBuilder.Build(request, id, "tenant", s_now);
}
