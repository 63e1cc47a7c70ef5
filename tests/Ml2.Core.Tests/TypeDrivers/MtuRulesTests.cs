using FluentAssertions;
using Ml2.TypeDrivers;
using Xunit;

namespace Ml2.Core.Tests.TypeDrivers;

public sealed class MtuRulesTests
{
    private static readonly Dictionary<string, int> s_physnetMtus = new(StringComparer.Ordinal) { ["jumbo"] = 9000, ["small"] = 1400 };

    [Theory]
    [InlineData(1500, null, 1500)]
    [InlineData(1500, "other", 1500)]
    [InlineData(1500, "small", 1400)]
    [InlineData(1500, "jumbo", 1500)]
    [InlineData(0, "jumbo", 9000)]
    [InlineData(0, "other", 0)]
    [InlineData(0, null, 0)]
    public void PhysicalNetworkMtu_when_global_and_physnet_mtus_takes_smallest_positive(int global, string? physnet, int expected) =>
        MtuRules.PhysicalNetworkMtu(global, s_physnetMtus, physnet).Should().Be(expected);

    [Theory]
    [InlineData(1500, 0, 4, 30, 1450)] // vxlan defaults
    [InlineData(1500, 0, 4, 22, 1458)] // gre defaults
    [InlineData(1500, 0, 6, 30, 1430)] // vxlan over IPv6
    [InlineData(1500, 0, 6, 22, 1438)]
    [InlineData(1500, 1400, 4, 30, 1350)] // path_mtu smaller
    [InlineData(1500, 9000, 4, 30, 1450)] // path_mtu larger
    [InlineData(0, 9000, 4, 30, 8950)] // only path_mtu
    [InlineData(0, 0, 4, 30, 0)] // nothing known
    [InlineData(1500, 0, 4, 38, 1442)] // geneve with OVN header size
    [InlineData(40, 0, 4, 30, 0)] // headers do not fit
    public void TunnelMtu_when_global_path_version_and_encap_subtracts_headers(int global, int path, int version, int encap, int expected) =>
        MtuRules.TunnelMtu(global, path, version, encap).Should().Be(expected);

    [Fact]
    public void ParsePhysicalNetworkMtus_when_valid_maps_each_physnet()
    {
        var result = MtuRules.ParsePhysicalNetworkMtus(["physnet1:9000", " physnet2 : 1400 ,physnet3:1500"]);

        result.IsValid.Should().BeTrue();
        result.Value.Should().BeEquivalentTo(new Dictionary<string, int> { ["physnet1"] = 9000, ["physnet2"] = 1400, ["physnet3"] = 1500 });
    }

    [Theory]
    [InlineData("physnet1", "Invalid mapping: 'physnet1'")]
    [InlineData("a:b:c", "Invalid mapping: 'a:b:c'")]
    [InlineData(":9000", "Missing key in mapping: ':9000'")]
    [InlineData("physnet1:", "Missing value in mapping: 'physnet1:'")]
    [InlineData("physnet1:big", "MTU big in mapping: 'physnet1:big' is not a positive integer")]
    [InlineData("physnet1:0", "MTU 0 in mapping: 'physnet1:0' is not a positive integer")]
    [InlineData("physnet1:-1500", "MTU -1500 in mapping: 'physnet1:-1500' is not a positive integer")]
    public void ParsePhysicalNetworkMtus_when_entry_invalid_reports_it(string entry, string message) =>
        MtuRules.ParsePhysicalNetworkMtus([entry]).Errors.Should().ContainSingle().Which.Should().Be(new ConfigEntryError(entry, message));

    [Fact]
    public void ParsePhysicalNetworkMtus_when_key_repeated_reports_not_unique()
    {
        var result = MtuRules.ParsePhysicalNetworkMtus(["physnet1:9000", "physnet1:1500"]);

        result.Errors.Should().ContainSingle().Which.Message.Should().Be("Key physnet1 in mapping: 'physnet1:1500' not unique");
        result.Value.Should().ContainKey("physnet1").WhoseValue.Should().Be(9000);
    }
}
