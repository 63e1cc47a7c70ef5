using Microsoft.Extensions.Logging;
using Ml2.Drivers;
using Ml2.Model;
using Ml2.TypeDrivers;

namespace Ml2.Core.Tests.TypeDrivers;

/// <summary>
/// Releasing a segment id its pool does not hold in use logs a warning naming the type, physical network and id (as
/// Neutron's drivers warn "No vlan_id ... found on physical network ...", "... tunnel ... not found"); a release of an
/// id in use logs nothing.
/// </summary>
public sealed class ReleaseUnknownSegmentTests
{
    [Fact]
    public async Task Vlan_release_of_a_tag_not_in_use_warns_with_type_physnet_and_tag()
    {
        using var harness = new TypeDriverHarness();
        var log = new WarningLog<VlanTypeDriver>();
        var driver = new VlanTypeDriver(TypeDriverHarness.Options(o => o.Vlan.NetworkVlanRanges = ["physnet1:100:199"]), log);
        await harness.InitializeAsync(driver);

        await ReleaseAsync(harness, driver, new ProviderSegment(NetworkTypes.Vlan, "physnet1", 150));
        await ReleaseAsync(harness, driver, new ProviderSegment(NetworkTypes.Vlan, "physnet9", 3000));

        log.Warnings.Should().Equal(
            (1003, "No vlan segment with segmentation id 150 found on physical network physnet1 to release."),
            (1003, "No vlan segment with segmentation id 3000 found on physical network physnet9 to release."));

        await harness.InTransactionAsync(t => driver.ReserveProviderSegmentAsync(t, new ProviderSegment(NetworkTypes.Vlan, "physnet1", 150), CancellationToken.None));
        await ReleaseAsync(harness, driver, new ProviderSegment(NetworkTypes.Vlan, "physnet1", 150));
        log.Warnings.Should().HaveCount(2, "releasing a tag in use is not worth a warning");
    }

    [Theory]
    [InlineData("vxlan")]
    [InlineData("gre")]
    [InlineData("geneve")]
    public async Task Tunnel_release_of_an_id_not_in_use_warns_with_type_and_id(string type)
    {
        using var harness = new TypeDriverHarness();
        var options = TypeDriverHarness.Options();
        var warnings = new List<(int EventId, string Message)>();
        ITypeDriver driver = type switch
        {
            "vxlan" => new VxlanTypeDriver(options, new WarningLog<VxlanTypeDriver>(warnings)),
            "gre" => new GreTypeDriver(options, new WarningLog<GreTypeDriver>(warnings)),
            _ => new GeneveTypeDriver(options, new WarningLog<GeneveTypeDriver>(warnings)),
        };
        await harness.InitializeAsync(driver);

        await ReleaseAsync(harness, driver, new ProviderSegment(type, null, 77));

        warnings.Should().Equal((1003, $"No {type} segment with segmentation id 77 found on physical network (none) to release."));
    }

    [Fact]
    public async Task Flat_release_of_a_physical_network_without_a_flat_network_warns_with_the_physnet()
    {
        using var harness = new TypeDriverHarness();
        var log = new WarningLog<FlatTypeDriver>();
        var driver = new FlatTypeDriver(TypeDriverHarness.Options(), log);

        await ReleaseAsync(harness, driver, new ProviderSegment(NetworkTypes.Flat, "physnet1"));

        log.Warnings.Should().Equal((1003, "No flat segment with segmentation id (none) found on physical network physnet1 to release."));
    }

    private static Task ReleaseAsync(TypeDriverHarness harness, ITypeDriver driver, ProviderSegment segment) =>
        harness.InTransactionAsync(t => driver.ReleaseSegmentAsync(t, segment, CancellationToken.None));

    private sealed class WarningLog<T>(List<(int EventId, string Message)>? warnings = null) : ILogger<T>
    {
        public List<(int EventId, string Message)> Warnings { get; } = warnings ?? [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add((eventId.Id, formatter(state, exception)));
            }
        }
    }
}
