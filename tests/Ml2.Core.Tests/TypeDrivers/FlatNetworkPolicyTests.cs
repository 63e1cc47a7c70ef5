using FluentAssertions;
using Ml2.TypeDrivers;
using Xunit;

namespace Ml2.Core.Tests.TypeDrivers;

public sealed class FlatNetworkPolicyTests
{
    [Fact]
    public void Parse_WhenUnset_AllowsAny()
    {
        var policy = FlatNetworkPolicy.Parse(null);

        policy.AllowAny.Should().BeTrue();
        policy.Disabled.Should().BeFalse();
        policy.Allows("anything").Should().BeTrue();
    }

    [Fact]
    public void Parse_WhenStarListed_AllowsAny() =>
        FlatNetworkPolicy.Parse(["physnet1", "*"]).Allows("physnet9").Should().BeTrue();

    [Theory]
    [InlineData]
    [InlineData("")]
    [InlineData(" , ")]
    public void Parse_WhenListEmpty_Disables(params string[] entries)
    {
        var policy = FlatNetworkPolicy.Parse(entries);

        policy.Disabled.Should().BeTrue();
        policy.Allows("physnet1").Should().BeFalse();
    }

    [Fact]
    public void Parse_WhenNamesListed_AllowsOnlyThose()
    {
        var policy = FlatNetworkPolicy.Parse(["physnet1, physnet2"]);

        policy.Allowed.Should().BeEquivalentTo("physnet1", "physnet2");
        policy.Allows("physnet2").Should().BeTrue();
        policy.Allows("physnet3").Should().BeFalse();
    }
}
