using FluentAssertions;
using Ml2.Storage;
using Ml2.TypeDrivers;
using Xunit;

namespace Ml2.Core.Tests.TypeDrivers;

public sealed class SegmentRangeParserTests
{
    [Fact]
    public void ParseNetworkVlanRanges_when_ranged_and_bare_entries_keeps_first_appearance_order()
    {
        var result = SegmentRangeParser.ParseNetworkVlanRanges(["physnet2:100:199", "physnet1", "physnet2:300:310,physnet3:5:5"]);

        result.IsValid.Should().BeTrue();
        result.Value.Select(p => p.PhysicalNetwork).Should().Equal("physnet2", "physnet1", "physnet3");
        result.Value[0].Ranges.Should().Equal(new IdRange(100, 199), new IdRange(300, 310));
        result.Value[1].Ranges.Should().Equal(new IdRange(1, 4094));
        result.Value[2].Ranges.Should().Equal(new IdRange(5, 5));
    }

    [Theory]
    [InlineData("physnet1", "physnet1:10:20")]
    [InlineData("physnet1:10:20", "physnet1")]
    public void ParseNetworkVlanRanges_when_physnet_also_listed_bare_bare_overrides_ranges(string first, string second)
    {
        var result = SegmentRangeParser.ParseNetworkVlanRanges([first, second]);

        result.Value.Should().ContainSingle().Which.Ranges.Should().Equal(new IdRange(1, 4094));
    }

    [Fact]
    public void ParseNetworkVlanRanges_when_ranges_overlap_merges_them()
    {
        var result = SegmentRangeParser.ParseNetworkVlanRanges(["p:10:20", "p:15:30", "p:31:40", "p:1:2"]);

        result.Value.Single().Ranges.Should().Equal(new IdRange(1, 2), new IdRange(10, 40));
    }

    [Theory]
    [InlineData("physnet1:0:10", "Invalid network VLAN range: '0:10' - '0 is not a valid VLAN tag'.")]
    [InlineData("physnet1:1:4095", "Invalid network VLAN range: '1:4095' - '4095 is not a valid VLAN tag'.")]
    [InlineData("physnet1:-1:10", "Invalid network VLAN range: '-1:10' - '-1 is not a valid VLAN tag'.")]
    [InlineData("p:10:5", "Invalid network VLAN range: '10:5' - 'End of VLAN range is less than start of VLAN range'.")]
    [InlineData("p:10", "Invalid network VLAN range: 'p:10' - 'Need exactly two values for VLAN range'.")]
    [InlineData("p:1:2:3", "Invalid network VLAN range: 'p:1:2:3' - 'Need exactly two values for VLAN range'.")]
    [InlineData(":1:10", "Empty physical network name.")]
    [InlineData("p:x:10", "Invalid network VLAN range: 'p:x:10' - 'x is not a valid VLAN tag'.")]
    [InlineData("p:1:ten", "Invalid network VLAN range: 'p:1:ten' - 'ten is not a valid VLAN tag'.")]
    [InlineData("p:1:99999999999999999999", "Invalid network VLAN range: 'p:1:99999999999999999999' - '99999999999999999999 is not a valid VLAN tag'.")]
    public void ParseNetworkVlanRanges_when_entry_invalid_reports_neutron_message(string entry, string message)
    {
        var result = SegmentRangeParser.ParseNetworkVlanRanges([entry]);

        result.IsValid.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.Should().Be(new ConfigEntryError(entry, message));
    }

    [Fact]
    public void ParseNetworkVlanRanges_when_some_entries_invalid_reports_each_and_keeps_the_good_ones()
    {
        var result = SegmentRangeParser.ParseNetworkVlanRanges(["good:1:10", "bad:0:10", ":1:2", "other"]);

        result.Errors.Select(e => e.Entry).Should().Equal("bad:0:10", ":1:2");
        result.Value.Select(p => p.PhysicalNetwork).Should().Equal("good", "other");
    }

    [Fact]
    public void ParseNetworkVlanRanges_when_null_or_empty_returns_nothing()
    {
        SegmentRangeParser.ParseNetworkVlanRanges(null).Value.Should().BeEmpty();
        SegmentRangeParser.ParseNetworkVlanRanges([]).Value.Should().BeEmpty();
        SegmentRangeParser.ParseNetworkVlanRanges([" ", ","]).Value.Should().BeEmpty();
    }

    [Theory]
    [InlineData("vxlan", 16_777_215)]
    [InlineData("geneve", 16_777_215)]
    [InlineData("gre", 4_294_967_295)]
    public void ParseTunnelRanges_when_full_range_accepts(string type, long max)
    {
        var result = SegmentRangeParser.ParseTunnelRanges([$"1:{max}"], type);

        result.IsValid.Should().BeTrue();
        result.Value.Should().Equal(new IdRange(1, max));
    }

    [Fact]
    public void ParseTunnelRanges_when_several_entries_normalises_them()
    {
        var result = SegmentRangeParser.ParseTunnelRanges(["500:600, 1:100", " 101:200 "], "vxlan");

        result.Value.Should().Equal(new IdRange(1, 200), new IdRange(500, 600));
    }

    [Theory]
    [InlineData("vxlan", "0:10", "Invalid network tunnel range: '0:10' - 0 is not a valid vxlan identifier.")]
    [InlineData("vxlan", "1:16777216", "Invalid network tunnel range: '1:16777216' - 16777216 is not a valid vxlan identifier.")]
    [InlineData("geneve", "0:10", "Invalid network tunnel range: '0:10' - 0 is not a valid geneve identifier.")]
    [InlineData("gre", "1:4294967296", "Invalid network tunnel range: '1:4294967296' - 4294967296 is not a valid gre identifier.")]
    [InlineData("vxlan", "10:5", "Invalid network tunnel range: '10:5' - End of tunnel range is less than start of tunnel range.")]
    [InlineData("gre", "a:10", "Invalid network tunnel range: 'a:10' - a is not a valid gre identifier.")]
    [InlineData("gre", "1:b", "Invalid network tunnel range: '1:b' - b is not a valid gre identifier.")]
    [InlineData("vxlan", "10", "Invalid network tunnel range: '10' - Need exactly two values for tunnel range.")]
    [InlineData("vxlan", "1:2:3", "Invalid network tunnel range: '1:2:3' - Need exactly two values for tunnel range.")]
    public void ParseTunnelRanges_when_entry_invalid_reports_neutron_message(string type, string entry, string message)
    {
        var result = SegmentRangeParser.ParseTunnelRanges([entry], type);

        result.Errors.Should().ContainSingle().Which.Should().Be(new ConfigEntryError(entry, message));
        result.Value.Should().BeEmpty();
    }

    [Fact]
    public void ConfigEntryError_when_message_does_not_quote_entry_appends_it()
    {
        new ConfigEntryError(":1:10", "Empty physical network name.").ToString()
            .Should().Be("Empty physical network name. (entry ':1:10')");
        new ConfigEntryError("p:10", "Invalid network VLAN range: 'p:10' - 'Need exactly two values for VLAN range'.").ToString()
            .Should().Be("Invalid network VLAN range: 'p:10' - 'Need exactly two values for VLAN range'.");
    }
}
