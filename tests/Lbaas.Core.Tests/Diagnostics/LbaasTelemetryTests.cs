using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lbaas.Core.Tests.Infrastructure;

namespace Lbaas.Core.Tests.Diagnostics;

public sealed class LbaasTelemetryTests
{
    [Fact]
    public async Task CreateLoadBalancer_counts_the_placement_and_the_agent_operation_and_traces_the_call()
    {
        var measurements = new ConcurrentQueue<string>();
        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Lbaas")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            var text = instrument.Name;
            foreach (var tag in tags)
            {
                text += $" {tag.Key}={tag.Value}";
            }

            measurements.Enqueue(text);
        });
        meterListener.Start();
        var activities = new ConcurrentQueue<string>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Lbaas",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => activities.Enqueue(activity.OperationName),
        };
        ActivitySource.AddActivityListener(activityListener);
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");

        await host.CreateActiveLoadBalancerAsync();

        measurements.Should().Contain("lbaas.placements lbaas.placement.outcome=placed");
        measurements.Should().Contain("lbaas.agent.operations lbaas.object.type=LoadBalancer lbaas.agent.action=Create");
        activities.Should().Contain("lbaas.create_loadbalancer");
    }
}
