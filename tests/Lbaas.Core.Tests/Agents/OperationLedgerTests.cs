using Lbaas.Agents;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lbaas.Core.Tests.Agents;

/// <summary>The operation ledger on its own: jobs finish once, stale reports change nothing, idle waiters wake.</summary>
public sealed class OperationLedgerTests
{
    private static readonly LoadBalancer s_lb = new() { Id = "lb-1", TenantId = "t", VipNetworkId = "net", Provider = "p" };

    private static AgentOperation Operation(string id, string deviceId = "dev-1") => new AgentOperation<LoadBalancer>
    {
        Id = id,
        Action = AgentOperationAction.Create,
        Provider = "p",
        DeviceId = deviceId,
        LoadBalancer = s_lb,
        Current = s_lb,
    };

    private static (OperationLedger Ledger, List<OperationJob> Finished) Create()
    {
        var ledger = new OperationLedger(NullLogger<OperationLedger>.Instance);
        var finished = new List<OperationJob>();
        ledger.OnJobFinished((job, _) =>
        {
            finished.Add(job);
            return default;
        });
        return (ledger, finished);
    }

    private static OperationJob Job(int operations) =>
        new(AgentOperationAction.Create, LoadBalancerObjectType.LoadBalancer, s_lb.Id, s_lb, operations);

    [Fact]
    public async Task Report_of_the_last_operation_finishes_the_job_once_and_wakes_idle_waiters()
    {
        var (ledger, finished) = Create();
        var job = Job(2);
        var entries = ledger.Open(job, [Operation("op-1"), Operation("op-2", "dev-2")]);
        ledger.Assign(entries[0], "agent-1").Should().Be(1);
        ledger.Assign(entries[1], "agent-2").Should().Be(1);
        var idle = ledger.WhenIdleAsync();

        ledger.Report(new AgentOperationReport("op-1", "agent-1", Succeeded: true)).Should().Be((true, (OperationJob?)null));
        var (recorded, done) = ledger.Report(new AgentOperationReport("op-2", "agent-2", Succeeded: false, "boom"));
        recorded.Should().BeTrue();
        done.Should().BeSameAs(job);
        idle.IsCompleted.Should().BeFalse("the job counts until its outcome is applied");

        await ledger.FinishAsync(done!);

        finished.Should().ContainSingle().Which.Errors.Should().Equal("boom");
        job.State.Should().Be(OperationJobState.Done);
        ledger.OutstandingCount.Should().Be(0);
        await idle.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Report_from_an_agent_the_operation_is_not_with_is_not_recorded()
    {
        var (ledger, _) = Create();
        var entries = ledger.Open(Job(1), [Operation("op-1")]);
        ledger.Assign(entries[0], "agent-1");

        ledger.Report(new AgentOperationReport("op-1", "agent-2", Succeeded: true)).Recorded.Should().BeFalse();
        ledger.IsAssignedTo("op-1", "agent-1").Should().BeTrue();
        ledger.IsAssignedTo("op-1", "agent-2").Should().BeFalse();
        ledger.OutstandingCount.Should().Be(1);
    }

    [Fact]
    public void Unassign_parks_the_dead_agents_operations_in_submission_order()
    {
        var (ledger, _) = Create();
        var entries = ledger.Open(Job(3), [Operation("op-1"), Operation("op-2"), Operation("op-3")]);
        ledger.Assign(entries[2], "dead");
        ledger.Assign(entries[0], "dead");
        ledger.Assign(entries[1], "alive");

        ledger.Unassign("dead").Select(e => e.Operation.Id).Should().Equal("op-1", "op-3");
        ledger.Parked().Select(e => e.Operation.Id).Should().Equal("op-1", "op-3");
        ledger.IsAssignedTo("op-1", "dead").Should().BeFalse();
    }

    [Fact]
    public async Task AbandonLoadBalancer_ends_its_jobs_without_raising_their_completion()
    {
        var (ledger, finished) = Create();
        var entries = ledger.Open(Job(1), [Operation("op-1")]);
        ledger.Assign(entries[0], "agent-1");

        ledger.AbandonLoadBalancer(s_lb.Id).Should().Be(1);

        await ledger.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(5));
        ledger.Report(new AgentOperationReport("op-1", "agent-1", Succeeded: true)).Recorded.Should().BeFalse();
        ledger.Assign(entries[0], "agent-2").Should().Be(0);
        finished.Should().BeEmpty();
    }

    [Fact]
    public async Task Settle_without_an_error_counts_as_success()
    {
        var (ledger, finished) = Create();
        var entries = ledger.Open(Job(1), [Operation("op-1")]);

        var done = ledger.Settle(entries[0], error: null);

        done.Should().NotBeNull();
        await ledger.FinishAsync(done!);
        finished.Should().ContainSingle().Which.Succeeded.Should().BeTrue();
        ledger.Settle(entries[0], "again").Should().BeNull();
    }

    [Fact]
    public async Task FinishAsync_when_the_subscriber_throws_still_ends_the_job()
    {
        var ledger = new OperationLedger(NullLogger<OperationLedger>.Instance);
        ledger.OnJobFinished((_, _) => throw new InvalidOperationException("store down"));
        var job = Job(0);
        ledger.Open(job, []);

        await ledger.FinishAsync(job);

        job.State.Should().Be(OperationJobState.Done);
        await ledger.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void OnJobFinished_twice_throws()
    {
        var (ledger, _) = Create();

        var act = () => ledger.OnJobFinished((_, _) => default);

        act.Should().Throw<InvalidOperationException>();
    }
}
