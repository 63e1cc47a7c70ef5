using FluentAssertions;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.TypeDrivers;
using Xunit;

namespace Ml2.Core.Tests.TypeDrivers;

public sealed class LocalTypeDriverTests
{
    private readonly LocalTypeDriver _driver = new(TypeDriverHarness.Options());

    [Fact]
    public void ValidateProviderSegment_when_physical_network_given_throws_prohibited()
    {
        var act = () => _driver.ValidateProviderSegment(new ProviderSegment("local", "physnet1"));

        act.Should().Throw<InvalidInputException>()
            .Where(e => e.Detail == "physical_network prohibited for local provider network" && e.Field == "provider:physical_network" && e.Value == "physnet1");
    }

    [Fact]
    public void ValidateProviderSegment_when_segmentation_id_given_throws_prohibited()
    {
        var act = () => _driver.ValidateProviderSegment(new ProviderSegment("local", null, 5));

        act.Should().Throw<InvalidInputException>()
            .Where(e => e.Detail == "segmentation_id prohibited for local provider network" && e.Field == "provider:segmentation_id" && e.Value == "5");
    }

    [Fact]
    public void ValidateProviderSegment_when_only_type_accepts()
    {
        _driver.ValidateProviderSegment(new ProviderSegment("local"));
        _driver.ValidateProviderSegment(new ProviderSegment("local", string.Empty));
        _driver.IsPartialSegment(new ProviderSegment("local")).Should().BeFalse();
    }

    [Fact]
    public async Task Allocation_always_succeeds_without_pools()
    {
        using var harness = new TypeDriverHarness();
        var requested = new ProviderSegment("local");

        (await harness.ReserveAsync(_driver, requested)).Should().BeSameAs(requested);
        (await harness.AllocateTenantAsync(_driver)).Should().Be(new ProviderSegment("local"));
        (await harness.AllocateTenantAsync(_driver)).Should().Be(new ProviderSegment("local"));
        await harness.ReleaseAsync(_driver, requested);
        _driver.GetMtu(null).Should().Be(0);
        _driver.NetworkType.Should().Be("local");
    }
}
