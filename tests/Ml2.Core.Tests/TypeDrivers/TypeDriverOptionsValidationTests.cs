using FluentAssertions;
using Ml2.Configuration;
using Ml2.TypeDrivers;
using Xunit;

namespace Ml2.Core.Tests.TypeDrivers;

public sealed class TypeDriverOptionsValidationTests
{
    [Fact]
    public void Validate_when_defaults_returns_no_errors() =>
        TypeDriverOptionsValidation.Validate(new Ml2Options()).Should().BeEmpty();

    [Fact]
    public void Validate_when_every_option_valid_returns_no_errors()
    {
        var options = new Ml2Options
        {
            PhysicalNetworkMtus = ["physnet1:9000"],
            Vlan = { NetworkVlanRanges = ["physnet1:100:199", "physnet2"] },
            Vxlan = { VniRanges = ["1:16777215"] },
            Gre = { TunnelIdRanges = ["1:4294967295"] },
            Geneve = { VniRanges = ["1:1000"], MaxHeaderSize = 38 },
        };

        TypeDriverOptionsValidation.Validate(options).Should().BeEmpty();
    }

    [Fact]
    public void Validate_when_options_invalid_reports_every_error_with_key_and_entry()
    {
        var options = new Ml2Options
        {
            PhysicalNetworkMtus = ["physnet1:big"],
            Vlan = { NetworkVlanRanges = ["physnet1:0:10", ":1:10", "physnet2:10:5"] },
            Vxlan = { VniRanges = ["0:10"] },
            Gre = { TunnelIdRanges = ["10:5"] },
            Geneve = { VniRanges = ["1:16777216"], MaxHeaderSize = -1 },
        };

        TypeDriverOptionsValidation.Validate(options).Should().Equal(
            "ml2_type_vlan:network_vlan_ranges: Invalid network VLAN range: '0:10' - '0 is not a valid VLAN tag'. (entry 'physnet1:0:10')",
            "ml2_type_vlan:network_vlan_ranges: Empty physical network name. (entry ':1:10')",
            "ml2_type_vlan:network_vlan_ranges: Invalid network VLAN range: '10:5' - 'End of VLAN range is less than start of VLAN range'. (entry 'physnet2:10:5')",
            "ml2_type_vxlan:vni_ranges: Invalid network tunnel range: '0:10' - 0 is not a valid vxlan identifier.",
            "ml2_type_gre:tunnel_id_ranges: Invalid network tunnel range: '10:5' - End of tunnel range is less than start of tunnel range.",
            "ml2_type_geneve:vni_ranges: Invalid network tunnel range: '1:16777216' - 16777216 is not a valid geneve identifier.",
            "ml2_type_geneve:max_header_size: '-1' must not be negative.",
            "ml2:physical_network_mtus: MTU big in mapping: 'physnet1:big' is not a positive integer");
    }

    [Fact]
    public void Validate_when_type_driver_not_enabled_ignores_its_options()
    {
        var options = new Ml2Options
        {
            TypeDrivers = ["local", "vxlan"],
            PhysicalNetworkMtus = ["bad"],
            Vlan = { NetworkVlanRanges = ["physnet1:0:10"] },
            Gre = { TunnelIdRanges = ["x"] },
            Vxlan = { VniRanges = ["5:1"] },
        };

        TypeDriverOptionsValidation.Validate(options).Should().ContainSingle()
            .Which.Should().StartWith("ml2_type_vxlan:vni_ranges: ");
    }

    [Fact]
    public void Validate_when_only_flat_enabled_still_checks_physical_network_mtus()
    {
        var options = new Ml2Options { TypeDrivers = ["flat"], PhysicalNetworkMtus = ["physnet1:1500", "physnet1:9000"] };

        TypeDriverOptionsValidation.Validate(options).Should().Equal(
            "ml2:physical_network_mtus: Key physnet1 in mapping: 'physnet1:9000' not unique");
    }
}
