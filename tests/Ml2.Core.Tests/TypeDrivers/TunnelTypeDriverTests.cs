using FluentAssertions;
using Ml2.Configuration;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Storage;
using Ml2.TypeDrivers;
using Xunit;

namespace Ml2.Core.Tests.TypeDrivers;

public sealed class TunnelTypeDriverTests : IDisposable
{
    private readonly TypeDriverHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static TunnelTypeDriver Driver(string type, params string[] ranges) => Driver(type, o => SetRanges(o, type, ranges));

    private static TunnelTypeDriver Driver(string type, Action<Ml2Options> configure)
    {
        var options = TypeDriverHarness.Options(configure);
        return type switch
        {
            "vxlan" => new VxlanTypeDriver(options),
            "gre" => new GreTypeDriver(options),
            "geneve" => new GeneveTypeDriver(options),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }

    private static void SetRanges(Ml2Options options, string type, string[] ranges)
    {
        switch (type)
        {
            case "vxlan":
                options.Vxlan.VniRanges = ranges;
                break;
            case "gre":
                options.Gre.TunnelIdRanges = ranges;
                break;
            default:
                options.Geneve.VniRanges = ranges;
                break;
        }
    }

    private async Task<TunnelTypeDriver> InitializedAsync(string type, params string[] ranges)
    {
        var driver = Driver(type, ranges);
        await _harness.InitializeAsync(driver);
        return driver;
    }

    [Theory]
    [InlineData("vxlan")]
    [InlineData("gre")]
    [InlineData("geneve")]
    public void ValidateProviderSegment_when_physical_network_given_throws_specified(string type)
    {
        var act = () => Driver(type, "1:100").ValidateProviderSegment(new ProviderSegment(type, "physnet1", 5));

        act.Should().Throw<InvalidInputException>()
            .Where(e => e.Detail == $"provider:physical_network specified for {type} network" && e.Field == "provider:physical_network" && e.Value == "physnet1");
    }

    [Theory]
    [InlineData("vxlan", 0, "segmentation_id out of range (1 through 16777215)")]
    [InlineData("vxlan", 16_777_216, "segmentation_id out of range (1 through 16777215)")]
    [InlineData("geneve", 0, "segmentation_id out of range (1 through 16777215)")]
    [InlineData("geneve", 16_777_216, "segmentation_id out of range (1 through 16777215)")]
    [InlineData("gre", 0, "segmentation_id out of range (1 through 4294967295)")]
    [InlineData("gre", 4_294_967_296, "segmentation_id out of range (1 through 4294967295)")]
    [InlineData("gre", -1, "segmentation_id out of range (1 through 4294967295)")]
    public void ValidateProviderSegment_when_id_out_of_range_throws_out_of_range(string type, long id, string detail)
    {
        var act = () => Driver(type, "1:100").ValidateProviderSegment(new ProviderSegment(type, null, id));

        act.Should().Throw<InvalidInputException>()
            .Where(e => e.Detail == detail && e.Field == "provider:segmentation_id");
    }

    [Theory]
    [InlineData("vxlan", 16_777_215)]
    [InlineData("geneve", 16_777_215)]
    [InlineData("gre", 4_294_967_295)]
    public void ValidateProviderSegment_when_id_at_limits_or_partial_accepts(string type, long max)
    {
        var driver = Driver(type, "1:100");

        driver.ValidateProviderSegment(new ProviderSegment(type, null, 1));
        driver.ValidateProviderSegment(new ProviderSegment(type, null, max));
        driver.ValidateProviderSegment(new ProviderSegment(type, string.Empty));
        driver.IsPartialSegment(new ProviderSegment(type)).Should().BeTrue();
        driver.IsPartialSegment(new ProviderSegment(type, null, 1)).Should().BeFalse();
        driver.NetworkType.Should().Be(type);
    }

    [Theory]
    [InlineData("vxlan")]
    [InlineData("gre")]
    [InlineData("geneve")]
    public async Task Reserve_provider_segment_when_id_in_use_throws_segment_in_use(string type)
    {
        var driver = await InitializedAsync(type, "1:100");
        var segment = new ProviderSegment(type, null, 42);

        (await _harness.ReserveAsync(driver, segment)).Should().Be(segment);
        var again = () => _harness.ReserveAsync(driver, segment);

        (await again.Should().ThrowAsync<SegmentInUseException>())
            .WithMessage("Unable to create the network. The tunnel ID 42 is in use.")
            .Which.NetworkType.Should().Be(type);
    }

    [Theory]
    [InlineData("vxlan")]
    [InlineData("gre")]
    [InlineData("geneve")]
    public async Task Reserve_provider_segment_when_partial_takes_free_id_then_throws_no_network_available(string type)
    {
        var driver = await InitializedAsync(type, "7:8");

        var first = await _harness.ReserveAsync(driver, new ProviderSegment(type));
        var second = await _harness.ReserveAsync(driver, new ProviderSegment(type));
        var third = () => _harness.ReserveAsync(driver, new ProviderSegment(type));

        new[] { first.SegmentationId, second.SegmentationId }.Should().BeEquivalentTo(new long?[] { 7, 8 });
        first.PhysicalNetwork.Should().BeNull();
        await third.Should().ThrowAsync<NoNetworkAvailableException>();
    }

    [Theory]
    [InlineData("vxlan")]
    [InlineData("gre")]
    [InlineData("geneve")]
    public async Task Allocate_tenant_segment_when_pool_drained_returns_distinct_ids_in_ranges_then_null(string type)
    {
        var driver = await InitializedAsync(type, "1:50", "1000:1049");
        await _harness.ReserveAsync(driver, new ProviderSegment(type, null, 1000));

        var ids = new List<long>();
        while (await _harness.AllocateTenantAsync(driver) is { } segment)
        {
            segment.NetworkType.Should().Be(type);
            ids.Add(segment.SegmentationId!.Value);
        }

        ids.Should().HaveCount(99).And.OnlyHaveUniqueItems().And.NotContain(1000);
        ids.Should().OnlyContain(id => (id >= 1 && id <= 50) || (id >= 1000 && id <= 1049));
        (await _harness.UsageAsync(type)).Should().Be(new IdPoolUsage(100, 100, 0));
    }

    [Theory]
    [InlineData("vxlan")]
    [InlineData("gre")]
    [InlineData("geneve")]
    public async Task Allocate_tenant_segment_when_no_ranges_returns_null_but_provider_ids_still_reserve(string type)
    {
        var driver = await InitializedAsync(type);

        (await _harness.AllocateTenantAsync(driver)).Should().BeNull();
        await _harness.ReserveAsync(driver, new ProviderSegment(type, null, 5));
        (await _harness.UsageAsync(type)).Should().Be(new IdPoolUsage(0, 0, 1));
    }

    [Fact]
    public async Task Release_segment_when_id_outside_ranges_forgets_it()
    {
        var driver = await InitializedAsync("vxlan", "1:10");
        var outside = new ProviderSegment("vxlan", null, 5000);
        await _harness.ReserveAsync(driver, outside);

        await _harness.ReleaseAsync(driver, outside);

        (await _harness.IsAllocatedAsync("vxlan", 5000)).Should().BeFalse();
        (await _harness.UsageAsync("vxlan")).Should().Be(new IdPoolUsage(10, 0, 0));
    }

    [Fact]
    public async Task InitializeAsync_when_range_shrinks_keeps_allocated_ids_until_released()
    {
        var driver = await InitializedAsync("gre", "1:4");
        for (var i = 0; i < 4; i++)
        {
            await _harness.AllocateTenantAsync(driver);
        }

        var shrunk = await InitializedAsync("gre", "3:4");

        (await _harness.UsageAsync("gre")).Should().Be(new IdPoolUsage(2, 2, 2));
        await _harness.ReleaseAsync(shrunk, new ProviderSegment("gre", null, 1));
        await _harness.ReleaseAsync(shrunk, new ProviderSegment("gre", null, 4));
        (await _harness.UsageAsync("gre")).Should().Be(new IdPoolUsage(2, 1, 1));
        (await _harness.AllocateTenantAsync(shrunk)).Should().Be(new ProviderSegment("gre", null, 4));
        (await _harness.AllocateTenantAsync(shrunk)).Should().BeNull();
    }

    [Fact]
    public async Task InitializeAsync_when_whole_gre_key_space_configured_allocates_from_it()
    {
        var driver = await InitializedAsync("gre", "1:4294967295");

        (await _harness.UsageAsync("gre"))!.Capacity.Should().Be(4_294_967_295);
        var segment = await _harness.AllocateTenantAsync(driver);
        segment!.SegmentationId.Should().BeInRange(1, 4_294_967_295);
        await _harness.ReserveAsync(driver, new ProviderSegment("gre", null, 4_294_967_295));
        (await _harness.UsageAsync("gre"))!.AllocatedInRanges.Should().Be(2);
    }

    [Theory]
    [InlineData("vxlan", 1500, 0, 4, 1450)]
    [InlineData("gre", 1500, 0, 4, 1458)]
    [InlineData("geneve", 1500, 0, 4, 1450)]
    [InlineData("vxlan", 1500, 0, 6, 1430)]
    [InlineData("gre", 1500, 0, 6, 1438)]
    [InlineData("geneve", 1500, 0, 6, 1430)]
    [InlineData("vxlan", 9000, 1500, 4, 1450)]
    [InlineData("vxlan", 0, 9000, 4, 8950)]
    [InlineData("gre", 0, 0, 4, 0)]
    public void GetMtu_when_global_path_and_ip_version_subtracts_headers(string type, int global, int path, int ipVersion, int expected)
    {
        var driver = Driver(type, o =>
        {
            o.GlobalPhysnetMtu = global;
            o.PathMtu = path;
            o.OverlayIpVersion = ipVersion;
            o.PhysicalNetworkMtus = ["physnet1:1000"];
        });

        driver.GetMtu(null).Should().Be(expected);
        driver.GetMtu("physnet1").Should().Be(expected, "tunnel types ignore physical_network_mtus");
    }

    [Fact]
    public void GetMtu_when_geneve_header_size_set_uses_it()
    {
        var driver = Driver("geneve", o => o.Geneve.MaxHeaderSize = 38);

        driver.GetMtu(null).Should().Be(1442);
    }

    [Theory]
    [InlineData("vxlan")]
    [InlineData("gre")]
    [InlineData("geneve")]
    public void Constructor_when_options_not_readable_does_not_read_them(string type)
    {
        var driver = (TunnelTypeDriver)Activator.CreateInstance(BuiltInTypeDrivers.ByNetworkType[type], new ThrowingOptions())!;

        driver.NetworkType.Should().Be(type);
    }
}
