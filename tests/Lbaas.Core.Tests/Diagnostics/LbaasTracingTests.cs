using System.Diagnostics;
using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Diagnostics;
using Lbaas.Placement;
using Lbaas.Placement.Policies;
using Ml2.Diagnostics;

namespace Lbaas.Core.Tests.Diagnostics;

/// <summary>The span tree of a load-balancer create, exported with OpenTelemetry's in-memory exporter.</summary>
public sealed class LbaasTracingTests
{
    [Fact]
    public async Task CreateLoadBalancer_traces_placement_with_its_claim_then_wiring_then_the_agent_operation()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        using var capture = new SpanCapture(LbaasTelemetry.ActivitySourceName, Ml2Telemetry.ActivitySourceName);

        var root = capture.StartRoot();
        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        await host.WhenIdleAsync();
        var spans = capture.Stop();

        var service = spans.Should().ContainSingle(s => s.OperationName == "lbaas.create_loadbalancer").Subject;
        service.ParentSpanId.Should().Be(root.SpanId);
        service.GetTagItem("lbaas.loadbalancer.id").Should().Be(lb.Id);

        var placement = ChildOf(spans, service, "lbaas.placement");
        placement.GetTagItem("lbaas.placement.outcome").Should().Be("placed");
        placement.GetTagItem("lbaas.placement.candidates").Should().Be(1);
        placement.GetTagItem("lbaas.device.id").Should().Be("dev-1");
        var claim = ChildOf(spans, placement, "lbaas.placement.claim");
        claim.GetTagItem("lbaas.device.id").Should().Be("dev-1");
        claim.GetTagItem("lbaas.claim.status").Should().Be("Claimed");

        var wiring = ChildOf(spans, service, "lbaas.wiring");
        wiring.GetTagItem("lbaas.device.id").Should().Be("dev-1");
        spans.Should().Contain(s => s.ParentSpanId == wiring.SpanId && s.OperationName == "ml2.create_port", "wiring creates the device's ports through ML2");

        var send = ChildOf(spans, service, "lbaas.agent.send");
        var agent = ChildOf(spans, send, "lbaas.agent.operation");
        agent.GetTagItem("lbaas.agent.action").Should().Be("Create");
        agent.GetTagItem("lbaas.object.type").Should().Be("LoadBalancer");
        agent.GetTagItem("lbaas.device.id").Should().Be("dev-1");
        agent.GetTagItem("lbaas.agent.id").Should().Be(send.GetTagItem("lbaas.agent.id"));
        agent.Status.Should().Be(ActivityStatusCode.Ok);
    }

    [Fact]
    public async Task The_placement_span_counts_candidates_and_gives_one_event_per_rejection_reason()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        await host.OnboardAsync("dev-2");
        await host.OnboardAsync("dev-3");
        await host.Registry.DrainAsync("dev-2");
        await host.Registry.DrainAsync("dev-3");
        using var capture = new SpanCapture(LbaasTelemetry.ActivitySourceName);

        capture.StartRoot();
        await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        await host.WhenIdleAsync();
        var spans = capture.Stop();

        var placement = spans.Should().ContainSingle(s => s.OperationName == "lbaas.placement").Subject;
        placement.GetTagItem("lbaas.placement.considered").Should().Be(3);
        placement.GetTagItem("lbaas.placement.candidates").Should().Be(1);
        placement.GetTagItem("lbaas.placement.rejected").Should().Be(2);
        var rejection = placement.Events.Should().ContainSingle(e => e.Name == "lbaas.placement.rejection").Subject;
        rejection.Tags.Should().Contain(
        [
            new KeyValuePair<string, object?>("lbaas.placement.policy", PlacementPolicyNames.AdminStateAndHealth),
            new KeyValuePair<string, object?>("lbaas.placement.reason", AdminStateAndHealthPolicy.Draining),
            new KeyValuePair<string, object?>("lbaas.placement.rejection.count", 2),
        ]);
    }

    [Fact]
    public async Task A_failed_placement_fails_its_span_and_the_service_span_with_the_error_type()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        await host.Registry.DrainAsync("dev-1");
        using var capture = new SpanCapture(LbaasTelemetry.ActivitySourceName);

        capture.StartRoot();
        var create = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        var error = (await create.Should().ThrowAsync<Ml2.Exceptions.Ml2Exception>()).Which;
        var spans = capture.Stop();

        var placement = spans.Should().ContainSingle(s => s.OperationName == "lbaas.placement").Subject;
        placement.Status.Should().Be(ActivityStatusCode.Error);
        placement.GetTagItem("lbaas.placement.outcome").Should().Be("no_device");
        var service = spans.Should().ContainSingle(s => s.OperationName == "lbaas.create_loadbalancer").Subject;
        service.Status.Should().Be(ActivityStatusCode.Error);
        service.GetTagItem("error.type").Should().Be(error.ErrorType);
        service.Events.Should().Contain(e => e.Name == "exception");
    }

    private static Activity ChildOf(IReadOnlyList<Activity> spans, Activity parent, string name) =>
        spans.Should().ContainSingle(s => s.ParentSpanId == parent.SpanId && s.OperationName == name, $"{name} is a child of {parent.OperationName}").Subject;
}
