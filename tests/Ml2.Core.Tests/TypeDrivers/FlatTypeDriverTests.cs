using FluentAssertions;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.TypeDrivers;
using Xunit;

namespace Ml2.Core.Tests.TypeDrivers;

public sealed class FlatTypeDriverTests
{
    private static FlatTypeDriver Driver(IList<string>? flatNetworks) =>
        new(TypeDriverHarness.Options(o =>
        {
            o.Flat.FlatNetworks = flatNetworks;
            o.PhysicalNetworkMtus = ["physnet1:9000", "physnet2:1400"];
        }));

    [Fact]
    public void ValidateProviderSegment_when_no_physical_network_throws_required()
    {
        var act = () => Driver(null).ValidateProviderSegment(new ProviderSegment("flat"));

        act.Should().Throw<InvalidInputException>()
            .Where(e => e.Detail == "physical_network required for flat provider network" && e.Field == "provider:physical_network");
    }

    [Fact]
    public void ValidateProviderSegment_when_flat_networks_empty_throws_disabled()
    {
        var act = () => Driver([]).ValidateProviderSegment(new ProviderSegment("flat", "physnet1"));

        act.Should().Throw<InvalidInputException>()
            .Where(e => e.Detail == "Flat provider networks are disabled" && e.Field == "provider:network_type");
    }

    [Fact]
    public void ValidateProviderSegment_when_physnet_not_listed_throws_unknown()
    {
        var act = () => Driver(["physnet1", "physnet3"]).ValidateProviderSegment(new ProviderSegment("flat", "physnet2"));

        act.Should().Throw<InvalidInputException>()
            .Where(e => e.Detail == "physical_network 'physnet2' unknown for flat provider network" && e.Value == "physnet2");
    }

    [Fact]
    public void ValidateProviderSegment_when_segmentation_id_given_throws_prohibited()
    {
        var act = () => Driver(null).ValidateProviderSegment(new ProviderSegment("flat", "physnet1", 7));

        act.Should().Throw<InvalidInputException>()
            .Where(e => e.Detail == "segmentation_id prohibited for flat provider network" && e.Field == "provider:segmentation_id");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    [InlineData("physnet1,physnet3")]
    public void ValidateProviderSegment_when_physnet_allowed_accepts(string? flatNetworks)
    {
        var driver = Driver(flatNetworks is null ? null : [flatNetworks]);

        driver.ValidateProviderSegment(new ProviderSegment("flat", "physnet1"));
        driver.IsPartialSegment(new ProviderSegment("flat", "physnet1")).Should().BeFalse();
    }

    [Fact]
    public async Task Reserve_provider_segment_when_physnet_already_has_flat_network_throws_segment_in_use()
    {
        using var harness = new TypeDriverHarness();
        var driver = Driver(null);

        var reserved = await harness.ReserveAsync(driver, new ProviderSegment("flat", "physnet1"));
        var again = () => harness.ReserveAsync(driver, new ProviderSegment("flat", "physnet1"));

        reserved.Should().Be(new ProviderSegment("flat", "physnet1"));
        (await again.Should().ThrowAsync<SegmentInUseException>())
            .WithMessage("Unable to create the flat network. Physical network physnet1 is in use.");
        (await harness.IsAllocatedAsync("flat:physnet1", 0)).Should().BeTrue();
        (await harness.ReserveAsync(driver, new ProviderSegment("flat", "physnet2"))).PhysicalNetwork.Should().Be("physnet2");
    }

    [Fact]
    public async Task Release_segment_when_flat_network_released_physnet_can_be_reused_and_pool_forgets_it()
    {
        using var harness = new TypeDriverHarness();
        var driver = Driver(null);
        var segment = await harness.ReserveAsync(driver, new ProviderSegment("flat", "physnet1"));

        await harness.ReleaseAsync(driver, segment);

        (await harness.IsAllocatedAsync("flat:physnet1", 0)).Should().BeFalse();
        (await harness.UsageAsync("flat:physnet1"))!.Allocated.Should().Be(0);
        (await harness.ReserveAsync(driver, segment)).Should().Be(segment);
    }

    [Fact]
    public async Task Allocate_tenant_segment_always_returns_null()
    {
        using var harness = new TypeDriverHarness();

        (await harness.AllocateTenantAsync(Driver(null))).Should().BeNull();
    }

    [Theory]
    [InlineData("physnet1", 1500, 1500)]
    [InlineData("physnet2", 1500, 1400)]
    [InlineData("physnet3", 1500, 1500)]
    [InlineData("physnet1", 0, 9000)]
    [InlineData("physnet3", 0, 0)]
    public void GetMtu_when_global_and_physnet_mtus_takes_smallest_configured(string physnet, int global, int expected)
    {
        var driver = new FlatTypeDriver(TypeDriverHarness.Options(o =>
        {
            o.GlobalPhysnetMtu = global;
            o.PhysicalNetworkMtus = ["physnet1:9000", "physnet2:1400"];
        }));

        driver.GetMtu(physnet).Should().Be(expected);
    }
}
