using Lbaas.Placement;

namespace Lbaas.Core.Tests.Placement;

public sealed class ScoreBreakdownTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ScoreBreakdown.Inline)]
    [InlineData(ScoreBreakdown.Inline + 3)]
    public void Lookups_when_values_are_held_inline_or_beside_answer_each_name_with_its_value(int count)
    {
        var names = Enumerable.Range(0, count).Select(i => $"policy-{i}").ToArray();
        var values = Enumerable.Range(0, count).Select(i => 0.1 * (i + 1)).ToArray();

        var breakdown = new ScoreBreakdown(names, values);

        breakdown.Count.Should().Be(count);
        breakdown.Keys.Should().Equal(names);
        breakdown.Values.Should().Equal(values);
        breakdown.Should().Equal(names.Zip(values, (n, v) => new KeyValuePair<string, double>(n, v)));
        for (var i = 0; i < count; i++)
        {
            breakdown[names[i].ToUpperInvariant()].Should().Be(values[i], "names are looked up case-insensitively");
        }

        breakdown.TryGetValue("missing", out var none).Should().BeFalse();
        none.Should().Be(0);
        breakdown.Invoking(b => b["missing"]).Should().Throw<KeyNotFoundException>().WithMessage("*missing*");
    }

    [Fact]
    public void Constructor_when_values_and_names_differ_in_number_throws_naming_both_counts()
    {
        var create = () => new ScoreBreakdown(["a", "b"], [1.0]);

        create.Should().Throw<ArgumentException>().WithParameterName("values").WithMessage("1 values for 2 names*");
    }
}
