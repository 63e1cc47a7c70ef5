using FluentAssertions;
using Ml2.TypeDrivers;
using Xunit;

namespace Ml2.Core.Tests.TypeDrivers;

public sealed class FlatNetworkPolicyTests
{
    [Fact]
    public void Parse_when_unset_allows_any()
    {
        var policy = FlatNetworkPolicy.Parse(null);

        policy.AllowAny.Should().BeTrue();
        policy.Disabled.Should().BeFalse();
        policy.Allows("anything").Should().BeTrue();
    }

    [Fact]
    public void Parse_when_star_listed_allows_any() =>
        FlatNetworkPolicy.Parse(["physnet1", "*"]).Allows("physnet9").Should().BeTrue();

    [Theory]
    [InlineData]
    [InlineData("")]
    [InlineData(" , ")]
    public void Parse_when_list_empty_disables(params string[] entries)
    {
        var policy = FlatNetworkPolicy.Parse(entries);

        policy.Disabled.Should().BeTrue();
        policy.Allows("physnet1").Should().BeFalse();
    }

    [Fact]
    public void Parse_when_names_listed_allows_only_those()
    {
        var policy = FlatNetworkPolicy.Parse(["physnet1, physnet2"]);

        policy.Allowed.Should().BeEquivalentTo("physnet1", "physnet2");
        policy.Allows("physnet2").Should().BeTrue();
        policy.Allows("physnet3").Should().BeFalse();
    }
}
