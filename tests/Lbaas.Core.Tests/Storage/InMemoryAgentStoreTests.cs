using Lbaas.Storage;

namespace Lbaas.Core.Tests.Storage;

/// <summary>The in-memory agent store.</summary>
public sealed class InMemoryAgentStoreTests
{
    [Fact]
    public async Task Agents_heartbeats_keep_the_latest_and_taken_over_flips()
    {
        var store = new InMemoryAgentStore();
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await store.UpsertAgentHeartbeatAsync("b", t0);
        await store.UpsertAgentHeartbeatAsync("a", t0.AddSeconds(10));
        await store.UpsertAgentHeartbeatAsync("a", t0);

        (await store.SetAgentTakenOverAsync("a", true)).Should().BeTrue();
        (await store.SetAgentTakenOverAsync("a", true)).Should().BeFalse();
        (await store.SetAgentTakenOverAsync("ghost", true)).Should().BeFalse();
        (await store.ListAgentsAsync()).Should().Equal(new AgentRecord("a", t0.AddSeconds(10), true), new AgentRecord("b", t0, false));
        (await store.RemoveAgentAsync("b")).Should().BeTrue();
        (await store.ListAgentsAsync()).Select(a => a.Id).Should().Equal("a");
    }
}
