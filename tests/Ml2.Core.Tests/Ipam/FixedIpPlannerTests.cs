using FluentAssertions;
using Ml2.Exceptions;
using Ml2.Ipam;
using Ml2.Model;
using Ml2.Plugin;
using Xunit;

namespace Ml2.Core.Tests.Ipam;

/// <summary>The store-free planning of fixed IP requests: parsing, subnet resolution, the gateway rule, update matching.</summary>
public sealed class FixedIpPlannerTests
{
    private const string Net = "net-1";
    private static readonly IpamSubnet V4 = Subnet("subnet-4", "10.0.0.0/24");
    private static readonly IpamSubnet V6 = Subnet("subnet-6", "2001:db8::/64");

    [Fact]
    public void ParseAddresses_when_requests_mix_addresses_and_subnets_returns_value_and_version_or_null()
    {
        var parsed = FixedIpPlanner.ParseAddresses([new FixedIpRequest(IpAddress: "10.0.0.5"), new FixedIpRequest(V6.Id), new FixedIpRequest(IpAddress: "2001:db8::5")]);

        parsed.Should().Equal(((UInt128)0x0A000005, 4), null, (Value("2001:db8::5"), 6));
    }

    [Fact]
    public void ParseAddresses_when_one_address_is_written_two_ways_throws_duplicate()
    {
        var act = () => FixedIpPlanner.ParseAddresses([new FixedIpRequest(IpAddress: "2001:db8::5"), new FixedIpRequest(IpAddress: "2001:DB8:0::5")]);

        act.Should().Throw<InvalidInputException>().Which.Detail.Should().Be("Duplicate IP address '2001:DB8:0::5'");
    }

    [Theory]
    [InlineData("6f1e4c1a-3b2d-4c5e-8f90-123456789abc")]
    [InlineData("{6f1e4c1a3b2d4c5e8f90123456789abc}")]
    [InlineData("urn:uuid:6f1e4c1a-3b2d-4c5e-8f90-123456789abc")]
    public void ValidateRequests_when_subnet_id_is_uuid_like_accepts(string subnetId)
    {
        var act = () => FixedIpPlanner.ValidateRequests([new FixedIpRequest(subnetId)]);

        act.Should().NotThrow();
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("6f1e4c1a-3b2d-4c5e-8f90-123456789abz")]
    public void ValidateRequests_when_subnet_id_is_not_a_uuid_throws_on_fixed_ips(string subnetId)
    {
        var act = () => FixedIpPlanner.ValidateRequests([new FixedIpRequest(subnetId)]);

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("fixed_ips");
        ex.Value.Should().Be(subnetId);
    }

    [Fact]
    public void Plan_when_only_an_address_is_given_finds_the_subnet_holding_it()
    {
        var plans = Plan([new FixedIpRequest(IpAddress: "2001:db8::5"), new FixedIpRequest(V4.Id)]);

        plans[0].Subnet.Should().BeSameAs(V6);
        plans[0].AddressText.Should().Be("2001:db8::5");
        IpPoolMapping.TryToId(V6.Cidr, Value("2001:db8::5"), out var id).Should().BeTrue();
        plans[0].Id.Should().Be(id);
        plans[1].Should().Be(new PlannedFixedIp(V4, null, 0), "a subnet-only request plans any free address of the subnet");
    }

    [Fact]
    public void Plan_when_the_gateway_is_requested_only_a_router_port_gets_it()
    {
        var act = () => Plan([new FixedIpRequest(V4.Id, "10.0.0.1")], "compute:nova");

        act.Should().Throw<InvalidInputException>().Which.Detail.Should().Contain("gateway");
        Plan([new FixedIpRequest(V4.Id, "10.0.0.1")], DeviceOwners.RouterInterface).Should().ContainSingle()
            .Which.AddressText.Should().Be("10.0.0.1");
    }

    [Fact]
    public void Plan_when_the_network_has_no_subnets_throws()
    {
        var act = () => FixedIpPlanner.Plan(Net, [], [new FixedIpRequest(IpAddress: "10.0.0.5")], [((UInt128)0x0A000005, 4)], null);

        act.Should().Throw<InvalidInputException>().Which.Detail.Should().Be("IP allocation requires subnets for network");
    }

    [Fact]
    public void PlanUpdate_when_the_port_has_the_requested_address_keeps_it_even_if_written_differently()
    {
        var kept = new FixedIp(V6.Id, "2001:db8::5");

        var plan = PlanUpdate([kept], [new FixedIpRequest(IpAddress: "2001:DB8:0:0::5")]);

        plan.Result.Should().Equal(kept);
        plan.NewIndexes.Should().BeEmpty();
        plan.NewPlans.Should().BeEmpty();
        plan.Released.Should().BeEmpty();
    }

    [Fact]
    public void PlanUpdate_when_a_subnet_only_request_matches_a_current_address_reuses_it_and_releases_the_unclaimed()
    {
        var first = new FixedIp(V4.Id, "10.0.0.5");
        var second = new FixedIp(V4.Id, "10.0.0.6");
        var v6 = new FixedIp(V6.Id, "2001:db8::5");

        var plan = PlanUpdate([first, v6, second], [new FixedIpRequest(V4.Id), new FixedIpRequest(IpAddress: "10.0.0.9")]);

        plan.Result.Should().Equal(first, null);
        plan.NewIndexes.Should().Equal(1);
        plan.NewPlans.Should().ContainSingle().Which.AddressText.Should().Be("10.0.0.9");
        plan.Released.Should().Equal(v6, second);
    }

    [Fact]
    public void PlanUpdate_when_an_address_is_kept_on_its_subnet_it_is_not_reused_for_a_subnet_only_request()
    {
        var only = new FixedIp(V4.Id, "10.0.0.5");

        var plan = PlanUpdate([only], [new FixedIpRequest(V4.Id), new FixedIpRequest(V4.Id, "10.0.0.5")]);

        plan.Result.Should().Equal(null, only);
        plan.NewIndexes.Should().Equal(0);
        plan.NewPlans.Should().Equal(new PlannedFixedIp(V4, null, 0));
        plan.Released.Should().BeEmpty();
    }

    private static PlannedFixedIp[] Plan(IReadOnlyList<FixedIpRequest> requested, string? deviceOwner = null) =>
        FixedIpPlanner.Plan(Net, [V4, V6], requested, FixedIpPlanner.ParseAddresses(requested), deviceOwner);

    private static FixedIpUpdatePlan PlanUpdate(IReadOnlyList<FixedIp> current, IReadOnlyList<FixedIpRequest> requested) =>
        FixedIpPlanner.PlanUpdate(Net, [V4, V6], current, requested, FixedIpPlanner.ParseAddresses(requested), null);

    private static UInt128 Value(string address) => IpAddressMath.ToUInt128(System.Net.IPAddress.Parse(address));

    private static IpamSubnet Subnet(string id, string cidr) => IpamSubnet.Of(SubnetBuilder.Build(
        new SubnetCreateRequest { NetworkId = Net, Cidr = cidr, EnableDhcp = false }, id, "tenant", DateTimeOffset.UnixEpoch));
}
