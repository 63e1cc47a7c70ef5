using Lbaas.Core.Tests.Placement.Support;
using Lbaas.Placement;
using Lbaas.Placement.Policies;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement;

public sealed class PlacementPipelineJudgeTests
{
    private static PlacementPipeline Build(PlacementOptions options, params IPlacementPolicy[] policies)
    {
        var errors = new List<string>();
        var pipeline = PlacementPipeline.Build(options, policies, errors);
        errors.Should().BeEmpty();
        return pipeline!;
    }

    [Fact]
    public void Judge_when_a_filter_rejects_the_first_rejection_decides_and_nothing_later_is_asked()
    {
        var asked = 0;
        var later = new CountingPolicy("later", () => asked++, 1);
        var driver = new RecordingLoadBalancerDriver { Veto = (_, _) => { asked++; return "never"; } };
        var pipeline = Build(new PlacementOptions { EnabledPolicies = [PlacementPolicyNames.AdminStateAndHealth, "later"] }, new AdminStateAndHealthPolicy(), later);

        var fits = pipeline.Judge(Request("lb1"), driver, Snapshot(Device("d1", draining: true)), out var score, out var rejection);

        fits.Should().BeFalse();
        score.Should().Be(0);
        rejection.Should().Be(new DeviceRejection("d1", PlacementPolicyNames.AdminStateAndHealth, AdminStateAndHealthPolicy.Draining));
        asked.Should().Be(0);
    }

    [Fact]
    public void Judge_when_every_policy_accepts_the_driver_may_still_veto()
    {
        var driver = new RecordingLoadBalancerDriver { Veto = (_, d) => d.Device.Id == "d1" ? "firmware too old" : null };
        var pipeline = Build(new PlacementOptions { EnabledPolicies = [PlacementPolicyNames.AdminStateAndHealth] }, new AdminStateAndHealthPolicy());

        pipeline.Judge(Request("lb1"), driver, Snapshot(Device("d1")), out _, out var rejection).Should().BeFalse();
        rejection.Should().Be(new DeviceRejection("d1", PlacementPolicyNames.Driver, "firmware too old"));
        pipeline.Judge(Request("lb1"), driver, Snapshot(Device("d2")), out _, out _).Should().BeTrue();
    }

    [Fact]
    public void Judge_when_accepted_scores_the_weighted_mean_and_explain_splits_it()
    {
        var pipeline = Build(
            new PlacementOptions { EnabledPolicies = ["high", "low"], Weights = new Dictionary<string, double> { ["high"] = 1, ["low"] = 3 } },
            new CountingPolicy("high", () => { }, 1),
            new CountingPolicy("low", () => { }, 0.5));
        var request = Request("lb1");
        var snapshot = Snapshot(Device("d1"));

        pipeline.Judge(request, null, snapshot, out var score, out _).Should().BeTrue();

        score.Should().BeApproximately((1 * 1 + 3 * 0.5) / 4, 1e-12);
        var shares = pipeline.Explain(request, snapshot);
        shares["high"].Should().BeApproximately(0.25, 1e-12);
        shares["low"].Should().BeApproximately(0.375, 1e-12);
        shares.Values.Sum().Should().BeApproximately(score, 1e-12);
    }

    private sealed class CountingPolicy(string name, Action onEvaluate, double score) : IPlacementPolicy
    {
        public string Name => name;

        public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
        {
            onEvaluate();
            return PlacementVerdict.Accept(score);
        }
    }
}
