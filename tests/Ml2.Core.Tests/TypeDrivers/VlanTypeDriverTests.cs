using FluentAssertions;
using Microsoft.Extensions.Options;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Storage;
using Ml2.TypeDrivers;
using Xunit;

namespace Ml2.Core.Tests.TypeDrivers;

public sealed class VlanTypeDriverTests : IDisposable
{
    private readonly TypeDriverHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static VlanTypeDriver Driver(params string[] ranges) =>
        new(TypeDriverHarness.Options(o =>
        {
            o.Vlan.NetworkVlanRanges = ranges;
            o.PhysicalNetworkMtus = ["physnet2:9000", "physnet3:1400"];
        }));

    private async Task<VlanTypeDriver> InitializedAsync(params string[] ranges)
    {
        var driver = Driver(ranges);
        await _harness.InitializeAsync(driver);
        return driver;
    }

    [Fact]
    public void ValidateProviderSegment_when_physnet_not_configured_throws_unknown()
    {
        var act = () => Driver("physnet1:100:199").ValidateProviderSegment(new ProviderSegment("vlan", "physnet9", 100));

        act.Should().Throw<InvalidInputException>()
            .Where(e => e.Detail == "physical_network 'physnet9' unknown for VLAN provider network" && e.Field == "provider:physical_network" && e.Value == "physnet9");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    [InlineData(-3)]
    public void ValidateProviderSegment_when_id_out_of_range_throws_out_of_range(long id)
    {
        var act = () => Driver("physnet1:100:199").ValidateProviderSegment(new ProviderSegment("vlan", "physnet1", id));

        act.Should().Throw<InvalidInputException>()
            .Where(e => e.Detail == "segmentation_id out of range (1 through 4094)" && e.Field == "provider:segmentation_id");
    }

    [Fact]
    public void ValidateProviderSegment_when_id_without_physnet_throws_requires_physical_network()
    {
        var act = () => Driver("physnet1:100:199").ValidateProviderSegment(new ProviderSegment("vlan", null, 100));

        act.Should().Throw<InvalidInputException>()
            .Where(e => e.Detail == "segmentation_id requires physical_network for VLAN provider network");
    }

    [Fact]
    public void ValidateProviderSegment_when_physnet_configured_bare_or_ranged_accepts_any_tag()
    {
        var driver = Driver("physnet1:100:199", "physnet2");

        driver.ValidateProviderSegment(new ProviderSegment("vlan", "physnet1", 1));
        driver.ValidateProviderSegment(new ProviderSegment("vlan", "physnet1", 4094));
        driver.ValidateProviderSegment(new ProviderSegment("vlan", "physnet2", 2000));
        driver.ValidateProviderSegment(new ProviderSegment("vlan", "physnet2"));
        driver.ValidateProviderSegment(new ProviderSegment("vlan"));
        driver.IsPartialSegment(new ProviderSegment("vlan", "physnet2")).Should().BeTrue();
        driver.IsPartialSegment(new ProviderSegment("vlan", "physnet2", 5)).Should().BeFalse();
    }

    [Fact]
    public async Task InitializeAsync_when_ranges_configured_creates_one_pool_per_physnet()
    {
        await InitializedAsync("physnet1:100:199", "physnet2", "physnet1:300:300");

        (await _harness.UsageAsync("vlan:physnet1")).Should().Be(new IdPoolUsage(101, 0, 0));
        (await _harness.UsageAsync("vlan:physnet2")).Should().Be(new IdPoolUsage(4094, 0, 0));
    }

    [Fact]
    public async Task Reserve_provider_segment_when_tag_in_use_throws_segment_in_use()
    {
        var driver = await InitializedAsync("physnet1:100:199");
        var segment = new ProviderSegment("vlan", "physnet1", 150);

        (await _harness.ReserveAsync(driver, segment)).Should().Be(segment);
        var again = () => _harness.ReserveAsync(driver, segment);

        var thrown = await again.Should().ThrowAsync<SegmentInUseException>()
            .WithMessage("Unable to create the network. The VLAN 150 on physical network physnet1 is in use.");
        thrown.Which.PhysicalNetwork.Should().Be("physnet1");
        thrown.Which.SegmentationId.Should().Be(150);
    }

    [Fact]
    public async Task Reserve_provider_segment_when_tag_outside_ranges_reserves_it_outside_and_release_forgets_it()
    {
        var driver = await InitializedAsync("physnet1:100:199");
        var segment = new ProviderSegment("vlan", "physnet1", 3000);

        await _harness.ReserveAsync(driver, segment);
        (await _harness.UsageAsync("vlan:physnet1")).Should().Be(new IdPoolUsage(100, 0, 1));

        await _harness.ReleaseAsync(driver, segment);
        (await _harness.UsageAsync("vlan:physnet1")).Should().Be(new IdPoolUsage(100, 0, 0));
        (await _harness.IsAllocatedAsync("vlan:physnet1", 3000)).Should().BeFalse();
    }

    [Fact]
    public async Task Reserve_provider_segment_when_partial_with_physnet_takes_free_tag_from_that_physnet()
    {
        var driver = await InitializedAsync("physnet1:100:101", "physnet2:200:200");

        var first = await _harness.ReserveAsync(driver, new ProviderSegment("vlan", "physnet2"));
        var next = () => _harness.ReserveAsync(driver, new ProviderSegment("vlan", "physnet2"));

        first.Should().Be(new ProviderSegment("vlan", "physnet2", 200));
        (await next.Should().ThrowAsync<NoNetworkAvailableException>())
            .WithMessage("Unable to create the network. No tenant network is available for allocation.");
    }

    [Fact]
    public async Task Reserve_provider_segment_when_partial_without_physnet_uses_physnets_in_configured_order()
    {
        var driver = await InitializedAsync("physnet2:200:200", "physnet1:100:100");

        var first = await _harness.ReserveAsync(driver, new ProviderSegment("vlan"));
        var second = await _harness.ReserveAsync(driver, new ProviderSegment("vlan"));
        var third = () => _harness.ReserveAsync(driver, new ProviderSegment("vlan"));

        first.Should().Be(new ProviderSegment("vlan", "physnet2", 200));
        second.Should().Be(new ProviderSegment("vlan", "physnet1", 100));
        await third.Should().ThrowAsync<NoNetworkAvailableException>();
    }

    [Fact]
    public async Task Allocate_tenant_segment_when_several_physnets_exhausts_them_in_configured_order_then_returns_null()
    {
        var driver = await InitializedAsync("physnet3:10:12", "physnet1:5:5", "physnet2");
        await _harness.ReserveAsync(driver, new ProviderSegment("vlan", "physnet3", 11));
        await _harness.ReserveAsync(driver, new ProviderSegment("vlan", "physnet2", 7));

        var allocated = new List<ProviderSegment>();
        for (var i = 0; i < 4096; i++)
        {
            allocated.Add((await _harness.AllocateTenantAsync(driver))!);
        }

        allocated.Take(2).Select(s => (s.PhysicalNetwork, s.SegmentationId)).Should().BeEquivalentTo(
            new (string?, long?)[] { ("physnet3", 10), ("physnet3", 12) });
        allocated[2].Should().Be(new ProviderSegment("vlan", "physnet1", 5));
        allocated.Skip(3).Should().OnlyContain(s => s.PhysicalNetwork == "physnet2" && s.SegmentationId >= 1 && s.SegmentationId <= 4094);
        allocated.Skip(3).Select(s => s.SegmentationId).Should().OnlyHaveUniqueItems().And.NotContain(7);
        (await _harness.AllocateTenantAsync(driver)).Should().BeNull();
    }

    [Fact]
    public async Task Allocate_tenant_segment_when_no_physnet_configured_returns_null()
    {
        var driver = await InitializedAsync();

        (await _harness.AllocateTenantAsync(driver)).Should().BeNull();
    }

    [Fact]
    public async Task Allocate_tenant_segment_when_transaction_rolls_back_tag_is_free_again()
    {
        var driver = await InitializedAsync("physnet1:100:100");

        await using (var transaction = await _harness.Store.BeginTransactionAsync())
        {
            (await driver.AllocateTenantSegmentAsync(transaction, CancellationToken.None)).Should().NotBeNull();
        }

        (await _harness.AllocateTenantAsync(driver)).Should().Be(new ProviderSegment("vlan", "physnet1", 100));
    }

    [Fact]
    public async Task InitializeAsync_when_range_shrinks_keeps_allocated_tags_until_released()
    {
        var driver = await InitializedAsync("physnet1:1:10");
        for (var i = 0; i < 10; i++)
        {
            await _harness.AllocateTenantAsync(driver);
        }

        var shrunk = await InitializedAsync("physnet1:1:5");

        (await _harness.UsageAsync("vlan:physnet1")).Should().Be(new IdPoolUsage(5, 5, 5));
        (await _harness.IsAllocatedAsync("vlan:physnet1", 8)).Should().BeTrue();
        (await _harness.AllocateTenantAsync(shrunk)).Should().BeNull();

        await _harness.ReleaseAsync(shrunk, new ProviderSegment("vlan", "physnet1", 8));
        (await _harness.IsAllocatedAsync("vlan:physnet1", 8)).Should().BeFalse();
        (await _harness.AllocateTenantAsync(shrunk)).Should().BeNull("a released tag outside the ranges is forgotten, not pooled");

        await _harness.ReleaseAsync(shrunk, new ProviderSegment("vlan", "physnet1", 3));
        (await _harness.AllocateTenantAsync(shrunk)).Should().Be(new ProviderSegment("vlan", "physnet1", 3));
    }

    [Fact]
    public async Task InitializeAsync_when_range_grows_keeps_tags_reserved_outside_the_old_range()
    {
        var driver = await InitializedAsync("physnet1:1:10");
        await _harness.ReserveAsync(driver, new ProviderSegment("vlan", "physnet1", 12));

        var grown = await InitializedAsync("physnet1:1:12");

        (await _harness.UsageAsync("vlan:physnet1")).Should().Be(new IdPoolUsage(12, 1, 0));
        var tags = new List<long?>();
        while (await _harness.AllocateTenantAsync(grown) is { } segment)
        {
            tags.Add(segment.SegmentationId);
        }

        tags.Should().HaveCount(11).And.NotContain(12);
    }

    [Theory]
    [InlineData("physnet1", 1500)]
    [InlineData("physnet2", 1500)]
    [InlineData("physnet3", 1400)]
    public void GetMtu_when_physnet_mtus_configured_takes_smallest(string physnet, int expected) =>
        Driver("physnet1").GetMtu(physnet).Should().Be(expected);

    [Fact]
    public void Constructor_when_options_not_readable_does_not_read_them()
    {
        var driver = new VlanTypeDriver(new ThrowingOptions());

        driver.NetworkType.Should().Be("vlan");
    }

    [Fact]
    public void ValidateProviderSegment_when_ranges_invalid_throws_options_validation_exception()
    {
        var act = () => Driver("physnet1:0:10").ValidateProviderSegment(new ProviderSegment("vlan", "physnet1"));

        act.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().ContainSingle().Which.Should().StartWith("ml2_type_vlan:network_vlan_ranges: Invalid network VLAN range");
    }
}
