using Ml2.Configuration;
using Ml2.Core.Tests.Pools;
using Ml2.Journal;

namespace Ml2.Core.Tests.Journal;

/// <summary>The pure schedule of the journal: eligibility in dependency order, exhausted attempts, backoff with jitter.</summary>
public sealed class JournalScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Eligible_when_entries_are_independent_and_due_returns_them_all_in_sequence_order()
    {
        var entries = new[] { Entry(1, "net-a"), Entry(2, "net-b"), Entry(3, "net-c") };

        JournalSchedule.Eligible(entries, Now).Select(e => e.Sequence).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Eligible_when_an_earlier_entry_is_about_the_same_resource_holds_the_later_one_back()
    {
        var entries = new[] { Entry(1, "net-a"), Entry(2, "net-a", operation: JournalOperation.Update) };

        JournalSchedule.Eligible(entries, Now).Select(e => e.Sequence).Should().Equal(1);
    }

    [Fact]
    public void Eligible_when_the_entry_depends_on_an_earlier_entrys_resource_holds_it_back()
    {
        var entries = new[] { Entry(1, "net-a"), Entry(2, "port-1", dependsOn: ["net-a"]), Entry(3, "port-2", dependsOn: ["net-b"]) };

        JournalSchedule.Eligible(entries, Now).Select(e => e.Sequence).Should().Equal(1, 3);
    }

    [Fact]
    public void Eligible_when_an_earlier_entry_depends_on_the_entrys_resource_holds_it_back()
    {
        // A port's delete (depending on its network) comes before the network's delete: the network waits.
        var entries = new[]
        {
            Entry(1, "port-1", operation: JournalOperation.Delete, dependsOn: ["net-a"]),
            Entry(2, "net-a", operation: JournalOperation.Delete),
        };

        JournalSchedule.Eligible(entries, Now).Select(e => e.Sequence).Should().Equal(1);
    }

    [Fact]
    public void Eligible_when_an_earlier_entry_is_not_due_or_processing_still_blocks_later_entries_of_its_resource()
    {
        var entries = new[]
        {
            Entry(1, "net-a", nextAttemptAt: Now.AddTicks(1)),
            Entry(2, "net-a", operation: JournalOperation.Update),
            Entry(3, "net-b", state: JournalEntryState.Processing),
            Entry(4, "port-1", dependsOn: ["net-b"]),
            Entry(5, "net-c", nextAttemptAt: Now),
        };

        JournalSchedule.Eligible(entries, Now).Select(e => e.Sequence).Should().Equal(5);
    }

    [Theory]
    [InlineData(2, 3, false)]
    [InlineData(3, 3, true)]
    [InlineData(4, 3, true)]
    public void AttemptsExhausted_when_compared_with_max_attempts_is_true_from_the_last_attempt_on(int attempts, int maxAttempts, bool expected)
    {
        JournalSchedule.AttemptsExhausted(attempts, new JournalOptions { MaxAttempts = maxAttempts }).Should().Be(expected);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(7, 10)]
    [InlineData(100, 10)]
    public void Backoff_when_jitter_is_zero_doubles_per_attempt_up_to_the_maximum(int attempts, int expectedSeconds)
    {
        var options = new JournalOptions { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(10) };

        JournalSchedule.Backoff(attempts, options, new ScriptedRandom(_ => 0)).Should().Be(TimeSpan.FromSeconds(expectedSeconds));
    }

    [Fact]
    public void Backoff_when_jitter_is_largest_takes_half_the_delay_off()
    {
        var options = new JournalOptions { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(10) };
        long? bound = null;

        var delay = JournalSchedule.Backoff(3, options, new ScriptedRandom(max => (bound = max).Value - 1));

        bound.Should().Be((TimeSpan.FromSeconds(4).Ticks / 2) + 1, "the jitter is drawn from [0, delay / 2]");
        delay.Should().Be(TimeSpan.FromSeconds(2));
    }

    private static JournalEntry Entry(
        long sequence,
        string resourceId,
        JournalOperation operation = JournalOperation.Create,
        string[]? dependsOn = null,
        JournalEntryState state = JournalEntryState.Pending,
        DateTimeOffset? nextAttemptAt = null) => new()
        {
            Sequence = sequence,
            Driver = "odl",
            ResourceType = resourceId.StartsWith("port", StringComparison.Ordinal) ? JournalResourceType.Port : JournalResourceType.Network,
            ResourceId = resourceId,
            Operation = operation,
            DependsOn = dependsOn ?? [],
            Body = "{}",
            State = state,
            NextAttemptAt = nextAttemptAt ?? Now - TimeSpan.FromSeconds(1),
        };
}
