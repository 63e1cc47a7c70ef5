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
    public void Build_WhenIpv4Slash24WithDefaults_UsesFirstHostAsGatewayAndRestAsPool()
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
    public void Build_WhenCidrHasHostBits_NormalisesIt()
    {
        Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.77/24" }).Cidr.Should().Be("10.0.0.0/24");
    }

    [Fact]
    public void Build_WhenIpv4Slash30_HasOnePoolAddress()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.4/30" });

        subnet.GatewayIp.Should().Be("10.0.0.5");
        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.6", "10.0.0.6"));
    }

    [Fact]
    public void Build_WhenIpv4Slash31WithoutDhcp_UsesBothAddresses()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.4/31", EnableDhcp = false });

        subnet.GatewayIp.Should().Be("10.0.0.5");
        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.4", "10.0.0.4"));
    }

    [Fact]
    public void Build_WhenIpv4Slash31NoGateway_PoolsBothAddresses()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.4/31", EnableDhcp = false, NoGateway = true });

        subnet.GatewayIp.Should().BeNull();
        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.4", "10.0.0.5"));
    }

    [Fact]
    public void Build_WhenIpv4Slash32WithoutDhcp_HasNoGatewayAndTheOneAddress()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.9/32", EnableDhcp = false });

        subnet.GatewayIp.Should().BeNull();
        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.9", "10.0.0.9"));
    }

    [Fact]
    public void Build_WhenIpv6Slash64_UsesSubnetRouterAnycastGatewayLikeNeutron()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001:DB8::/64", IpVersion = 6 });

        subnet.IpVersion.Should().Be(6);
        subnet.Cidr.Should().Be("2001:db8::/64");
        subnet.GatewayIp.Should().Be("2001:db8::");
        subnet.AllocationPools.Should().Equal(new AllocationPool("2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff"));
    }

    [Fact]
    public void Build_WhenIpv6Slash120_PoolsEverythingButTheNetworkAddress()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001:db8::100/120" });

        subnet.IpVersion.Should().Be(6);
        subnet.GatewayIp.Should().Be("2001:db8::100");
        subnet.AllocationPools.Should().Equal(new AllocationPool("2001:db8::101", "2001:db8::1ff"));
    }

    [Fact]
    public void Build_WhenIpv6ExplicitFirstHostGateway_SplitsNothingAndStartsPoolAfterIt()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001::/64", GatewayIp = "2001::1" });

        subnet.GatewayIp.Should().Be("2001::1");
        subnet.AllocationPools.Should().Equal(new AllocationPool("2001::2", "2001::ffff:ffff:ffff:ffff"));
    }

    [Fact]
    public void Build_WhenGatewayInTheMiddle_SplitsDefaultPoolAroundIt()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", GatewayIp = "10.0.0.100" });

        subnet.GatewayIp.Should().Be("10.0.0.100");
        subnet.AllocationPools.Should().Equal(
            new AllocationPool("10.0.0.1", "10.0.0.99"),
            new AllocationPool("10.0.0.101", "10.0.0.254"));
    }

    [Fact]
    public void Build_WhenGatewayIsLastHost_PoolEndsBeforeIt()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", GatewayIp = "10.0.0.254" });

        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.1", "10.0.0.253"));
    }

    [Fact]
    public void Build_WhenNoGateway_PoolsEveryHost()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", NoGateway = true });

        subnet.GatewayIp.Should().BeNull();
        subnet.AllocationPools.Should().Equal(new AllocationPool("10.0.0.1", "10.0.0.254"));
    }

    [Fact]
    public void Build_WhenExplicitPools_KeepsThemCanonicalAndInOrder()
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
    public void Build_WhenExplicitIpv6PoolsNotCanonical_CanonicalisesThem()
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
    public void Build_WhenEmptyPoolList_HasNoPools()
    {
        Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", AllocationPools = [] })
            .AllocationPools.Should().BeEmpty();
    }

    [Fact]
    public void Build_WhenDhcpDisabled_KeepsIt()
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
    public void Build_WhenCidrInvalid_ThrowsInvalidInputOnCidr(string cidr, string detail)
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = cidr });

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("cidr");
        ex.Detail.Should().Be(detail);
        ex.Field.Should().Be("cidr");
        ex.Message.Should().Contain(detail);
    }

    [Fact]
    public void Build_WhenSmallSubnetWithoutDhcp_IsAccepted()
    {
        Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "224.0.0.0/24", EnableDhcp = false }).Cidr.Should().Be("224.0.0.0/24");
        Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001:db8::/127", EnableDhcp = false })
            .AllocationPools.Should().Equal(new AllocationPool("2001:db8::1", "2001:db8::1"));
    }

    [Theory]
    [InlineData(6, "10.0.0.0/24")]
    [InlineData(4, "2001:db8::/64")]
    public void Build_WhenIpVersionDoesNotMatchCidr_ThrowsOnIpVersion(int version, string cidr)
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = cidr, IpVersion = version });

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("ip_version");
        ex.Value.Should().Be(version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ex.Detail.Should().Be($"cidr '{cidr}' does not match the ip_version '{version}'");
    }

    [Fact]
    public void Build_WhenIpVersionUnknown_ThrowsOnIpVersion()
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
    public void Build_WhenGatewayInvalid_ThrowsOnGatewayIp(string gateway, string detail)
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", GatewayIp = gateway });

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("gateway_ip");
        ex.Value.Should().Be(gateway);
        ex.Detail.Should().Be(detail);
    }

    [Fact]
    public void Build_WhenGatewayAndNoGatewayBothGiven_Throws()
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", GatewayIp = "10.0.0.1", NoGateway = true });

        act.Should().Throw<InvalidInputException>().Which.Field.Should().Be("gateway_ip");
    }

    [Fact]
    public void Build_WhenIpv6GatewayIsNetworkAddress_IsAccepted()
    {
        Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001:db8::/64", GatewayIp = "2001:db8::" }).GatewayIp.Should().Be("2001:db8::");
    }

    [Fact]
    public void Build_WhenSlash31GatewayIsEitherAddress_IsAccepted()
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
    public void Build_WhenPoolInvalid_ThrowsOnAllocationPools(string start, string end, string detail)
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", AllocationPools = [new(start, end)] });

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("allocation_pools");
        ex.Detail.Should().Be(detail);
        ex.Field.Should().Be("allocation_pools");
    }

    [Fact]
    public void Build_WhenIpv6PoolIncludesNetworkAddress_SpansBeyond()
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001:db8::/64", AllocationPools = [new("2001:db8::", "2001:db8::10")] });

        act.Should().Throw<InvalidInputException>()
            .Which.Detail.Should().Be("The allocation pool 2001:db8::-2001:db8::10 spans beyond the subnet cidr 2001:db8::/64.");
    }

    [Fact]
    public void Build_WhenPoolsOverlap_ThrowsWithBothPools()
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
    public void Build_WhenExplicitGatewayInsidePool_ThrowsConflict()
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
    public void Build_WhenDefaultGatewayInsideExplicitPool_ThrowsConflictLikeNeutron()
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", AllocationPools = [new("10.0.0.1", "10.0.0.20")] });

        act.Should().Throw<ConflictException>()
            .Which.Message.Should().Be("Gateway ip 10.0.0.1 conflicts with allocation pool 10.0.0.1-10.0.0.20.");
    }

    [Fact]
    public void Build_WhenPoolMissesEnd_Throws()
    {
        var act = () => Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", AllocationPools = [new("10.0.0.5", null!)] });

        act.Should().Throw<InvalidInputException>().Which.Field.Should().Be("allocation_pools");
    }

    [Fact]
    public void CheckOverlap_WhenCidrOverlapsSubnetOfNetwork_ThrowsNeutronWording()
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
    public void CheckOverlap_WhenDisjointOrOtherVersionOrSelf_Passes()
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
    public void ApplyUpdate_WhenGatewayMovesOutsidePools_AppliesIt()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24", AllocationPools = [new("10.0.0.10", "10.0.0.20")] });

        var updated = SubnetBuilder.ApplyUpdate(subnet, new SubnetUpdateRequest { GatewayIp = "10.0.0.254", EnableDhcp = false });

        updated.GatewayIp.Should().Be("10.0.0.254");
        updated.EnableDhcp.Should().BeFalse();
        updated.AllocationPools.Should().Equal(subnet.AllocationPools);
    }

    [Fact]
    public void ApplyUpdate_WhenGatewayMovesIntoPool_ThrowsConflict()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/24" });

        var act = () => SubnetBuilder.ApplyUpdate(subnet, new SubnetUpdateRequest { GatewayIp = "10.0.0.50" });

        act.Should().Throw<ConflictException>()
            .Which.Message.Should().Be("Gateway ip 10.0.0.50 conflicts with allocation pool 10.0.0.2-10.0.0.254.");
    }

    [Fact]
    public void ValidateGatewayUpdate_WhenValid_ReturnsCanonicalGateway()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "2001:db8::/64", AllocationPools = [new("2001:db8::10", "2001:db8::20")] });

        SubnetBuilder.ValidateGatewayUpdate(subnet, "2001:DB8::1").Should().Be("2001:db8::1");
        var act = () => SubnetBuilder.ValidateGatewayUpdate(subnet, "2001:db9::1");
        act.Should().Throw<InvalidInputException>().Which.Detail.Should().Be("Gateway is not valid on subnet");
    }

    [Fact]
    public void ApplyUpdate_WhenDhcpEnabledOnSlash31_Throws()
    {
        var subnet = Build(new SubnetCreateRequest { NetworkId = "net", Cidr = "10.0.0.0/31", EnableDhcp = false });

        var act = () => SubnetBuilder.ApplyUpdate(subnet, new SubnetUpdateRequest { EnableDhcp = true });

        act.Should().Throw<InvalidInputException>()
            .Which.Detail.Should().Be("Subnet has a prefix length that is incompatible with DHCP service enabled");
    }

    private static Subnet Build(SubnetCreateRequest request, string id = "sub-1") => SubnetBuilder.Build(request, id, "tenant", s_now);
}
